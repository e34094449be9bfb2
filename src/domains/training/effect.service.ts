import { sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { AnalyticsFilters } from '../analytics/analytics.api.ts';
import { estimateOf, toEstimateView } from '../analytics/figures.ts';
import { addDays, organisationClock, resolveScope } from '../analytics/scope.ts';
import { compareEstimates, type Estimate, type Metric } from '../analytics/statistics.ts';
import { kindOfMetric, readTallies, sumBy } from '../analytics/tallies.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { teamAndBelow } from '../recognition/managers.ts';
import { loadModule } from './catalogue.service.ts';
import type { EffectQuery, EffectView } from './training.api.ts';

/**
 * Did a module make a difference? The customer scores of the team (with its sub-teams) or the
 * employee in the N weeks before the module was completed against the N weeks after, read from the
 * analytics rollups and compared with analytics' own test, so "significant" means what it means on
 * the dashboards: both periods reach the minimum sample and the change is beyond chance at 5 %.
 * Before and after is not cause and effect: the page says so.
 */
export async function moduleEffect(ctx: Ctx, moduleId: string, q: EffectQuery): Promise<EffectView> {
  authorize(ctx, 'training:progress');
  authorize(ctx, 'analytics:read');
  await loadModule(ctx.db, ctx.orgId, moduleId);
  if ((q.teamId === undefined) === (q.employeeId === undefined))
    throw invalid('Give a team or an employee', { field: 'teamId' });
  const { timeZone, today } = await organisationClock(ctx.db, ctx.orgId);
  const subject = q.employeeId
    ? await completionOfEmployee(ctx.db, ctx.orgId, moduleId, q.employeeId, timeZone)
    : await completionOfTeam(ctx.db, ctx.orgId, moduleId, q.teamId ?? '', timeZone);
  const base = {
    moduleId,
    scope: subject.scope,
    completedOn: subject.completedOn,
    weeks: q.weeks,
    metric: q.metric,
  };
  const none = (note: string): EffectView => ({
    ...base,
    before: null,
    after: null,
    change: null,
    pValue: null,
    significant: false,
    direction: 'unchanged',
    note,
  });
  if (!subject.completedOn) return none(subject.why);
  const days = q.weeks * 7;
  const before = { from: addDays(subject.completedOn, -days), to: addDays(subject.completedOn, -1) };
  const afterEnd = addDays(subject.completedOn, days);
  if (addDays(subject.completedOn, 1) > today) return none('Completed today: there is no "after" yet.');
  const after = { from: addDays(subject.completedOn, 1), to: afterEnd < today ? afterEnd : today };
  const scoreOf = async (period: { from: string; to: string }): Promise<Estimate> => {
    const scope = await resolveScope(
      ctx.db,
      ctx.orgId,
      AnalyticsFilters.parse({
        ...period,
        ...(q.teamId ? { teamId: q.teamId } : {}),
        minSample: q.minSample,
      }),
    );
    const rows = await readTallies(ctx.db, scope, {
      bucket: 'total',
      by: 'none',
      kind: kindOfMetric(q.metric as Metric),
      ...(q.employeeId ? { employeeId: q.employeeId } : {}),
    });
    return estimateOf(sumBy(rows, () => 'all').get('all'), q.metric, q.minSample);
  };
  const [b, a] = [await scoreOf(before), await scoreOf(after)];
  const comparison = compareEstimates(b, a);
  return {
    ...base,
    before: { ...before, estimate: toEstimateView(b) },
    after: { ...after, estimate: toEstimateView(a) },
    change: comparison.change === null ? null : Math.round(comparison.change * 100) / 100,
    pValue: comparison.pValue === null ? null : Math.round(comparison.pValue * 10_000) / 10_000,
    significant: comparison.significant,
    direction: comparison.direction,
    note:
      after.to < afterEnd
        ? `The ${q.weeks} weeks after completion are not over yet: "after" runs to ${after.to}.`
        : null,
  };
}

interface Completion {
  scope: EffectView['scope'];
  completedOn: string | null;
  why: string;
}

async function completionOfEmployee(
  db: Db,
  orgId: string,
  moduleId: string,
  employeeId: string,
  timeZone: string,
): Promise<Completion> {
  const [person] = await query<{ name: string; completed_on: string | null }>(
    db,
    sql`select coalesce(e.preferred_name, e.name) as name,
          (select (max(a.completed_at) at time zone ${timeZone})::date::text from training_assignments a
            where a.org_id = e.org_id and a.employee_id = e.id and a.module_id = ${moduleId}) as completed_on
        from employees e where e.org_id = ${orgId} and e.id = ${employeeId}`,
  );
  if (!person) throw notFound('Employee');
  return {
    scope: { type: 'employee', id: employeeId, name: person.name },
    completedOn: person.completed_on,
    why: 'Not completed yet.',
  };
}

/** A team completes a module on the day by which half of its members assigned it had completed it. */
async function completionOfTeam(
  db: Db,
  orgId: string,
  moduleId: string,
  teamId: string,
  timeZone: string,
): Promise<Completion> {
  const [team] = await query<{ name: string }>(
    db,
    sql`select name from teams where org_id = ${orgId} and id = ${teamId}`,
  );
  if (!team) throw notFound('Team');
  const people = await query<{ completed_on: string | null }>(
    db,
    sql`select (min(a.completed_at) at time zone ${timeZone})::date::text as completed_on
        from training_assignments a
        where a.org_id = ${orgId} and a.module_id = ${moduleId}
          and exists (select 1 from team_memberships m where m.org_id = a.org_id and m.employee_id = a.employee_id
            and m.ended_at is null and m.team_id in ${teamAndBelow(orgId, teamId)})
        group by a.employee_id`,
  );
  const scope = { type: 'team' as const, id: teamId, name: team.name };
  if (people.length === 0) return { scope, completedOn: null, why: 'Nobody in the team was assigned it.' };
  const done = people
    .map((p) => p.completed_on)
    .filter((d): d is string => d !== null)
    .sort();
  const half = Math.ceil(people.length / 2);
  return {
    scope,
    completedOn: done.length >= half ? (done[half - 1] ?? null) : null,
    why: `${done.length} of ${people.length} have completed it; it counts as completed when half have.`,
  };
}
