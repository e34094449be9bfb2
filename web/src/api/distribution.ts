import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { DistributionRule, InteractionChannel } from './types';

export const distributionKeys = {
  all: ['distribution-rules'] as const,
};

/** The survey's rules. */
export function useDistributionRules(surveyId: string) {
  return useQuery({
    // Under `all`, so invalidating distributionKeys.all after a write refreshes every survey's list.
    queryKey: [...distributionKeys.all, surveyId],
    queryFn: ({ signal }) =>
      api.get<{ items: DistributionRule[] }>(
        `/api/v1/distribution-rules?surveyId=${encodeURIComponent(surveyId)}`,
        { signal },
      ),
    select: (data) => data.items,
  });
}

export interface DistributionRuleInput {
  surveyId: string;
  name: string;
  channels: InteractionChannel[];
  teamIds: string[];
  delayMinutes: number;
  samplingPercent: number;
  fatigueDays: number;
  reminderDays: number | null;
  active: boolean;
}

export function useCreateDistributionRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DistributionRuleInput) =>
      api.post<DistributionRule>('/api/v1/distribution-rules', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: distributionKeys.all }),
  });
}

export function useUpdateDistributionRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<DistributionRuleInput> & { id: string }) =>
      api.patch<DistributionRule>(`/api/v1/distribution-rules/${encodeURIComponent(id)}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: distributionKeys.all }),
  });
}

export function useDeleteDistributionRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/v1/distribution-rules/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: distributionKeys.all }),
  });
}
