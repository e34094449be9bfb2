import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import type { TextTheme } from '../../api/types';

// Shapes of the text-analytics API (see /api/openapi.json, tag "text").

export interface TextModel {
  kind: 'sentiment' | 'themes';
  heldOutMacroF1: number;
  defaultMacroF1: number;
  heldOutAccuracy: number;
  trainedOn: number;
  testedOn: number;
  inUse: boolean;
  trainedAt: string;
}

export interface Reanalysis {
  id: string;
  status: 'running' | 'done' | 'superseded';
  reason: string;
  total: number;
  done: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface ThemeLabels {
  responseId: string;
  themes: string[];
  labelledAt: string | null;
}

const keys = {
  themes: ['text', 'themes'] as const,
  models: ['text', 'models'] as const,
  reanalysis: ['text', 'reanalysis'] as const,
  labels: (id: string) => ['text', 'labels', id] as const,
};

export const useTextModels = () =>
  useQuery({
    queryKey: keys.models,
    queryFn: ({ signal }) => api.get<{ items: TextModel[] }>('/api/v1/text/models', { signal }),
    select: (data) => data.items,
  });

/** The newest re-analysis; polled every 1.5 s while one runs. */
export const useReanalysis = () =>
  useQuery({
    queryKey: keys.reanalysis,
    queryFn: ({ signal }) => api.get<{ run: Reanalysis | null }>('/api/v1/text/reanalysis', { signal }),
    select: (data) => data.run,
    refetchInterval: (query) => (query.state.data?.run?.status === 'running' ? 1500 : false),
  });

export function useStartReanalysis() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Reanalysis>('/api/v1/text/reanalysis'),
    onSuccess: (run) => queryClient.setQueryData(keys.reanalysis, { run }),
  });
}

export function useTrainModel(kind: TextModel['kind']) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ model: TextModel | null }>(`/api/v1/text/models/${kind}/train`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.models });
      void queryClient.invalidateQueries({ queryKey: keys.reanalysis });
    },
  });
}

export function useSaveTheme() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; name: string; phrases: string[] }) =>
      request<TextTheme>('PUT', '/api/v1/text/themes', { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.themes }),
  });
}

export function useDeleteTheme() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => api.delete<void>(`/api/v1/text/themes/${encodeURIComponent(key)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.themes }),
  });
}

export const useThemeLabels = (responseId: string) =>
  useQuery({
    queryKey: keys.labels(responseId),
    queryFn: ({ signal }) =>
      api.get<ThemeLabels>(`/api/v1/responses/${encodeURIComponent(responseId)}/theme-labels`, { signal }),
  });

export function useSetThemeLabels(responseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (themes: string[]) =>
      request<ThemeLabels>('PUT', `/api/v1/responses/${encodeURIComponent(responseId)}/theme-labels`, {
        body: { themes },
      }),
    onSuccess: (labels) => {
      queryClient.setQueryData(keys.labels(responseId), labels);
      void queryClient.invalidateQueries({ queryKey: keys.themes });
    },
  });
}
