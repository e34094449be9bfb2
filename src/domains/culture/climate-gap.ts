import type { EstimateView } from '../analytics/analytics.api.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { PerceptionGapView } from './climate.api.ts';
import { leaderConstructRatings } from './climate.service.ts';
import { customerScores, type EvidencePeriod, evidencePeriod } from './climate-evidence.ts';
import { CONSTRUCT_LABELS, CONSTRUCTS, type Construct } from './constructs.ts';
import { organisationConstructScores } from './results.service.ts';

/**
 * The perception gap: per construct, leaders' self-rating beside employees' pulse scores and
 * customers' scores, each on a 0–100 scale — "most people think they are doing OK".
 */

/**
 * Employees' pulse score per construct over the period, through the anonymity guard (null per
 * construct it refuses or no pulse asked about). The period's days are the organisation's; the
 * window is widened by a day each side so no pulse opening on its edge is missed.
 */
export async function employeeConstructScores(ctx: Ctx, period: EvidencePeriod) {
  const day = 86_400_000;
  return organisationConstructScores(
    ctx.db,
    ctx.orgId,
    new Date(Date.parse(`${period.from}T00:00:00Z`) - day),
    new Date(Date.parse(`${period.to}T00:00:00Z`) + 2 * day),
  );
}

/**
 * Which customer score speaks to each construct (docs/climate.md): customers see the strategy and
 * commitment in whether they would recommend us (NPS), the characteristics of our processes in the
 * effort it takes (CES), and competency in whether they were satisfied (CSAT). Leadership,
 * internal communication and consequences are not visible to customers: no customer score.
 */
export const CUSTOMER_METRIC_OF: Record<Construct, 'nps' | 'csat' | 'ces' | null> = {
  strategy: 'nps',
  characteristics: 'ces',
  commander: null,
  commitment: 'nps',
  communication: null,
  competency: 'csat',
  consequence: null,
};

const r1 = (x: number) => Math.round(x * 10) / 10;
/** 1–5 agreement or maturity → 0–100. */
export const fromFivePoint = (x: number) => r1(((x - 1) / 4) * 100);

/** A customer metric on 0–100: NPS −100…100 halves, CSAT is already a share, CES 1–7 is reversed (lower effort is better). */
export function customerScale(metric: 'nps' | 'csat' | 'ces', value: number): number {
  if (metric === 'nps') return r1((value + 100) / 2);
  if (metric === 'csat') return r1(value);
  return r1(((7 - value) / 6) * 100);
}

export async function perceptionGap(ctx: Ctx): Promise<PerceptionGapView> {
  authorize(ctx, 'culture:results');
  const period = await evidencePeriod(ctx);
  const [leaders, employees, customers] = await Promise.all([
    leaderConstructRatings(ctx),
    employeeConstructScores(ctx, period),
    customerScores(ctx, period),
  ]);
  return {
    period: { from: period.from, to: period.to },
    constructs: CONSTRUCTS.map((construct) => {
      const leader = leaders.find((l) => l.construct === construct);
      const leaderCell = {
        score: leader?.rating == null ? null : fromFivePoint(leader.rating),
        raw: leader?.rating ?? null,
        n: leader?.n ?? 0,
        note:
          leader?.rating == null
            ? 'No completed leader assessment yet.'
            : `Mean maturity ${leader.rating} of 5 from ${leader.n} leader(s)' latest assessment.`,
      };
      const pulse = employees?.[construct] ?? null;
      const employeeCell = pulse
        ? {
            score: fromFivePoint(pulse.mean),
            raw: pulse.mean,
            n: pulse.n,
            note: `Mean agreement ${pulse.mean} of 5.`,
          }
        : {
            score: null,
            raw: null,
            n: 0,
            note: 'No pulse in the period released a figure for this (too few responses to protect anonymity, or not asked).',
          };
      const metric = CUSTOMER_METRIC_OF[construct];
      const estimate: EstimateView | null = metric ? customers[metric] : null;
      const customerCell =
        metric && estimate?.value != null
          ? {
              metric,
              score: customerScale(metric, estimate.value),
              raw: Math.round(estimate.value * 100) / 100,
              n: estimate.n,
              note: `${metric.toUpperCase()} ${Math.round(estimate.value * 100) / 100} from ${estimate.n} answers.`,
            }
          : {
              metric,
              score: null,
              raw: null,
              n: 0,
              note: metric
                ? `No ${metric.toUpperCase()} answers in the period.`
                : 'Customers do not see this construct directly.',
            };
      const others = [employeeCell.score, customerCell.score].filter((s): s is number => s !== null);
      return {
        construct,
        label: CONSTRUCT_LABELS[construct],
        leaders: leaderCell,
        employees: employeeCell,
        customers: customerCell,
        gap:
          leaderCell.score === null || others.length === 0
            ? null
            : r1(leaderCell.score - Math.min(...others)),
      };
    }),
  };
}
