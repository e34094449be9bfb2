import type { Estimate, Metric, TargetStatus } from '../../api/analytics';
import { formatDate } from '../../components/format';

export const METRIC_LABELS: Record<Metric, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  score: 'Score',
};

export const METRIC_HINTS: Record<Metric, string> = {
  nps: '% promoters − % detractors, −100 to 100',
  csat: '% satisfied (4–5 of 5)',
  ces: 'mean effort, 1–7 (lower is better)',
  score: 'mean first score of custom surveys',
};

/** A metric's value the way people read it: NPS signed, CSAT as a percentage, CES with decimals. */
export function formatValue(metric: Metric, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  switch (metric) {
    case 'nps':
      return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}`;
    case 'csat':
      return `${value.toFixed(1)}%`;
    default:
      return value.toFixed(2);
  }
}

export function formatChange(metric: Metric, change: number): string {
  const digits = metric === 'ces' || metric === 'score' ? 2 : 1;
  const unit = metric === 'csat' ? ' pts' : '';
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${Math.abs(change).toFixed(digits)}${unit}`;
}

export const marginText = (e: Estimate) =>
  e.marginOfError === null
    ? ''
    : `± ${e.marginOfError.toFixed(e.metric === 'ces' || e.metric === 'score' ? 2 : 1)}`;

export const intervalText = (e: Estimate) =>
  e.low === null || e.high === null
    ? '—'
    : `${formatValue(e.metric, e.low)} to ${formatValue(e.metric, e.high)}`;

/** A figure is reported only when it has enough answers; otherwise it says why not. */
export const reportable = (e: Estimate) => e.status === 'ok' && e.value !== null;

export function estimateText(e: Estimate, minSample = 30): string {
  if (e.status === 'no_responses') return 'No responses';
  if (e.status === 'too_few_responses') return `Too few responses (n = ${e.n}, needs ${minSample})`;
  return `${formatValue(e.metric, e.value)} ${marginText(e)} (n = ${e.n})`;
}

export const periodLabel = (period: string, interval: 'week' | 'month') =>
  interval === 'week'
    ? `Week of ${formatDate(period)}`
    : new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(
        new Date(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1, 1),
      );

export const TARGET_STATUS: Record<TargetStatus, { label: string; color: string }> = {
  achieved: { label: 'Achieved', color: 'teal' },
  on_track: { label: 'On track', color: 'teal' },
  uncertain: { label: 'Uncertain', color: 'yellow' },
  off_track: { label: 'Off track', color: 'red' },
  not_enough_history: { label: 'Not enough history', color: 'gray' },
  past_due: { label: 'Past due', color: 'gray' },
};

const DAY_MS = 86_400_000;
const parseDay = (s: string) =>
  Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The local days a week or month starting at `period` covers, inside the figure's date range. */
export function periodRange(
  period: string,
  interval: 'week' | 'month',
  range: { from: string; to: string },
): { from: string; to: string } {
  const start = parseDay(period);
  const end =
    interval === 'week'
      ? start + 6 * DAY_MS
      : Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1) - DAY_MS;
  const from = dayOf(start) < range.from ? range.from : dayOf(start);
  const to = dayOf(end) > range.to ? range.to : dayOf(end);
  return { from, to };
}
