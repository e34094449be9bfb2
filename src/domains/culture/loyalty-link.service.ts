import { getTeamComparison } from '../analytics/people-scores.service.ts';
import { addDays, organisationClock } from '../analytics/scope.ts';
import { type CorrelationEstimate, correlationWithInterval, round } from '../analytics/statistics.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { localDate } from '../recognition/period.ts';
import { CONSTRUCT_LABELS } from './constructs.ts';
import type { LoyaltyLinkQuery, LoyaltyLinkView } from './pulse.api.ts';
import { cellView, loadPulseData, visibleTeams } from './results.service.ts';

/** Customer scores are read over the quarter up to the pulse's close: the service the pulse speaks of. */
const PERIOD_DAYS = 90;

const fixed = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

/** What the figures allow one to say: a link only when the interval is clear of zero. */
export function linkMessage(c: CorrelationEstimate, metricLabel: string): string {
  const interval = `r = ${fixed(c.r)}, 95 % interval ${fixed(c.low)} to ${fixed(c.high)}`;
  switch (c.status) {
    case 'too_few_points':
      return `Only ${c.n} team${c.n === 1 ? '' : 's'} with both figures: too few to say anything about a link (at least 5 are needed).`;
    case 'no_variation':
      return 'The teams do not differ on one of the two scores, so there is no correlation to measure.';
    case 'no_clear_link':
      return `No clear link yet: ${interval} includes zero across ${c.n} teams.`;
    case 'positive':
      return `Teams with stronger culture scores tend to have a higher customer ${metricLabel} (${interval}, ${c.n} teams). A correlation, not proof of cause.`;
    case 'negative':
      return `Teams with stronger culture scores tend to have a lower customer ${metricLabel} (${interval}, ${c.n} teams). A correlation, not proof of cause.`;
  }
}

/**
 * The service-profit chain for one pulse: each team's culture score (a construct, or the mean of
 * the constructs asked) against its customers' NPS or CSAT over the same quarter, with Pearson's r
 * and its Fisher interval. Only teams without sub-teams are points, so no answer counts twice, and
 * only those whose pulse figures the anonymity guard releases; customer scores come from the
 * analytics rollups through the analytics service.
 */
export async function loyaltyLink(ctx: Ctx, pulseId: string, q: LoyaltyLinkQuery): Promise<LoyaltyLinkView> {
  authorize(ctx, 'culture:results');
  const data = await loadPulseData(ctx.db, ctx.orgId, pulseId);
  const visible = await visibleTeams(ctx, data.teams);
  const { timeZone } = await organisationClock(ctx.db, ctx.orgId);
  const closes = new Date(Math.min(data.pulse.closesAt.getTime(), Date.now()));
  const to = localDate(closes, timeZone).iso;
  const from = addDays(to, -(PERIOD_DAYS - 1));
  const customers = await getTeamComparison(
    { ...ctx, actor: { type: 'system' } },
    { from, to, metric: q.metric, interval: 'month', subTeams: 'include', minSample: 1 },
  );
  const customerOf = new Map(customers.teams.map((t) => [t.teamId, t.raw]));
  const parents = new Set(data.teams.map((t) => t.parentId).filter((p): p is string => p !== null));
  const asked = data.pulse.constructs;

  const points: LoyaltyLinkView['points'] = [];
  const excluded: LoyaltyLinkView['excluded'] = [];
  for (const team of data.teams) {
    if (parents.has(team.id) || !visible.has(team.id)) continue;
    const customer = customerOf.get(team.id);
    const customerResponses = customer?.n ?? 0;
    const cell = cellView(data, { teamId: team.id }, team.name, null);
    const figures =
      cell.status === 'ok'
        ? (q.construct === 'overall' ? asked : [q.construct]).map((c) => cell.constructs[c])
        : [];
    const means = figures.flatMap((f) => (f?.status === 'ok' ? [f.mean] : []));
    if (cell.status !== 'ok' || means.length === 0 || means.length < figures.length) {
      // A team nobody in it answered for, and who has no customers either, is not worth a line.
      if (cell.status !== 'ok' && customerResponses === 0) continue;
      excluded.push({ teamId: team.id, name: team.name, reason: 'anonymity' });
      continue;
    }
    if (!customer || customer.value === null || customerResponses < q.minCustomerResponses) {
      excluded.push({ teamId: team.id, name: team.name, reason: 'few_customer_responses' });
      continue;
    }
    points.push({
      teamId: team.id,
      name: team.name,
      culture: round(means.reduce((a, b) => a + b, 0) / means.length) as number,
      cultureResponses: cell.responses,
      customer: round(customer.value, 1) as number,
      customerResponses,
      customerMarginOfError: round(customer.marginOfError, 1),
    });
  }
  const c = correlationWithInterval(
    points.map((p) => p.culture),
    points.map((p) => p.customer),
  );
  const correlation = {
    n: c.n,
    r: round(c.r, 3),
    low: round(c.low, 3),
    high: round(c.high, 3),
    status: c.status,
  };
  const constructLabel = q.construct === 'overall' ? 'overall' : CONSTRUCT_LABELS[q.construct];
  return {
    pulseId,
    title: data.pulse.title,
    construct: q.construct,
    metric: q.metric,
    period: { from, to },
    minGroupSize: data.release.threshold,
    minCustomerResponses: q.minCustomerResponses,
    points: points.sort((a, b) => a.name.localeCompare(b.name)),
    excluded: excluded.sort((a, b) => a.name.localeCompare(b.name)),
    correlation,
    message: `${constructLabel === 'overall' ? 'Culture' : constructLabel}: ${linkMessage(c, q.metric.toUpperCase())}`,
  };
}
