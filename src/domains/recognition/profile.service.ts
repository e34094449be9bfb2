import { sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import { rankFairly } from '../analytics/fair-ranking.ts';
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

/** On the customers' board, nobody is ranked on fewer responses served than this. */
export const MIN_SERVED_FOR_PRAISE_BOARD = 10;

/**
 * Boards: most recognised for effort, most helpful colleague (kudos tagged "helped a colleague"),
 * most praised by customers. Nobody is ranked on fewer than `minN` items, so one lucky kudos does
 * not top a board; ties share the count and are ordered by name. The customers' board is fair to
 * workload: it ranks each person's praise rate (praises per response they served) shrunk toward the
 * organisation's rate by the analytics fair ranking, so someone who served ten customers is not
 * beaten by volume alone, and three praises out of three answers do not top it either.
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
    query<{ id: string; name: string; served: number; praised: number }>(
      ctx.db,
      sql`select e.id, e.name,
            (select count(*)::int from response_employees re join responses r on r.org_id = re.org_id and r.id = re.response_id
              where re.org_id = e.org_id and re.employee_id = e.id and r.submitted_at >= ${since}::timestamptz) as served,
            (select count(*)::int from customer_praise p where p.org_id = e.org_id and p.employee_id = e.id
              and p.status <> 'dismissed' and p.praised_at >= ${since}::timestamptz) as praised
          from employees e where e.org_id = ${ctx.orgId} and e.active`,
    ),
  ]);
  const entries = (rows: { id: string; name: string; n: number }[]) =>
    rows.map((r) => ({ employee: { id: r.id, name: r.name }, count: r.n, served: null, rate: null }));
  return {
    days: q.days,
    minN: q.minN,
    effort: entries(effort),
    helpful: entries(helpful),
    praised: praiseBoard(praised, q.minN),
  };
}

/** The customers' board: praise rates shrunk toward the organisation's, best first (see getBoards). */
function praiseBoard(rows: { id: string; name: string; served: number; praised: number }[], minN: number) {
  // Praise can name someone who is not attributed on the response: count it as served too.
  const people = rows
    .map((r) => ({ ...r, served: Math.max(r.served, r.praised) }))
    .filter((r) => r.served > 0);
  const ranking = rankFairly(
    people.map((r) => ({
      id: r.id,
      groupId: null,
      moments: { n: r.served, sum: r.praised, sumSq: r.praised },
    })),
    { metric: 'score', minN: MIN_SERVED_FOR_PRAISE_BOARD, prior: 'organisation', minSample: 1 },
  );
  const shrunk = new Map(ranking.scores.map((s) => [s.id, s.rank === null ? null : s.shrunk]));
  return people
    .filter((r) => r.praised >= minN && shrunk.get(r.id) != null)
    .sort((a, b) => (shrunk.get(b.id) ?? 0) - (shrunk.get(a.id) ?? 0) || a.name.localeCompare(b.name))
    .slice(0, 10)
    .map((r) => ({
      employee: { id: r.id, name: r.name },
      count: r.praised,
      served: r.served,
      rate: Math.round((shrunk.get(r.id) ?? 0) * 1000) / 10,
    }));
}
