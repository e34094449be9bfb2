import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { DeadJob } from './types';

/** Background jobs that failed every attempt (admins). */
export function useDeadJobs() {
  return useQuery({
    queryKey: ['jobs', 'dead'],
    queryFn: ({ signal }) =>
      api.get<{ items: DeadJob[] }>('/api/v1/jobs/dead', { query: { limit: 500 }, signal }),
    select: (data) => data.items,
  });
}
