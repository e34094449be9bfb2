/**
 * The statistics behind every figure: pure functions of counts and sums, so they are tested
 * against hand-worked examples (statistics.test.ts) and the same numbers come out of rollups and
 * of raw rows.
 *
 * Every metric is the mean of a per-response value x, so one set of moments (n, Σx, Σx²) gives the
 * value, its standard error and its interval:
 *   NPS  x = +100 promoter (9–10), 0 passive (7–8), −100 detractor (0–6): mean = %P − %D and
 *        SE = 100·√((p + d − (p − d)²)/n)
 *   CSAT x = 100 when satisfied (4–5 of 1–5), else 0: mean = % satisfied, SE = 100·√(p(1 − p)/n)
 *   CES  x = the 1–7 effort score (lower is better): mean effort, SE = s/√n
 *   score x = the first score of a custom survey: its mean
 * Intervals are value ± 1.96·SE (normal approximation), clamped to the scale.
 */

import { correlations } from './drivers.ts';

export const METRICS = ['nps', 'csat', 'ces', 'score'] as const;
export type Metric = (typeof METRICS)[number];

/** Sums a rollup row (or many) holds, as analytics reads them. */
export interface Tally {
  responses: number;
  scored: number;
  promoters: number;
  passives: number;
  detractors: number;
  scoreSum: number;
  scoreSqSum: number;
  satisfied: number;
  cesSum: number;
}

export const emptyTally = (): Tally => ({
  responses: 0,
  scored: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
  scoreSum: 0,
  scoreSqSum: 0,
  satisfied: 0,
  cesSum: 0,
});

/** Adds `t` into `into` (field by field, written out: dashboards add thousands of rows per view). */
export function addTally(into: Tally, t: Tally): Tally {
  into.responses += t.responses;
  into.scored += t.scored;
  into.promoters += t.promoters;
  into.passives += t.passives;
  into.detractors += t.detractors;
  into.scoreSum += t.scoreSum;
  into.scoreSqSum += t.scoreSqSum;
  into.satisfied += t.satisfied;
  into.cesSum += t.cesSum;
  return into;
}

export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** The moments of a metric's per-response value, from a tally of surveys of that metric's kind. */
export function momentsOf(t: Tally, metric: Metric): Moments {
  switch (metric) {
    case 'nps':
      return {
        n: t.promoters + t.passives + t.detractors,
        sum: 100 * (t.promoters - t.detractors),
        sumSq: 10_000 * (t.promoters + t.detractors),
      };
    case 'csat':
      return { n: t.scored, sum: 100 * t.satisfied, sumSq: 10_000 * t.satisfied };
    case 'ces':
      return { n: t.scored, sum: t.cesSum, sumSq: t.scoreSqSum };
    case 'score':
      return { n: t.scored, sum: t.scoreSum, sumSq: t.scoreSqSum };
  }
}

/** The tally fields `momentsOf(t, metric)` reads. */
export function fieldsOfMetric(metric: Metric): (keyof Tally)[] {
  switch (metric) {
    case 'nps':
      return ['promoters', 'passives', 'detractors'];
    case 'csat':
      return ['scored', 'satisfied'];
    case 'ces':
      return ['scored', 'cesSum', 'scoreSqSum'];
    case 'score':
      return ['scored', 'scoreSum', 'scoreSqSum'];
  }
}

export const addMoments = (a: Moments, b: Moments): Moments => ({
  n: a.n + b.n,
  sum: a.sum + b.sum,
  sumSq: a.sumSq + b.sumSq,
});

/** The range a metric's value can take. */
export const BOUNDS: Record<Metric, [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  ces: [1, 7],
  score: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
};

/** Whether a higher value is better (CES measures effort: lower is better). */
export const higherIsBetter = (metric: Metric) => metric !== 'ces';

export const DEFAULT_MIN_SAMPLE = 30;
export const Z95 = 1.959963984540054;

export type EstimateStatus = 'ok' | 'too_few_responses' | 'no_responses';

export interface Estimate {
  metric: Metric;
  n: number;
  /** null only when there are no responses; present (but not to be reported) when too few. */
  value: number | null;
  standardError: number | null;
  marginOfError: number | null;
  low: number | null;
  high: number | null;
  /** `too_few_responses` below the minimum sample: show "too few responses", not the number. */
  status: EstimateStatus;
}

const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x));

