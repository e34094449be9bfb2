import { type SQL, sql } from 'drizzle-orm';

/**
 * A span of the organisation's local days, counted per month or as one total. Domains that report
 * what people did (kudos given, cases worked, announcements published, ...) take one, so the
 * leadership scorecard can ask each of them the same question without reading their tables.
 */
export interface ActivityWindow {
  /** First local day included, YYYY-MM-DD. */
  from: string;
  /** First local day NOT included. */
  until: string;
  timeZone: string;
  /** `month`: one row per person and month (its first day); `total`: one row per person. */
  grain: 'month' | 'total';
  /** Whose activity: the people asked about. */
  personIds: readonly string[];
}

/** The row key of a window: the local month's first day, or 'total'. */
export function bucketOf(instant: SQL, w: ActivityWindow): SQL<string> {
  return w.grain === 'total'
    ? sql<string>`'total'`
    : sql<string>`to_char(date_trunc('month', ${instant} at time zone ${w.timeZone}), 'YYYY-MM-DD')`;
}

/** The local days of a window (or of any span given as local days). */
export type LocalDays = Pick<ActivityWindow, 'from' | 'until' | 'timeZone'>;

/** The instant falls on one of the window's local days. */
export function within(instant: SQL, w: LocalDays): SQL {
  return sql`${instant} >= (${w.from}::date::timestamp at time zone ${w.timeZone})
    and ${instant} < (${w.until}::date::timestamp at time zone ${w.timeZone})`;
}

/** The person column is one of the window's people. */
export function byPeople(person: SQL, w: ActivityWindow): SQL {
  return sql`${person} = any(${sql.param([...w.personIds])}::uuid[])`;
}

/**
 * One row per person and bucket from several grouped counts, each a `select person_id, bucket, ...`
 * over its own table: the buckets any of them has, with each part's figures beside (null where a
 * part has no row; `figures` chooses the columns and their defaults, e.g. `coalesce(kudos, 0) as kudos`).
 */
export function mergeBuckets(parts: Record<string, SQL>, figures: string): SQL {
  const names = Object.keys(parts);
  const ctes = sql.join(
    names.map((n) => sql`${sql.identifier(n)} as (${parts[n]})`),
    sql`, `,
  );
  const keys = sql.join(
    names.map((n) => sql`select person_id, bucket from ${sql.identifier(n)}`),
    sql` union `,
  );
  const joins = sql.join(
    names.map((n) => sql`left join ${sql.identifier(n)} using (person_id, bucket)`),
    sql` `,
  );
  return sql`with ${ctes}, bucket_keys as (${keys})
    select person_id, bucket, ${sql.raw(figures)} from bucket_keys ${joins}`;
}
