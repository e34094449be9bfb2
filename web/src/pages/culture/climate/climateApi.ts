import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { Construct } from '../pulseApi';

// Shapes of the climate API (see /api/openapi.json, tag "culture", /culture/climate).

export interface ClimateQuestions {
  constructs: { key: Construct; label: string }[];
  levels: { level: number; name: string }[];
  questions: { key: string; text: string; construct: Construct; levels: string[] }[];
}

export interface AssessmentSummary {
  id: string;
  leader: { id: string; name: string };
  assessedOn: string;
  status: 'draft' | 'completed';
  completedAt: string | null;
  answered: number;
  meanRating: number | null;
  byConstruct: { construct: Construct; rating: number | null }[];
}

export interface Assessment extends AssessmentSummary {
  answers: { questionKey: string; rating: number | null; notes: string | null }[];
  canEdit: boolean;
}

export interface EvidenceItem {
  key: string;
  label: string;
  status: 'measured' | 'no_data' | 'not_measured_yet';
  value: number | null;
  unit: string;
  period: { from: string; to: string } | null;
  sentence: string;
}

export interface ClimateEvidence {
  period: { from: string; to: string };
  questions: { questionKey: string; evidence: EvidenceItem[] }[];
}

export interface GapCell {
  score: number | null;
  raw: number | null;
  n: number;
  note: string;
}

export interface PerceptionGap {
  period: { from: string; to: string };
  constructs: {
    construct: Construct;
    label: string;
    leaders: GapCell;
    employees: GapCell;
    customers: GapCell & { metric: 'nps' | 'csat' | 'ces' | null };
    gap: number | null;
  }[];
}

const keys = {
  all: ['climate'] as const,
  questions: ['climate', 'questions'] as const,
  assessments: ['climate', 'assessments'] as const,
  assessment: (id: string) => ['climate', 'assessment', id] as const,
  evidence: ['climate', 'evidence'] as const,
  gap: ['climate', 'gap'] as const,
};

export const useClimateQuestions = () =>
  useQuery({
    queryKey: keys.questions,
    queryFn: ({ signal }) => api.get<ClimateQuestions>('/api/v1/culture/climate/questions', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useAssessments = () =>
  useQuery({
    queryKey: keys.assessments,
    queryFn: ({ signal }) =>
      api.get<{ items: AssessmentSummary[] }>('/api/v1/culture/climate/assessments', { signal }),
    select: (data) => data.items,
  });

export const useAssessment = (id: string | null) =>
  useQuery({
    queryKey: keys.assessment(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<Assessment>(`/api/v1/culture/climate/assessments/${id}`, { signal }),
  });

export const useClimateEvidence = () =>
  useQuery({
    queryKey: keys.evidence,
    queryFn: ({ signal }) => api.get<ClimateEvidence>('/api/v1/culture/climate/evidence', { signal }),
  });

export const usePerceptionGap = () =>
  useQuery({
    queryKey: keys.gap,
    queryFn: ({ signal }) => api.get<PerceptionGap>('/api/v1/culture/climate/perception-gap', { signal }),
  });

export function useStartAssessment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Assessment>('/api/v1/culture/climate/assessments', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useUpdateAssessment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      answers?: { questionKey: string; rating: number | null; notes: string | null }[];
      status?: 'draft' | 'completed';
    }) => api.patch<Assessment>(`/api/v1/culture/climate/assessments/${id}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}
