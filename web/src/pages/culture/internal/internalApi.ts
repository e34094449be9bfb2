import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

// Shapes of the internal-customer API (see /api/openapi.json, tag "culture", /culture/internal).

export type Dimension = 'reliability' | 'assurance' | 'tangibles' | 'empathy' | 'responsiveness';
export interface TeamRef {
  id: string;
  name: string;
}
export interface InternalRound {
  id: string;
  title: string;
  opensAt: string;
  closesAt: string;
  status: 'scheduled' | 'open' | 'closed';
  providers: TeamRef[];
  audienceTeamIds: string[];
}
export interface OpenInternalRound {
  id: string;
  title: string;
  closesAt: string;
  providers: TeamRef[];
  npsQuestion: string;
  items: { dimension: Dimension; label: string; text: string }[];
}
export type InternalCell =
  | { status: 'too_few_responses'; fromTeamId: string | null }
  | {
      status: 'ok';
      fromTeamId: string | null;
      responses: number;
      nps: number;
      npsMarginOfError: number;
      servqual: Record<Dimension, number>;
    };
export interface InternalMatrix {
  roundId: string;
  title: string;
  minGroupSize: number;
  minCommentGroupSize: number;
  dimensions: { dimension: Dimension; label: string }[];
  departments: TeamRef[];
  providers: (TeamRef & {
    total: InternalCell;
    cells: InternalCell[];
    comments: { status: 'too_few_responses' } | { status: 'ok'; items: string[] };
  })[];
}
export interface InternalRating {
  providerTeamId: string;
  nps: number;
  reliability: number;
  assurance: number;
  tangibles: number;
  empathy: number;
  responsiveness: number;
  comment?: string;
}

export function useOpenInternalRounds() {
  return useQuery({
    queryKey: ['culture', 'internal', 'open'],
    queryFn: () => api.get<{ items: OpenInternalRound[] }>('/api/v1/culture/internal/rounds/open'),
  });
}

export function useAnswerInternalRound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ roundId, ratings }: { roundId: string; ratings: InternalRating[] }) =>
      api.post<{ status: 'recorded' }>(`/api/v1/culture/internal/rounds/${roundId}/answers`, { ratings }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['culture', 'internal'] }),
  });
}

export function useInternalRounds(enabled: boolean) {
  return useQuery({
    queryKey: ['culture', 'internal', 'rounds'],
    queryFn: () => api.get<{ items: InternalRound[] }>('/api/v1/culture/internal/rounds'),
    enabled,
  });
}

export function useCreateInternalRound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      title: string;
      opensAt: string;
      closesAt: string;
      providerTeamIds: string[];
      audienceTeamIds: string[];
    }) => api.post<InternalRound>('/api/v1/culture/internal/rounds', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['culture', 'internal'] }),
  });
}

export function useCloseInternalRound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (roundId: string) =>
      api.post<InternalRound>(`/api/v1/culture/internal/rounds/${roundId}/close`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['culture', 'internal'] }),
  });
}

export function useInternalMatrix(roundId: string | null) {
  return useQuery({
    queryKey: ['culture', 'internal', 'matrix', roundId],
    queryFn: () => api.get<InternalMatrix>(`/api/v1/culture/internal/rounds/${roundId}/matrix`),
    enabled: roundId !== null,
  });
}
