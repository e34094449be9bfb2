import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../../api/client';

// Shapes of the action plan API (see /api/openapi.json, tag "culture", /culture/action-plans).

export type ActionStatus = 'planned' | 'in_progress' | 'done' | 'dropped';
export type ActionSourceKind = 'construct' | 'statement' | 'theme' | 'metric';

export const STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};
export const STATUS_COLOURS: Record<ActionStatus, string> = {
  planned: 'gray',
  in_progress: 'blue',
  done: 'teal',
  dropped: 'dark',
};
export const SOURCE_LABELS: Record<ActionSourceKind, string> = {
  construct: 'Construct',
  statement: 'Pulse statement',
  theme: 'Comment theme',
  metric: 'Customer metric',
};

export interface Ref {
  id: string;
  name: string;
}

export interface ActionPlan {
  id: string;
  team: Ref;
  owner: Ref;
  createdBy: Ref | null;
  source: { kind: ActionSourceKind; key: string; pulseId: string | null; label: string };
  title: string;
  description: string | null;
  dueDate: string;
  status: ActionStatus;
  overdue: boolean;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  updates: { id: string; author: Ref | null; body: string; status: ActionStatus | null; createdAt: string }[];
  canEdit: boolean;
  /** Whether the team's score on the construct moved by the next pulse (readers of results only). */
  movement: PlanMovement | null;
}

interface PulseFigure {
  pulseId: string;
  title: string;
  opensAt: string;
  mean: number;
  responses: number;
}
export interface PlanMovement {
  status: 'no_baseline' | 'awaiting_next_pulse' | 'too_few_responses' | 'measured';
  construct: string;
  before: PulseFigure | null;
  after: PulseFigure | null;
  change: number | null;
  pValue: number | null;
  significant: boolean;
  direction: 'better' | 'worse' | 'unchanged';
}

export interface CreateActionPlanInput {
  teamId: string;
  ownerId?: string;
  source: { kind: ActionSourceKind; key: string; pulseId?: string | null };
  title: string;
  description?: string | null;
  dueDate: string;
}

const keys = {
  all: ['action-plans'] as const,
  list: (teamId: string | null, status: ActionStatus | null) =>
    ['action-plans', 'list', teamId, status] as const,
};

export function useActionPlans(teamId: string | null, status: ActionStatus | null) {
  return useQuery({
    queryKey: keys.list(teamId, status),
    queryFn: ({ signal }) =>
      api.get<{ items: ActionPlan[]; nextCursor: string | null }>('/api/v1/culture/action-plans', {
        query: { teamId, status, limit: 200 },
        signal,
      }),
  });
}

export function useCreateActionPlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateActionPlanInput) => api.post<ActionPlan>('/api/v1/culture/action-plans', input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useAddProgress(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; status?: ActionStatus }) =>
      request<ActionPlan>('POST', `/api/v1/culture/action-plans/${id}/progress`, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}
