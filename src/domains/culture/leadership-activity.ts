import { sql } from 'drizzle-orm';
import { type ActivityWindow, bucketOf, byPeople, mergeBuckets, within } from '../../db/activity-window.ts';
import { type Db, query } from '../../db/client.ts';

/**
 * Actions people took on what their teams said ("you said, we did"), per person and bucket of an
 * activity window: the culture domain's part of the leadership scorecard. `planned`: action plans
 * the person owns, created in the bucket; `updates`: progress updates they wrote; `done`: plans
 * they own that were completed in the bucket. Action plans are about a team's results, never about
 * a respondent, so counting them reveals nothing of the anonymous answers.
 */
export interface ActionPlanActivity {
  person_id: string;
  bucket: string;
  planned: number;
  updates: number;
  done: number;
}

export async function actionPlanActivity(
  db: Db,
  orgId: string,
  w: ActivityWindow,
): Promise<ActionPlanActivity[]> {
  if (w.personIds.length === 0) return [];
  return query<ActionPlanActivity>(
    db,
    mergeBuckets(
      {
        planned: sql`select p.owner_id as person_id, ${bucketOf(sql`p.created_at`, w)} as bucket, count(*)::int as planned
          from action_plans p where p.org_id = ${orgId} and ${byPeople(sql`p.owner_id`, w)} and ${within(sql`p.created_at`, w)}
          group by 1, 2`,
        updated: sql`select u.author_id as person_id, ${bucketOf(sql`u.created_at`, w)} as bucket, count(*)::int as updates
          from action_plan_updates u where u.org_id = ${orgId} and ${byPeople(sql`u.author_id`, w)}
            and ${within(sql`u.created_at`, w)}
          group by 1, 2`,
        completed: sql`select p.owner_id as person_id, ${bucketOf(sql`p.completed_at`, w)} as bucket, count(*)::int as done
          from action_plans p where p.org_id = ${orgId} and ${byPeople(sql`p.owner_id`, w)}
            and p.status = 'done' and p.completed_at is not null and ${within(sql`p.completed_at`, w)}
          group by 1, 2`,
      },
      'coalesce(planned, 0) as planned, coalesce(updates, 0) as updates, coalesce(done, 0) as done',
    ),
  );
}
