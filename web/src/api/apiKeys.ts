import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiKey } from './types';

const apiKeysKey = ['api-keys'] as const;

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeysKey,
    queryFn: ({ signal }) => api.get<{ items: ApiKey[] }>('/api/v1/api-keys', { signal }),
    select: (data) => data.items,
  });
}

export function useApiKeyScopes() {
  return useQuery({
    queryKey: ['api-keys', 'scopes'],
    queryFn: ({ signal }) => api.get<{ scopes: string[] }>('/api/v1/api-keys/scopes', { signal }),
    select: (data) => data.scopes,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: string[] }) =>
      api.post<{ key: string; apiKey: ApiKey }>('/api/v1/api-keys', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/v1/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
