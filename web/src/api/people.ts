import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import type { Employee, Membership, Page, Role, Team, TeamKind } from './types';

export interface EmployeeFilters {
  q?: string;
  role?: Role | null;
  active?: 'true' | 'false' | null;
  teamId?: string | null;
}

const PAGE_SIZE = 50;

export const peopleKeys = {
  all: ['employees'] as const,
  list: (filters: EmployeeFilters) => ['employees', 'list', filters] as const,
  detail: (id: string) => ['employees', 'detail', id] as const,
  memberships: (id: string) => ['employees', 'memberships', id] as const,
};

export const teamKeys = {
  all: ['teams'] as const,
};

export function useEmployees(filters: EmployeeFilters) {
  return useInfiniteQuery({
    queryKey: peopleKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Employee>>('/api/v1/employees', {
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Every employee, for pickers (managers, …). Follows the cursor to the end. */
export function useAllEmployees(enabled = true) {
  return useQuery({
    queryKey: ['employees', 'all'],
    enabled,
    queryFn: async ({ signal }) => {
      const items: Employee[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Employee> = await api.get<Page<Employee>>('/api/v1/employees', {
          query: { limit: 200, cursor, active: 'true' },
          signal,
        });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
  });
}

/** Up to 20 employees whose name or email matches `q`, for searchable pickers; leavers included. */
export function useEmployeeSearch(q: string) {
  return useQuery({
    queryKey: ['employees', 'search', q],
    queryFn: ({ signal }) =>
      api.get<Page<Employee>>('/api/v1/employees', { query: { q: q || undefined, limit: 20 }, signal }),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useEmployee(id: string) {
  return useQuery({
    queryKey: peopleKeys.detail(id),
    queryFn: ({ signal }) => api.get<Employee>(`/api/v1/employees/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useMemberships(id: string) {
  return useQuery({
    queryKey: peopleKeys.memberships(id),
    queryFn: ({ signal }) =>
      api.get<{ items: Membership[] }>(`/api/v1/employees/${encodeURIComponent(id)}/memberships`, { signal }),
    select: (data) => data.items,
  });
}

export interface EmployeeInput {
  name: string;
  preferredName?: string | null;
  email: string;
  role: Role;
  startDate?: string | null;
  teamIds?: string[];
  active?: boolean;
}

export function useCreateEmployee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EmployeeInput) => api.post<Employee>('/api/v1/employees', input),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: peopleKeys.all });
      queryClient.invalidateQueries({ queryKey: teamKeys.all });
    },
  });
}

export function useUpdateEmployee(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<EmployeeInput>) =>
      api.patch<Employee>(`/api/v1/employees/${encodeURIComponent(id)}`, input),
    onSuccess: (employee) => {
      queryClient.setQueryData(peopleKeys.detail(id), employee);
      queryClient.invalidateQueries({ queryKey: peopleKeys.all });
      queryClient.invalidateQueries({ queryKey: teamKeys.all });
    },
  });
}

export function useSendInvitation(id: string) {
  return useMutation({
    mutationFn: () =>
      api.post<Record<string, never>>(`/api/v1/employees/${encodeURIComponent(id)}/invitation`),
  });
}

export function useTeams() {
  return useQuery({
    queryKey: teamKeys.all,
    queryFn: ({ signal }) => api.get<{ items: Team[] }>('/api/v1/teams', { signal }),
    select: (data) => data.items,
  });
}

export interface TeamInput {
  name: string;
  kind: TeamKind;
  parentId?: string | null;
  managerIds?: string[];
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamInput) => api.post<Team>('/api/v1/teams', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }),
  });
}

export function useUpdateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...input
    }: {
      id: string;
      name?: string;
      parentId?: string | null;
      managerIds?: string[];
    }) => api.patch<Team>(`/api/v1/teams/${encodeURIComponent(id)}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }),
  });
}
