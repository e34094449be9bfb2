import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './client';
import type { Me } from './types';

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or `null` when the session is missing or expired (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/v1/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export interface SignInInput {
  email: string;
  password: string;
  org?: string;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInInput) => api.post<Me>('/api/v1/auth/sign-in', input),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      // Drop anything cached for a previous user before showing this one's data.
      queryClient.clear();
      queryClient.setQueryData(meKey, me);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) =>
      api.post<void>(everywhere ? '/api/v1/auth/sign-out-everywhere' : '/api/v1/auth/sign-out'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      api.post<Record<string, never>>('/api/v1/auth/password-reset/request', { email }),
  });
}

export function useCompletePasswordReset() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      api.post<void>('/api/v1/auth/password-reset/complete', input),
  });
}
