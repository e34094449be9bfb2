import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import type {
  DeliveryStatus,
  GenericMapping,
  InboundWebhook,
  InteractionChannel,
  Page,
  WebhookDelivery,
  WebhookKind,
} from './types';

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
  detail: (id: string) => ['webhooks', 'detail', id] as const,
  deliveries: (id: string, status: DeliveryStatus | null) => ['webhooks', 'deliveries', id, status] as const,
};

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: ({ signal }) => api.get<{ items: InboundWebhook[] }>('/api/v1/webhooks/inbound', { signal }),
    select: (data) => data.items,
  });
}

export function useWebhook(id: string) {
  return useQuery({
    queryKey: webhookKeys.detail(id),
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<InboundWebhook>(`/api/v1/webhooks/inbound/${encodeURIComponent(id)}`, { signal }),
  });
}

export interface CreateWebhookInput {
  name: string;
  kind: WebhookKind;
  mapping?: GenericMapping;
  defaultChannel?: InteractionChannel;
}

function useStoreWebhook() {
  const queryClient = useQueryClient();
  return (webhook: InboundWebhook) => {
    queryClient.setQueryData(webhookKeys.detail(webhook.id), webhook);
    queryClient.invalidateQueries({ queryKey: webhookKeys.list });
  };
}

export function useCreateWebhook() {
  const store = useStoreWebhook();
  return useMutation({
    mutationFn: (input: CreateWebhookInput) => api.post<InboundWebhook>('/api/v1/webhooks/inbound', input),
    onSuccess: store,
  });
}

export interface UpdateWebhookInput {
  name?: string;
  mapping?: GenericMapping;
  defaultChannel?: InteractionChannel;
  active?: boolean;
  rotateSecret?: boolean;
  secret?: string;
}

export function useUpdateWebhook(id: string) {
  const store = useStoreWebhook();
  return useMutation({
    mutationFn: (input: UpdateWebhookInput) =>
      api.patch<InboundWebhook>(`/api/v1/webhooks/inbound/${encodeURIComponent(id)}`, input),
    onSuccess: store,
  });
}

export function useWebhookDeliveries(id: string, status: DeliveryStatus | null) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(id, status),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<WebhookDelivery>>(`/api/v1/webhooks/inbound/${encodeURIComponent(id)}/deliveries`, {
        query: { status, limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}
