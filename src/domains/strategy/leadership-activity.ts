import { sql } from 'drizzle-orm';
import { type ActivityWindow, bucketOf, byPeople, mergeBuckets, within } from '../../db/activity-window.ts';
import { type Db, query } from '../../db/client.ts';

/**
 * The strategy domain's part of the leadership scorecard, per person and bucket of an activity
 * window: `announcements` the person published (strategy versions, priorities, announcements), and
 * how their teams (the teams they manage and those below) answered requests to acknowledge
 * published in the bucket: `asked` people-times, of which `acknowledged` so far. A person asked
 * counts for the team they were in when asked (strategy_acknowledgements.team_id).
 */
export interface CommunicationActivity {
  person_id: string;
  bucket: string;
  announcements: number;
  asked: number;
  acknowledged: number;
}

export async function communicationActivity(
  db: Db,
  orgId: string,
  w: ActivityWindow,
): Promise<CommunicationActivity[]> {
  if (w.personIds.length === 0) return [];
  const asked = sql`(ack.announcement_id, ack.employee_id)`;
  return query<CommunicationActivity>(
    db,
    mergeBuckets(
      {
        published: sql`select a.published_by as person_id, ${bucketOf(sql`a.published_at`, w)} as bucket,
            count(*)::int as announcements
          from strategy_announcements a where a.org_id = ${orgId} and ${byPeople(sql`a.published_by`, w)}
            and ${within(sql`a.published_at`, w)}
          group by 1, 2`,
        reach: sql`select tm.employee_id as person_id, ${bucketOf(sql`a.published_at`, w)} as bucket,
            count(distinct ${asked})::int as asked,
            count(distinct ${asked}) filter (where ack.acknowledged_at is not null)::int as acknowledged
          from strategy_acknowledgements ack
          join strategy_announcements a on a.org_id = ack.org_id and a.id = ack.announcement_id
          join teams t on t.org_id = ack.org_id and t.id = ack.team_id
          left join teams p on p.org_id = t.org_id and p.id = t.parent_id
          join team_managers tm on tm.org_id = ack.org_id and tm.team_id in (t.id, p.id, p.parent_id)
          where ack.org_id = ${orgId} and a.requires_acknowledgement and ${byPeople(sql`tm.employee_id`, w)}
            and ${within(sql`a.published_at`, w)}
          group by 1, 2`,
      },
      'coalesce(announcements, 0) as announcements, coalesce(asked, 0) as asked, coalesce(acknowledged, 0) as acknowledged',
    ),
  );
}
