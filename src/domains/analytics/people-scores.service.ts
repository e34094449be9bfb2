import { sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import { forbidden, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can } from '../auth/context.ts';
import type {
  EmployeeMonthlyQuery,
  EmployeeMonthlyView,
  EmployeeScoresView,
  EmployeesQuery,
  TeamComparisonView,
  TeamsQuery,
} from './analytics.api.ts';
import { NO_TEAM } from './analytics.tables.ts';
import { rankFairly } from './fair-ranking.ts';
import { estimateOf, toEstimateView, viewOf } from './figures.ts';
import { appliedFilters, periodsOf, resolveScope, type Scope } from './scope.ts';
import { addTally, emptyTally, fieldsOfMetric, momentsOf, round, type Tally } from './statistics.ts';
import { kindOfMetric, readTallies, sumBy, type TallyRow } from './tallies.ts';

const teamIdOrNull = (id: string | null | undefined) => (!id || id === NO_TEAM ? null : id);

/**
 * Team comparison: every team's score by week or month and over the whole range, with teams
 * ranked on empirical-Bayes estimates shrunk toward the organisation's mean (fair-ranking.ts);
 * teams under the minimum sample are listed, unranked.
 */
export async function getTeamComparison(ctx: Ctx, q: TeamsQuery): Promise<TeamComparisonView> {
  authorize(ctx, 'analytics:read');
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const [rows, teams] = await Promise.all([
    readTallies(ctx.db, scope, {
      bucket: q.interval,
      by: 'team',
      kind: kindOfMetric(q.metric),
      fields: fieldsOfMetric(q.metric),
    }),
    query<TeamRow>(
      ctx.db,
      sql`select id, name, kind from teams where org_id = ${ctx.orgId} order by lower(name), id`,
    ),
  ]);
  return teamComparisonOf(scope, q, rows, teams);
}

type TeamRow = { id: string; name: string; kind: string };

/**
 * The team comparison view of the scope's tallies by period and team (no database access). It
 * takes the rows' tallies over: a cell's tally is the row's own, and a second row of the cell is
 * added into it.
 */
function teamComparisonOf(
  scope: Scope,
  q: TeamsQuery,
  rows: readonly TallyRow[],
  teams: readonly TeamRow[],
): TeamComparisonView {
  // Each team's sums per period (nested maps, no composite string keys), then its total from those.
  // One kind's rows are one per period and team, so each row's tally is kept, not copied: the copies
  // were the largest single cost of building this view in a CPU profile.
  const byTeamPeriod = new Map<string, Map<string | null, Tally>>();
  for (const r of rows) {
    const team = r.key ?? NO_TEAM;
    let periods = byTeamPeriod.get(team);
    if (!periods) {
      periods = new Map();
      byTeamPeriod.set(team, periods);
    }
    const cell = periods.get(r.bucket);
    if (cell) addTally(cell, r.tally);
    else periods.set(r.bucket, r.tally);
  }
  const totals = new Map<string, Tally>();
  for (const [team, periods] of byTeamPeriod) {
    const total = emptyTally();
    for (const tally of periods.values()) addTally(total, tally);
    totals.set(team, total);
  }
  const inScope = (id: string) => !scope.teamIds || scope.teamIds.includes(id);
  const names = new Map(teams.map((t) => [t.id, t.name]));
  // Every team in scope that serves customers (not departments), and any team with answers.
  const listed = teams.filter((t) => t.kind !== 'department' && inScope(t.id)).map((t) => t.id);
  const teamKeys = [...new Set([...listed, ...totals.keys()])];
  const ranking = rankFairly(
    teamKeys.map((id) => ({
      id,
      groupId: null,
      moments: momentsOf(totals.get(id) ?? emptyTally(), q.metric),
    })),
    { metric: q.metric, minN: scope.minSample, prior: 'organisation', minSample: scope.minSample },
  );
  const periods = periodsOf(q.interval, scope.from, scope.until);
  return {
    filters: appliedFilters(scope),
    metric: q.metric,
    periods,
    teams: ranking.scores
      .map((s) => {
        const cells = byTeamPeriod.get(s.id);
        return {
          teamId: teamIdOrNull(s.id),
          name: names.get(s.id) ?? (s.id === NO_TEAM ? 'No team' : 'Other team'),
          raw: toEstimateView(s.raw),
          shrunk: round(s.shrunk),
          priorMean: round(s.priorMean),
          rank: s.rank,
          series: periods.map((period) => ({
            period,
            estimate: viewOf(cells?.get(period), q.metric, scope.minSample),
          })),
        };
      })
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name)),
  };
}

