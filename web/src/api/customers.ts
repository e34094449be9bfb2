import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import type { Customer, Interaction, InteractionChannel, Page } from './types';

export interface CustomerFilters {
  q?: string;
  segment?: string;
}

const PAGE_SIZE = 50;

export const customerKeys = {
  all: ['customers'] as const,
  list: (filters: CustomerFilters) => ['customers', 'list', filters] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
};

export interface InteractionFilters {
  channel?: InteractionChannel | null;
  teamId?: string | null;
  employeeId?: string | null;
  /** ISO date-times. */
  from?: string | null;
  to?: string | null;
}

export const interactionKeys = {
  all: ['interactions'] as const,
  list: (filters: InteractionFilters) => ['interactions', 'list', filters] as const,
  forCustomer: (customerId: string) => ['interactions', 'customer', customerId] as const,
  detail: (id: string) => ['interactions', 'detail', id] as const,
};

export function useCustomers(filters: CustomerFilters) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Customer>>('/api/v1/customers', {
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => api.get<Customer>(`/api/v1/customers/${encodeURIComponent(id)}`, { signal }),
  });
}

export interface CustomerInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  segment?: string | null;
  value?: number | null;
  locale?: string | null;
  consentEmail?: boolean;
  consentPublishName?: boolean;
  unsubscribed?: boolean;
}

export function useUpdateCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerInput) =>
      api.patch<Customer>(`/api/v1/customers/${encodeURIComponent(id)}`, input),
    onSuccess: (customer) => {
      queryClient.setQueryData(customerKeys.detail(id), customer);
      queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
    },
  });
}

export function useInteractions(filters: InteractionFilters) {
  return useInfiniteQuery({
    queryKey: interactionKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Interaction>>('/api/v1/interactions', {
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** The customer's latest interactions (up to 100), newest first. */
export function useCustomerInteractions(customerId: string) {
  return useQuery({
    queryKey: interactionKeys.forCustomer(customerId),
    queryFn: ({ signal }) =>
      api.get<Page<Interaction>>('/api/v1/interactions', { query: { customerId, limit: 100 }, signal }),
  });
}

export function useInteraction(id: string | null) {
  return useQuery({
    queryKey: interactionKeys.detail(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<Interaction>(`/api/v1/interactions/${encodeURIComponent(id ?? '')}`, { signal }),
  });
}
