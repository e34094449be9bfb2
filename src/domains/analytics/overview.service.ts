import { type SQL, sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { OverviewQuery, OverviewView } from './analytics.api.ts';
import { estimateOf, toEstimateView } from './figures.ts';
import { addDays, appliedFilters, daysBetween, periodsOf, resolveScope, type Scope } from './scope.ts';
import { compareEstimates, METRICS, type Metric } from './statistics.ts';
import { metricOfKind, readTallies, sumBy } from './tallies.ts';
import { listTargets } from './targets.service.ts';

/**
 * The organisation overview: a score card per metric (value, interval, change against the
 * previous period of the same length and whether it is significant, targets), the trend by week or
 * month, volume by channel and the invitation response rate. Reads rollups: two queries over at
 * most a few thousand rows, whatever the volume.
 */
export async function getOverview(ctx: Ctx, q: OverviewQuery): Promise<OverviewView> {
  authorize(ctx, 'analytics:read');
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const length = daysBetween(scope.from, scope.until);
  const previousScope: Scope = { ...scope, from: addDays(scope.from, -length), until: scope.from };
  const [rows, previousRows, invitations, targets] = await Promise.all([
    readTallies(ctx.db, scope, { bucket: q.interval, by: 'channel' }),
    readTallies(ctx.db, previousScope, { bucket: 'total', by: 'none' }),
    invitationCounts(ctx, scope),
    listTargets(ctx, scope.teamId),
  ]);
  const byMetric = sumBy(rows, (r) => metricOfKind(r.kind));
  const previousByMetric = sumBy(previousRows, (r) => metricOfKind(r.kind));
  const metrics = METRICS.filter(
    (m) => byMetric.has(m) || previousByMetric.has(m) || targets.some((t) => t.metric === m),
  );
  const scores = metrics.map((metric) => {
    const current = estimateOf(byMetric.get(metric), metric, scope.minSample);
    const previous = estimateOf(previousByMetric.get(metric), metric, scope.minSample);
    const change = compareEstimates(previous, current);
    return {
      metric,
      current: toEstimateView(current),
      previous: toEstimateView(previous),
      change: {
        ...change,
        change: round2(change.change),
        standardError: round2(change.standardError),
        z: round2(change.z),
        pValue: change.pValue === null ? null : Math.round(change.pValue * 10_000) / 10_000,
      },
      targets: targets.filter((t) => t.metric === metric),
    };
  });
  const byBucketMetric = sumBy(rows, (r) => `${r.bucket}|${metricOfKind(r.kind)}`);
  const responsesByBucket = sumBy(rows, (r) => r.bucket);
  const trend = periodsOf(q.interval, scope.from, scope.until).map((period) => ({
    period,
    responses: responsesByBucket.get(period)?.responses ?? 0,
    scores: metrics.map((metric: Metric) =>
      toEstimateView(estimateOf(byBucketMetric.get(`${period}|${metric}`), metric, scope.minSample)),
    ),
  }));
  const byChannel = [...sumBy(rows, (r) => r.key).entries()]
    .map(([channel, t]) => ({ channel: channel || null, responses: t.responses }))
    .sort((a, b) => b.responses - a.responses);
  const responses = byChannel.reduce((a, c) => a + c.responses, 0);
  return {
    filters: appliedFilters(scope),
    previousPeriod: { from: previousScope.from, to: addDays(previousScope.until, -1) },
    scores,
    trend,
    volume: {
      responses,
      byChannel,
      ...invitations,
      responseRate:
        invitations.invitationsSent > 0
          ? Math.round((10_000 * invitations.invitationsAnswered) / invitations.invitationsSent) / 10_000
          : null,
    },
  };
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** Invitations sent in the period (by when they were sent) and how many of them were answered. */
async function invitationCounts(ctx: Ctx, scope: Scope) {
  const conditions: SQL[] = [
    sql`i.org_id = ${ctx.orgId}`,
    sql`i.sent_at >= (${scope.from}::date::timestamp at time zone ${scope.timeZone})`,
    sql`i.sent_at < (${scope.until}::date::timestamp at time zone ${scope.timeZone})`,
  ];
  if (scope.surveyId) conditions.push(sql`i.survey_id = ${scope.surveyId}`);
  if (scope.teamIds || scope.channel) {
    const team = scope.teamIds
      ? scope.teamIds.length
        ? sql`x.team_id in ${scope.teamIds}`
        : sql`false`
      : sql`true`;
    const channel = scope.channel ? sql`x.channel = ${scope.channel}` : sql`true`;
    conditions.push(sql`exists (select 1 from interactions x where x.org_id = i.org_id and x.id = i.interaction_id
      and ${team} and ${channel})`);
  }
  if (scope.segment)
    conditions.push(sql`exists (select 1 from customers c where c.org_id = i.org_id and c.id = i.customer_id
      and c.segment = ${scope.segment})`);
  const [row] = await query<{ sent: number; answered: number }>(
    ctx.db,
    sql`select count(*)::int as sent, count(i.answered_at)::int as answered from invitations i
        where ${sql.join(conditions, sql` and `)}`,
  );
  return { invitationsSent: row?.sent ?? 0, invitationsAnswered: row?.answered ?? 0 };
}
