import { sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { getEmployee } from '../people/employees.service.ts';
import { listTeams } from '../people/teams.service.ts';
import { feedbackForProfile } from './feedback.service.ts';
import { pointsReceived } from './kudos.service.ts';
import { selectPraise } from './praise.service.ts';
import type { BoardsView, ProfileView } from './recognition.api.ts';
import { loadStories, withReactions } from './wall.service.ts';

/**
 * A person's recognition profile: kudos received, customer praise, points, and, for the person
 * and their managers only, their private feedback.
 */
export async function getProfile(ctx: Ctx, employeeId: string): Promise<ProfileView> {
  authorize(ctx, 'recognition:read');
  const employee = await getEmployee(ctx, employeeId);
  const teams = (await listTeams(ctx)).filter((t) => employee.teamIds.includes(t.id));
  const viewer = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const [stories, praise, received, feedback, counts] = await Promise.all([
    loadStories(ctx.db, ctx.orgId, { type: 'kudos', employeeId }, 50),
    selectPraise(ctx.db, ctx.orgId, sql`p.employee_id = ${employeeId} and p.status <> 'dismissed'`, 50),
    pointsReceived(ctx.db, ctx.orgId, employeeId),
    feedbackForProfile(ctx, employeeId),
    query<{ kudos: number; effort: number; praise: number }>(
      ctx.db,
      sql`select
            (select count(*)::int from kudos_recipients r where r.org_id = ${ctx.orgId} and r.employee_id = ${employeeId}) as kudos,
            (select count(*)::int from kudos_recipients r join kudos k on k.org_id = r.org_id and k.id = r.kudos_id
              where r.org_id = ${ctx.orgId} and r.employee_id = ${employeeId} and k.kind = 'effort') as effort,
            (select count(*)::int from customer_praise p where p.org_id = ${ctx.orgId} and p.employee_id = ${employeeId}
              and p.status <> 'dismissed') as praise`,
    ),
  ]);
  const c = counts[0] ?? { kudos: 0, effort: 0, praise: 0 };
  return {
    employee: { id: employee.id, name: employee.name, teams: teams.map((t) => ({ id: t.id, name: t.name })) },
    points: { received },
    kudosReceived: await withReactions(ctx.db, ctx.orgId, viewer, stories),
    praise,
    feedback,
    counts: { kudos: c.kudos, effortKudos: c.effort, praise: c.praise },
  };
}

/**
 * Boards: most recognised for effort, most helpful colleague (kudos tagged "helped a colleague"),
 * most praised by customers. Nobody is ranked on fewer than `minN` items, so one lucky kudos does
 * not top a board; ties share the count and are ordered by name.
 */
export async function getBoards(
  ctx: Ctx,
  q: { days: number; minN: number },
  now = new Date(),
): Promise<BoardsView> {
  authorize(ctx, 'recognition:read');
  const since = new Date(now.getTime() - q.days * 86_400_000).toISOString();
  const board = (counted: ReturnType<typeof sql>) =>
    query<{ id: string; name: string; n: number }>(
      ctx.db,
      sql`select e.id, e.name, x.n from (${counted}) x
          join employees e on e.org_id = ${ctx.orgId} and e.id = x.employee_id and e.active
          where x.n >= ${q.minN} order by x.n desc, e.name limit 10`,
    );
  const [effort, helpful, praised] = await Promise.all([
    board(sql`select r.employee_id, count(*)::int as n from kudos_recipients r
      join kudos k on k.org_id = r.org_id and k.id = r.kudos_id
      where r.org_id = ${ctx.orgId} and k.kind = 'effort' and k.created_at >= ${since}::timestamptz group by r.employee_id`),
    board(sql`select r.employee_id, count(*)::int as n from kudos_recipients r
      join kudos k on k.org_id = r.org_id and k.id = r.kudos_id
      where r.org_id = ${ctx.orgId} and k.created_at >= ${since}::timestamptz
        and exists (select 1 from unnest(k.value_tags) v where lower(v) = 'helped a colleague')
      group by r.employee_id`),
    board(sql`select p.employee_id, count(*)::int as n from customer_praise p
      where p.org_id = ${ctx.orgId} and p.status <> 'dismissed' and p.praised_at >= ${since}::timestamptz
      group by p.employee_id`),
  ]);
  const entries = (rows: { id: string; name: string; n: number }[]) =>
    rows.map((r) => ({ employee: { id: r.id, name: r.name }, count: r.n }));
  return {
    days: q.days,
    minN: q.minN,
    effort: entries(effort),
    helpful: entries(helpful),
    praised: entries(praised),
  };
}
