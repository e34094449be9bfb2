import { and, asc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { assertTeamExists } from '../people/teams.service.ts';
import type {
  CreateTargetInput,
  TargetProgressView,
  TargetView,
  UpdateTargetInput,
} from './analytics.api.ts';
import { analyticsTargets } from './analytics.tables.ts';
import { estimateOf, toEstimateView } from './figures.ts';
import {
  addMonths,
  daysBetween,
  monthStart,
  organisationBasis,
  periodsOf,
  type Scope,
  teamAndDescendants,
} from './scope.ts';
import { projectTrend, round } from './statistics.ts';
import { readTallies, sumBy } from './tallies.ts';

type TargetRow = typeof analyticsTargets.$inferSelect;

const toView = (t: TargetRow): TargetView => ({
  id: t.id,
  name: t.name,
  metric: t.metric,
  scope: t.teamId ? 'team' : 'org',
  teamId: t.teamId,
  comparator: t.comparator,
  value: t.value,
  dueDate: t.dueDate,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

async function findTarget(ctx: Ctx, id: string): Promise<TargetRow> {
  const [row] = await ctx.db
    .select()
    .from(analyticsTargets)
    .where(and(eq(analyticsTargets.orgId, ctx.orgId), eq(analyticsTargets.id, id)));
  if (!row) throw notFound('Target');
  return row;
}

export async function createTarget(ctx: Ctx, input: CreateTargetInput): Promise<TargetProgressView> {
  authorize(ctx, 'analytics:manage');
  if (input.teamId) await assertTeamExists(ctx.db, ctx.orgId, input.teamId);
  checkRange(input.metric, input.value);
  const [row] = await ctx.db
    .insert(analyticsTargets)
    .values({
      orgId: ctx.orgId,
      id: uuidv7(),
      name: input.name ?? null,
      metric: input.metric,
      teamId: input.scope === 'team' ? (input.teamId ?? null) : null,
      comparator: input.comparator,
      value: input.value,
      dueDate: input.dueDate,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return progressOf(ctx, row);
}

function checkRange(metric: TargetRow['metric'], value: number) {
  if (metric === 'ces' && (value < 1 || value > 7))
    throw invalid('A CES target is on the 1–7 effort scale', { field: 'value' });
  if (metric === 'csat' && value < 0)
    throw invalid('A CSAT target is a percentage, 0–100', { field: 'value' });
}

export async function updateTarget(
  ctx: Ctx,
  id: string,
  input: UpdateTargetInput,
): Promise<TargetProgressView> {
  authorize(ctx, 'analytics:manage');
  const existing = await findTarget(ctx, id);
  if (input.value !== undefined) checkRange(existing.metric, input.value);
  const [row] = await ctx.db
    .update(analyticsTargets)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.comparator ? { comparator: input.comparator } : {}),
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.dueDate ? { dueDate: input.dueDate } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(analyticsTargets.orgId, ctx.orgId), eq(analyticsTargets.id, id)))
    .returning();
  if (!row) throw notFound('Target');
  return progressOf(ctx, row);
}

export async function deleteTarget(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'analytics:manage');
  await findTarget(ctx, id);
  await ctx.db
    .delete(analyticsTargets)
    .where(and(eq(analyticsTargets.orgId, ctx.orgId), eq(analyticsTargets.id, id)));
}

export async function getTarget(ctx: Ctx, id: string): Promise<TargetProgressView> {
  authorize(ctx, 'analytics:read');
  return progressOf(ctx, await findTarget(ctx, id));
}

/** Targets with their progress; `teamId` undefined = all, null = organisation targets only. */
export async function listTargets(ctx: Ctx, teamId?: string | null): Promise<TargetProgressView[]> {
  authorize(ctx, 'analytics:read');
  const rows = await ctx.db
    .select()
    .from(analyticsTargets)
    .where(
      and(
        eq(analyticsTargets.orgId, ctx.orgId),
        teamId === undefined
          ? undefined
          : teamId === null
            ? isNull(analyticsTargets.teamId)
            : eq(analyticsTargets.teamId, teamId),
      ),
    )
    .orderBy(asc(analyticsTargets.dueDate), asc(analyticsTargets.id));
  const views: TargetProgressView[] = [];
  for (const row of rows) views.push(await progressOf(ctx, row));
  return views;
}

const MONTH_DAYS = 30.436875;
const meets = (comparator: TargetRow['comparator'], value: number, target: number) =>
  comparator === '>=' ? value >= target : value <= target;

/**
 * Where a target stands: the metric over the last three months, its monthly trend over the last
 * twelve, and a weighted linear projection to the due date with a 95 % interval. On track when the
 * whole interval meets the target, off track when none of it does, uncertain in between.
 */
async function progressOf(ctx: Ctx, target: TargetRow): Promise<TargetProgressView> {
  const { timeZone, today, surveys } = await organisationBasis(ctx.db, ctx.orgId);
  const until = addMonths(monthStart(today), 1);
  const scope: Scope = {
    orgId: ctx.orgId,
    timeZone,
    from: addMonths(until, -12),
    until,
    teamIds: target.teamId ? await teamAndDescendants(ctx.db, ctx.orgId, target.teamId) : null,
    teamId: target.teamId,
    channel: null,
    surveyId: null,
    segment: null,
    minSample: 30,
    surveys,
  };
  const rows = await readTallies(ctx.db, scope, { bucket: 'month', by: 'none', kind: target.metric });
  const byMonth = sumBy(rows, (r) => r.bucket);
  const months = periodsOf('month', scope.from, scope.until);
  const recent = months.slice(-3);
  const current = estimateOf(
    sumBy(
      rows.filter((r) => r.bucket !== null && recent.includes(r.bucket)),
      () => 'all',
    ).get('all'),
    target.metric,
    scope.minSample,
  );
  const monthly = months.map((period) => ({
    period,
    estimate: estimateOf(byMonth.get(period), target.metric, 1),
  }));
  // Months at their middle, in months since the first.
  const at = (day: string) => daysBetween(scope.from, day) / MONTH_DAYS;
  const projection = projectTrend(
    monthly
      .filter((m) => m.estimate.value !== null)
      .map((m) => ({
        t: at(m.period) + 0.5,
        value: m.estimate.value ?? 0,
        standardError: m.estimate.standardError ?? 0,
      })),
    at(target.dueDate),
  );
  let status: TargetProgressView['status'];
  const achieved =
    current.status === 'ok' &&
    current.value !== null &&
    meets(target.comparator, current.value, target.value);
  if (target.dueDate < today) status = achieved ? 'achieved' : 'past_due';
  else if (achieved) status = 'achieved';
  else if (!projection) status = 'not_enough_history';
  else if (
    meets(target.comparator, target.comparator === '>=' ? projection.low : projection.high, target.value)
  )
    status = 'on_track';
  else if (
    !meets(target.comparator, target.comparator === '>=' ? projection.high : projection.low, target.value)
  )
    status = 'off_track';
  else status = 'uncertain';
  return {
    ...toView(target),
    current: toEstimateView(current),
    trend: monthly.map((m) => ({ period: m.period, estimate: toEstimateView(m.estimate) })),
    slopePerMonth: round(projection?.slopePerMonth ?? null),
    slopeStandardError: round(projection?.slopeStandardError ?? null),
    projection: projection
      ? {
          at: target.dueDate,
          value: round(projection.projected) ?? 0,
          low: round(projection.low) ?? 0,
          high: round(projection.high) ?? 0,
        }
      : null,
    status,
  };
}
