import type { EstimateView } from './analytics.api.ts';
import { type Estimate, estimate, type Metric, momentsOf, round, type Tally } from './statistics.ts';

/** An estimate as the API shows it: rounded to two decimals (four for the standard error). */
export function toEstimateView(e: Estimate): EstimateView {
  return {
    metric: e.metric,
    n: e.n,
    value: round(e.value),
    standardError: round(e.standardError, 4),
    marginOfError: round(e.marginOfError),
    low: round(e.low),
    high: round(e.high),
    status: e.status,
  };
}

export const estimateOf = (tally: Tally | undefined, metric: Metric, minSample: number): Estimate =>
  estimate(tally ? momentsOf(tally, metric) : { n: 0, sum: 0, sumSq: 0 }, metric, minSample);

export const viewOf = (tally: Tally | undefined, metric: Metric, minSample: number): EstimateView =>
  toEstimateView(estimateOf(tally, metric, minSample));
