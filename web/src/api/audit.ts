import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AuditEvent, Page } from './types';

export function useAuditEvents() {
  return useInfiniteQuery({
    queryKey: ['audit-events'],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEvent>>('/api/v1/audit-events', { query: { limit: 50, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
