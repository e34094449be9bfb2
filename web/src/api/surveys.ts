import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import type {
  Invitation,
  InvitationStatus,
  Page,
  Survey,
  SurveyDefinition,
  SurveyKind,
  SurveyStatus,
} from './types';

export const surveyKeys = {
  all: ['surveys'] as const,
  list: ['surveys', 'list'] as const,
  detail: (id: string) => ['surveys', 'detail', id] as const,
};

export const invitationKeys = {
  all: ['invitations'] as const,
  list: (surveyId: string, status: InvitationStatus | null) => ['invitations', surveyId, status] as const,
};

/** Every survey of the organisation (the API does not page this list). */
export function useSurveys() {
  return useQuery({
    queryKey: surveyKeys.list,
    queryFn: ({ signal }) => api.get<{ items: Survey[] }>('/api/v1/surveys', { signal }),
    select: (data) => data.items,
  });
}

export function useSurvey(id: string) {
  return useQuery({
    queryKey: surveyKeys.detail(id),
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<Survey>(`/api/v1/surveys/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useCreateSurvey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: SurveyKind; name: string }) => api.post<Survey>('/api/v1/surveys', input),
    onSuccess: (survey) => {
      queryClient.setQueryData(surveyKeys.detail(survey.id), survey);
      queryClient.invalidateQueries({ queryKey: surveyKeys.list });
    },
  });
}

export interface SurveyInput {
  name?: string;
  status?: SurveyStatus;
  definition?: SurveyDefinition;
  activeFrom?: string | null;
  activeUntil?: string | null;
}

function storeSurvey(queryClient: ReturnType<typeof useQueryClient>, survey: Survey) {
  queryClient.setQueryData(surveyKeys.detail(survey.id), survey);
  queryClient.invalidateQueries({ queryKey: surveyKeys.list });
}

export function useUpdateSurvey(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SurveyInput) => api.patch<Survey>(`/api/v1/surveys/${encodeURIComponent(id)}`, input),
    onSuccess: (survey) => storeSurvey(queryClient, survey),
  });
}

/** Creates (or returns) the survey's public link; the answer is the survey with `linkUrl` set. */
export function useCreateSurveyLink(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Survey>(`/api/v1/surveys/${encodeURIComponent(id)}/link`),
    onSuccess: (survey) => storeSurvey(queryClient, survey),
  });
}

export function useInvitations(surveyId: string, status: InvitationStatus | null) {
  return useInfiniteQuery({
    queryKey: invitationKeys.list(surveyId, status),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Invitation>>('/api/v1/invitations', {
        query: { surveyId, status, limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}
