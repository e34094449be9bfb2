import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { PersonRef } from './api';

// Shapes of the coaching API (see /api/openapi.json, tag "coaching").

export type AgendaSourceType = 'response' | 'case' | 'feedback' | 'goal';
export interface AgendaItem {
  id?: string;
  text: string;
  source: { type: AgendaSourceType; id: string } | null;
  done: boolean;
}
export interface OneOnOne {
  id: string;
  manager: PersonRef;
  employee: PersonRef;
  scheduledFor: string;
  heldAt: string | null;
  agenda: (AgendaItem & { id: string })[];
  sharedNotes: string;
  privateNotes: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface AgendaSuggestion {
  text: string;
  source: { type: AgendaSourceType; id: string };
  at: string;
  reason: string;
}
export type GoalStatus = 'active' | 'achieved' | 'dropped';
export interface Goal {
  id: string;
  employee: PersonRef;
  createdBy: PersonRef;
  title: string;
  description: string;
  dueOn: string | null;
  status: GoalStatus;
  progress: number;
  createdAt: string;
  closedAt: string | null;
  checkIns: { id: string; author: PersonRef; progress: number; note: string; createdAt: string }[];
}

const keys = {
  all: ['coaching'] as const,
  oneOnOnes: (employeeId: string) => ['coaching', 'one-on-ones', employeeId] as const,
  suggestions: (employeeId: string) => ['coaching', 'suggestions', employeeId] as const,
  goals: (employeeId: string) => ['coaching', 'goals', employeeId] as const,
};

export function useOneOnOnes(employeeId: string) {
  return useQuery({
    queryKey: keys.oneOnOnes(employeeId),
    queryFn: ({ signal }) =>
      api.get<{ items: OneOnOne[] }>('/api/v1/one-on-ones', { query: { employeeId }, signal }),
    select: (data) => data.items,
  });
}

export function useAgendaSuggestions(employeeId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.suggestions(employeeId),
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ items: AgendaSuggestion[] }>('/api/v1/one-on-ones/suggestions', {
        query: { employeeId },
        signal,
      }),
    select: (data) => data.items,
  });
}

export function useGoals(employeeId: string) {
  return useQuery({
    queryKey: keys.goals(employeeId),
    queryFn: ({ signal }) =>
      api.get<{ items: Goal[] }>('/api/v1/coaching-goals', { query: { employeeId }, signal }),
    select: (data) => data.items,
  });
}

function useCoachingMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  });
}

export const usePlanOneOnOne = () =>
  useCoachingMutation((input: { employeeId: string; scheduledFor: string; agenda: AgendaItem[] }) =>
    api.post<OneOnOne>('/api/v1/one-on-ones', input),
  );

export const useUpdateOneOnOne = () =>
  useCoachingMutation(
    ({
      id,
      ...patch
    }: {
      id: string;
      agenda?: AgendaItem[];
      sharedNotes?: string;
      privateNotes?: string;
      held?: boolean;
    }) => api.patch<OneOnOne>(`/api/v1/one-on-ones/${encodeURIComponent(id)}`, patch),
  );

export const useCreateGoal = () =>
  useCoachingMutation(
    (input: { employeeId: string; title: string; description?: string; dueOn?: string | null }) =>
      api.post<Goal>('/api/v1/coaching-goals', input),
  );

export const useUpdateGoal = () =>
  useCoachingMutation(({ id, ...patch }: { id: string; status?: GoalStatus }) =>
    api.patch<Goal>(`/api/v1/coaching-goals/${encodeURIComponent(id)}`, patch),
  );

export const useCheckIn = () =>
  useCoachingMutation(({ id, progress, note }: { id: string; progress: number; note: string }) =>
    api.post<Goal>(`/api/v1/coaching-goals/${encodeURIComponent(id)}/check-ins`, { progress, note }),
  );