export function estimate(m: Moments, metric: Metric, minSample = DEFAULT_MIN_SAMPLE): Estimate {
  if (m.n <= 0)
    return {
      metric,
      n: 0,
      value: null,
      standardError: null,
      marginOfError: null,
      low: null,
      high: null,
      status: 'no_responses',
    };
  const mean = m.sum / m.n;
  const variance = Math.max(0, m.sumSq / m.n - mean * mean);
  const se = Math.sqrt(variance / m.n);
  const moe = Z95 * se;
  return {
    metric,
    n: m.n,
    value: mean,
    standardError: se,
    marginOfError: moe,
    low: clamp(mean - moe, BOUNDS[metric]),
    high: clamp(mean + moe, BOUNDS[metric]),
    status: m.n < minSample ? 'too_few_responses' : 'ok',
  };
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface Comparison {
  /** current − previous; null when either has no responses. */
  change: number | null;
  standardError: number | null;
  z: number | null;
  pValue: number | null;
  /**
   * True only when both periods reach the minimum sample and the change is larger than chance
   * would explain at the 5 % level (two-sided z-test on independent samples).
   */
  significant: boolean;
  /** Better, worse or unchanged in the metric's own direction; `unchanged` unless significant. */
  direction: 'better' | 'worse' | 'unchanged';
}

export function compareEstimates(previous: Estimate, current: Estimate): Comparison {
  if (previous.value === null || current.value === null)
    return {
      change: null,
      standardError: null,
      z: null,
      pValue: null,
      significant: false,
      direction: 'unchanged',
    };
  const change = current.value - previous.value;
  const se = Math.sqrt((previous.standardError ?? 0) ** 2 + (current.standardError ?? 0) ** 2);
  const z = se > 0 ? change / se : change === 0 ? 0 : Number.POSITIVE_INFINITY * Math.sign(change);
  const pValue = Number.isFinite(z) ? 2 * (1 - normalCdf(Math.abs(z))) : 0;
  const significant = previous.status === 'ok' && current.status === 'ok' && Math.abs(z) >= Z95;
  const better = higherIsBetter(current.metric) ? change > 0 : change < 0;
  return {
    change,
    standardError: se,
    z: Number.isFinite(z) ? z : null,
    pValue,
    significant,
    direction: significant ? (better ? 'better' : 'worse') : 'unchanged',
  };
}

export interface TrendPoint {
  /** Time in months (any origin). */
  t: number;
  value: number;
  standardError: number;
}

export interface Projection {
  slopePerMonth: number;
  slopeStandardError: number;
  projected: number;
  standardError: number;
  low: number;
  high: number;
}

/**
 * A weighted least-squares line through monthly values (weights 1/SE², so a month of three answers
 * counts little), extrapolated to `at`. The uncertainty is the line's own, scaled up when the
 * months scatter more than their sampling errors explain. Needs three months.
 */
export function projectTrend(points: readonly TrendPoint[], at: number): Projection | null {
  const usable = points.filter((p) => Number.isFinite(p.value));
  if (usable.length < 3) return null;
  // A floor on the SE keeps one month with a degenerate (zero) SE from taking all the weight.
  const spread = Math.max(...usable.map((p) => p.standardError), 1e-9);
  const w = usable.map((p) => 1 / Math.max(p.standardError, spread * 0.05) ** 2);
  const sw = w.reduce((a, b) => a + b, 0);
  const tBar = usable.reduce((a, p, i) => a + (w[i] ?? 0) * p.t, 0) / sw;
  const yBar = usable.reduce((a, p, i) => a + (w[i] ?? 0) * p.value, 0) / sw;
  let sxx = 0;
  let sxy = 0;
  usable.forEach((p, i) => {
    sxx += (w[i] ?? 0) * (p.t - tBar) ** 2;
    sxy += (w[i] ?? 0) * (p.t - tBar) * (p.value - yBar);
  });
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = yBar - slope * tBar;
  const residual = usable.reduce((a, p, i) => a + (w[i] ?? 0) * (p.value - intercept - slope * p.t) ** 2, 0);
  const dispersion = Math.max(1, residual / (usable.length - 2));
  const slopeVar = dispersion / sxx;
  const projected = intercept + slope * at;
  const se = Math.sqrt(dispersion * (1 / sw + (at - tBar) ** 2 / sxx));
  return {
    slopePerMonth: slope,
    slopeStandardError: Math.sqrt(slopeVar),
    projected,
    standardError: se,
    low: projected - Z95 * se,
    high: projected + Z95 * se,
  };
}

export const MIN_CORRELATION_POINTS = 5;

export type CorrelationStatus = 'too_few_points' | 'no_variation' | 'no_clear_link' | 'positive' | 'negative';

export interface CorrelationEstimate {
  n: number;
  /** Pearson's r; null with fewer than three points or when either variable does not vary. */
  r: number | null;
  /** The 95 % interval of r (Fisher's z), null below four points. */
  low: number | null;
  high: number | null;
  /**
   * `positive`/`negative` only when there are `minPoints` points and the interval excludes zero;
   * `no_clear_link` when it spans zero.
   */
  status: CorrelationStatus;
}

/**
 * The 95 % interval of a correlation r from n pairs: Fisher's z = atanh(r) is close to normal
 * with standard error 1/√(n − 3), so the interval is tanh(z ± 1.96/√(n − 3)). Needs n ≥ 4.
 */
export function fisherInterval(r: number, n: number): { low: number; high: number } | null {
  if (n < 4 || !Number.isFinite(r)) return null;
  const z = Math.atanh(Math.max(-1, Math.min(1, r)));
  const half = Z95 / Math.sqrt(n - 3);
  return { low: Math.tanh(z - half), high: Math.tanh(z + half) };
}

/** Pearson's r of paired values with its Fisher interval, honest about small numbers. */
export function correlationWithInterval(
  x: readonly number[],
  y: readonly number[],
  minPoints = MIN_CORRELATION_POINTS,
): CorrelationEstimate {
  const n = Math.min(x.length, y.length);
  const varies = (v: readonly number[]) => v.slice(0, n).some((a) => a !== v[0]);
  if (n < 3) return { n, r: null, low: null, high: null, status: 'too_few_points' };
  if (!varies(x) || !varies(y)) return { n, r: null, low: null, high: null, status: 'no_variation' };
  const r = correlations(
    x.slice(0, n).map((a) => [a]),
    y.slice(0, n),
  ).rxy[0] as number;
  const interval = fisherInterval(r, n);
  const status: CorrelationStatus =
    n < minPoints || !interval
      ? 'too_few_points'
      : interval.low > 0
        ? 'positive'
        : interval.high < 0
          ? 'negative'
          : 'no_clear_link';
  return { n, r, low: interval?.low ?? null, high: interval?.high ?? null, status };
}

export const round = (x: number | null, digits = 2): number | null =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;
