import { type Db, query, sql } from '../db/client.ts';
import { type Clock, enqueue, realClock } from './jobs.ts';

/**
 * Daily jobs: one job per organisation and local day, due at `hour`:00 in the organisation's time
 * zone (singleton key = the day). Each run enqueues the next day's first, so a failing run cannot
 * stop the ones after it.
 */
export async function enqueueDailyRun(
  db: Db,
  orgId: string,
  queue: string,
  day: string,
  hour: number,
): Promise<void> {
  const [due] = await query<{ at: Date | string }>(
    db,
    sql`select ((${day}::date + make_interval(hours => ${hour})) at time zone time_zone) as at
        from organisations where id = ${orgId}`,
  );
  if (!due) return;
  await enqueue(db, { orgId, queue, payload: { day }, runAt: new Date(due.at), singletonKey: day });
}

/** Tomorrow (local) of every organisation, or of one: where a daily job's first run goes. */
export async function tomorrowOfOrganisations(
  db: Db,
  clock: Clock = realClock,
  orgId?: string,
): Promise<{ id: string; tomorrow: string }[]> {
  return query<{ id: string; tomorrow: string }>(
    db,
    sql`select id, ((${clock.now().toISOString()}::timestamptz at time zone time_zone)::date + 1)::text as tomorrow
        from organisations ${orgId ? sql`where id = ${orgId}` : sql``}`,
  );
}
