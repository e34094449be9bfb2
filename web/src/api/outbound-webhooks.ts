import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';

export const OUTBOUND_FORMATS = ['generic', 'slack', 'teams'] as const;
export type OutboundFormat = (typeof OUTBOUND_FORMATS)[number];
export const OUTBOUND_FORMAT_LABELS: Record<OutboundFormat, string> = {
  generic: 'Signed JSON',
  slack: 'Slack',
  teams: 'Microsoft Teams',
};

export const OUTBOUND_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type OutboundDeliveryStatus = (typeof OUTBOUND_DELIVERY_STATUSES)[number];

export interface OutboundWebhook {
  id: string;
  name: string;
  format: OutboundFormat;
  url: string;
  secret: string;
  signature: string;
  active: boolean;
  createdAt: string;
}

export interface OutboundDelivery {
  id: string;
  webhookId: string;
  event: string;
  status: OutboundDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  payload: unknown;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

const BASE = '/api/v1/webhooks/outbound';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const outboundWebhookKeys = {
  all: ['outbound-webhooks'] as const,
  list: ['outbound-webhooks', 'list'] as const,
  detail: (id: string) => ['outbound-webhooks', 'detail', id] as const,
  deliveries: (id: string) => ['outbound-webhooks', 'deliveries', id] as const,
};

export function useOutboundWebhooks() {
  return useQuery({
    queryKey: outboundWebhookKeys.list,
    queryFn: ({ signal }) => api.get<{ items: OutboundWebhook[] }>(BASE, { signal }),
    select: (data) => data.items,
  });
}

export function useOutboundWebhook(id: string) {
  return useQuery({
    queryKey: outboundWebhookKeys.detail(id),
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<OutboundWebhook>(path(id), { signal }),
  });
}

export interface CreateOutboundWebhookInput {
  name: string;
  format: OutboundFormat;
  url: string;
  active: boolean;
}

function useStoreOutboundWebhook() {
  const queryClient = useQueryClient();
  return (webhook: OutboundWebhook) => {
    queryClient.setQueryData(outboundWebhookKeys.detail(webhook.id), webhook);
    queryClient.invalidateQueries({ queryKey: outboundWebhookKeys.list });
  };
}

export function useCreateOutboundWebhook() {
  const store = useStoreOutboundWebhook();
  return useMutation({
    mutationFn: (input: CreateOutboundWebhookInput) => api.post<OutboundWebhook>(BASE, input),
    onSuccess: store,
  });
}

export interface UpdateOutboundWebhookInput {
  name?: string;
  url?: string;
  active?: boolean;
  rotateSecret?: boolean;
}

export function useUpdateOutboundWebhook(id: string) {
  const store = useStoreOutboundWebhook();
  return useMutation({
    mutationFn: (input: UpdateOutboundWebhookInput) => api.patch<OutboundWebhook>(path(id), input),
    onSuccess: store,
  });
}

export function useDeleteOutboundWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<null>(path(id)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: outboundWebhookKeys.detail(id) });
      queryClient.invalidateQueries({ queryKey: outboundWebhookKeys.list });
    },
  });
}

export function useSendTestDelivery(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<OutboundDelivery>(`${path(id)}/test`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: outboundWebhookKeys.deliveries(id) }),
  });
}

export function useOutboundDeliveries(id: string, status: OutboundDeliveryStatus | null) {
  return useInfiniteQuery({
    queryKey: [...outboundWebhookKeys.deliveries(id), status],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<OutboundDelivery>>(`${path(id)}/deliveries`, {
        query: { status, limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}
