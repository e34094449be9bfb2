import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { AnalyticsFilters } from '../../api/analytics';

export const FILTER_KEYS = ['from', 'to', 'teamId', 'channel', 'surveyId', 'segment'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The dashboard filters and per-page choices (metric, interval, person), kept in the address so
 * a view can be shared and survives reloads and the back button.
 */
export function useAnalyticsFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<AnalyticsFilters>(() => {
    const value = (key: string) => params.get(key) || undefined;
    const day = (key: string) => {
      const v = value(key);
      return v && DAY.test(v) ? v : undefined;
    };
    return {
      from: day('from'),
      to: day('to'),
      teamId: value('teamId'),
      channel: value('channel'),
      surveyId: value('surveyId'),
      segment: value('segment'),
    };
  }, [params]);

  const set = (updates: Record<string, string | number | null | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(updates)) {
          if (value === null || value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );

  const clear = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const key of FILTER_KEYS) next.delete(key);
        return next;
      },
      { replace: true },
    );

  /** The shared filters only, as a query string for links between dashboard pages. */
  const search = useMemo(() => {
    const shared = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) shared.set(key, value);
    }
    const text = shared.toString();
    return text ? `?${text}` : '';
  }, [params]);

  return { filters, params, set, clear, search, filtered: FILTER_KEYS.some((key) => params.get(key)) };
}

/** One choice from a fixed list, read from the address with a default. */
export function choiceParam<T extends string>(
  params: URLSearchParams,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = params.get(key);
  return choices.includes(value as T) ? (value as T) : fallback;
}
