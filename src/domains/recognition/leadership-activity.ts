import { sql } from 'drizzle-orm';
import { type ActivityWindow, bucketOf, byPeople, mergeBuckets, within } from '../../db/activity-window.ts';
import { type Db, query } from '../../db/client.ts';

/**
 * What people did to recognise, give feedback to and coach others, per person and bucket of an
 * activity window: the recognition domain's part of the leadership scorecard. Counts and timing
 * only, never what was said (feedback and 1:1s stay private to the people in them).
 */
export interface RecognitionActivity {
  person_id: string;
  bucket: string;
  kudos: number;
  effort_kudos: number;
  feedback: number;
  /** Feedback tied to evidence with a known time, and the median hours from evidence to feedback. */
  timed_feedback: number;
  median_hours: number | null;
  one_on_ones: number;
}

export async function recognitionActivity(
  db: Db,
  orgId: string,
  w: ActivityWindow,
): Promise<RecognitionActivity[]> {
  if (w.personIds.length === 0) return [];
  const hours = sql`(extract(epoch from (f.created_at - f.evidence_at)) / 3600.0)::float8`;
  return query<RecognitionActivity>(
    db,
    mergeBuckets(
      {
        kudos_given: sql`select k.giver_id as person_id, ${bucketOf(sql`k.created_at`, w)} as bucket,
            count(*)::int as kudos, count(*) filter (where k.kind = 'effort')::int as effort_kudos
          from kudos k where k.org_id = ${orgId} and ${byPeople(sql`k.giver_id`, w)} and ${within(sql`k.created_at`, w)}
          group by 1, 2`,
        feedback_given: sql`select f.giver_id as person_id, ${bucketOf(sql`f.created_at`, w)} as bucket,
            count(*)::int as feedback, count(f.evidence_at)::int as timed_feedback,
            percentile_cont(0.5) within group (order by ${hours}) as median_hours
          from feedback f where f.org_id = ${orgId} and ${byPeople(sql`f.giver_id`, w)} and ${within(sql`f.created_at`, w)}
          group by 1, 2`,
        held: sql`select o.manager_id as person_id, ${bucketOf(sql`o.held_at`, w)} as bucket, count(*)::int as one_on_ones
          from one_on_ones o where o.org_id = ${orgId} and ${byPeople(sql`o.manager_id`, w)}
            and o.held_at is not null and ${within(sql`o.held_at`, w)}
          group by 1, 2`,
      },
      `coalesce(kudos, 0) as kudos, coalesce(effort_kudos, 0) as effort_kudos, coalesce(feedback, 0) as feedback,
        coalesce(timed_feedback, 0) as timed_feedback, median_hours, coalesce(one_on_ones, 0) as one_on_ones`,
    ),
  );
}
