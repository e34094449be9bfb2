import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Employee, Page, SurveyResponse, TextTheme } from './types';

export interface ResponseFilters {
  surveyId?: string | null;
  teamId?: string | null;
  customerId?: string | null;
  scoreMin?: number | null;
  scoreMax?: number | null;
  hasComment?: 'true' | 'false' | null;
  sentiment?: 'negative' | 'neutral' | 'positive' | null;
  /** A text-analytics theme key. */
  theme?: string | null;
  /** ISO date-times. */
  from?: string | null;
  to?: string | null;
}

export const responseKeys = {
  all: ['responses'] as const,
  list: (filters: ResponseFilters) => ['responses', 'list', filters] as const,
  forCustomer: (customerId: string) => ['responses', 'customer', customerId] as const,
  detail: (id: string) => ['responses', 'detail', id] as const,
};

export function useResponses(filters: ResponseFilters) {
  return useInfiniteQuery({
    queryKey: responseKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<SurveyResponse>>('/api/v1/responses', {
        query: { ...filters, limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** The customer's latest responses (up to 100), newest first. */
export function useCustomerResponses(customerId: string) {
  return useQuery({
    queryKey: responseKeys.forCustomer(customerId),
    queryFn: ({ signal }) =>
      api.get<Page<SurveyResponse>>('/api/v1/responses', { query: { customerId, limit: 100 }, signal }),
  });
}

export function useResponse(id: string) {
  return useQuery({
    queryKey: responseKeys.detail(id),
    queryFn: ({ signal }) =>
      api.get<SurveyResponse>(`/api/v1/responses/${encodeURIComponent(id)}`, { signal }),
  });
}

/**
 * Names for every employee, including people who have since left, so that old responses still say
 * who served the customer. Follows the cursor to the end.
 */
export function useEmployeeNames() {
  return useQuery({
    queryKey: ['employees', 'names'],
    queryFn: async ({ signal }) => {
      const names = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const page: Page<Employee> = await api.get<Page<Employee>>('/api/v1/employees', {
          query: { limit: 200, cursor },
          signal,
        });
        for (const employee of page.items) names.set(employee.id, employee.preferredName ?? employee.name);
        cursor = page.nextCursor;
      } while (cursor);
      return names;
    },
    staleTime: 5 * 60_000,
  });
}

/** The organisation's text-analytics themes (default taxonomy plus its own), for filters. */
export function useTextThemes() {
  return useQuery({
    queryKey: ['text', 'themes'],
    queryFn: ({ signal }) => api.get<{ items: TextTheme[] }>('/api/v1/text/themes', { signal }),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}
