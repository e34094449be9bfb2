import { sql } from 'drizzle-orm';
import { type ActivityWindow, bucketOf, byPeople, mergeBuckets, within } from '../../db/activity-window.ts';
import { type Db, query } from '../../db/client.ts';

/**
 * What people did for unhappy customers, per person and bucket of an activity window: the cases
 * domain's part of the leadership scorecard.
 * - `owned`: cases opened in the bucket that the person owns now;
 * - `resolved`: cases the person owns that were resolved in the bucket;
 * - `stepped_in`: colleagues' cases the person worked on (a note, a contact, a status change, a
 *   goodwill gesture, a reassignment or root causes): a leader unblocking a case they do not own.
 */
export interface CaseActivity {
  person_id: string;
  bucket: string;
  owned: number;
  resolved: number;
  stepped_in: number;
}

const WORK = ['note', 'contact', 'status', 'goodwill', 'assigned', 'root_causes'];

export async function caseActivity(db: Db, orgId: string, w: ActivityWindow): Promise<CaseActivity[]> {
  if (w.personIds.length === 0) return [];
  return query<CaseActivity>(
    db,
    mergeBuckets(
      {
        owned: sql`select c.owner_id as person_id, ${bucketOf(sql`c.opened_at`, w)} as bucket, count(*)::int as owned
          from cases c where c.org_id = ${orgId} and ${byPeople(sql`c.owner_id`, w)} and ${within(sql`c.opened_at`, w)}
          group by 1, 2`,
        resolved: sql`select c.owner_id as person_id, ${bucketOf(sql`c.resolved_at`, w)} as bucket, count(*)::int as resolved
          from cases c where c.org_id = ${orgId} and ${byPeople(sql`c.owner_id`, w)}
            and c.resolved_at is not null and ${within(sql`c.resolved_at`, w)}
          group by 1, 2`,
        stepped_in: sql`select e.actor_id as person_id, ${bucketOf(sql`e.at`, w)} as bucket,
            count(distinct e.case_id)::int as stepped_in
          from case_events e join cases c on c.org_id = e.org_id and c.id = e.case_id
          where e.org_id = ${orgId} and ${byPeople(sql`e.actor_id`, w)} and ${within(sql`e.at`, w)}
            and e.kind = any(${sql.param(WORK)}::text[]) and c.owner_id is distinct from e.actor_id
          group by 1, 2`,
      },
      'coalesce(owned, 0) as owned, coalesce(resolved, 0) as resolved, coalesce(stepped_in, 0) as stepped_in',
    ),
  );
}