/**
 * Employee scores, fairly ranked: each person's raw score, n and interval, and the empirical-Bayes
 * estimate shrunk toward their team's mean (the team most of their answers came through) or the
 * organisation's; nobody with fewer than `minN` answers is ranked.
 */
export async function getEmployeeScores(ctx: Ctx, q: EmployeesQuery): Promise<EmployeeScoresView> {
  authorize(ctx, 'analytics:read');
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const [rows, people, teams] = await Promise.all([
    readTallies(ctx.db, scope, { bucket: 'total', by: 'employee-team', kind: kindOfMetric(q.metric) }),
    query<{ id: string; name: string }>(
      ctx.db,
      sql`select id, coalesce(preferred_name, name) as name from employees where org_id = ${ctx.orgId}`,
    ),
    query<{ id: string; name: string }>(ctx.db, sql`select id, name from teams where org_id = ${ctx.orgId}`),
  ]);
  const perEmployee = new Map<string, { tally: Tally; team: string; teamN: number }>();
  for (const [key, tally] of sumBy(rows, (r) => r.key ?? '')) {
    const [employeeId = '', teamId = NO_TEAM] = key.split('|');
    const entry = perEmployee.get(employeeId) ?? { tally: emptyTally(), team: teamId, teamN: -1 };
    addTally(entry.tally, tally);
    if (tally.responses > entry.teamN) {
      entry.team = teamId;
      entry.teamN = tally.responses;
    }
    perEmployee.set(employeeId, entry);
  }
  const ranking = rankFairly(
    [...perEmployee.entries()].map(([id, e]) => ({
      id,
      groupId: e.team,
      moments: momentsOf(e.tally, q.metric),
    })),
    {
      metric: q.metric,
      minN: q.minN,
      prior: q.prior === 'team' ? 'group' : 'organisation',
      minSample: scope.minSample,
    },
  );
  const names = new Map(people.map((p) => [p.id, p.name]));
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  return {
    filters: appliedFilters(scope),
    metric: q.metric,
    minN: q.minN,
    prior: q.prior,
    organisationMean: round(ranking.organisationMean),
    employees: ranking.scores
      .map((s) => ({
        employeeId: s.id,
        name: names.get(s.id) ?? 'Unknown',
        teamId: teamIdOrNull(s.groupId),
        teamName: teamNames.get(s.groupId ?? '') ?? null,
        raw: toEstimateView(s.raw),
        shrunk: round(s.shrunk),
        priorMean: round(s.priorMean),
        rank: s.rank,
      }))
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || b.raw.n - a.raw.n || a.name.localeCompare(b.name)),
  };
}

/** One person's monthly scores with intervals. People may always see their own. */
export async function getEmployeeMonthly(
  ctx: Ctx,
  employeeId: string,
  q: EmployeeMonthlyQuery,
): Promise<EmployeeMonthlyView> {
  const self = ctx.actor.type === 'user' && ctx.actor.employeeId === employeeId;
  if (!self && !can(ctx.actor, 'analytics:read'))
    throw forbidden('This needs the "analytics:read" permission');
  const [person] = await query<{ name: string }>(
    ctx.db,
    sql`select coalesce(preferred_name, name) as name from employees where org_id = ${ctx.orgId} and id = ${employeeId}`,
  );
  if (!person) throw notFound('Employee');
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const rows = await readTallies(ctx.db, scope, {
    bucket: 'month',
    by: 'none',
    employeeId,
    kind: kindOfMetric(q.metric),
  });
  const byMonth = sumBy(rows, (r) => r.bucket);
  return {
    filters: appliedFilters(scope),
    metric: q.metric,
    employeeId,
    name: person.name,
    total: toEstimateView(estimateOf(sumBy(rows, () => 'all').get('all'), q.metric, scope.minSample)),
    months: periodsOf('month', scope.from, scope.until).map((period) => ({
      period,
      estimate: viewOf(byMonth.get(period), q.metric, scope.minSample),
    })),
  };
}
