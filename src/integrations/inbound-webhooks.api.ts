import { z } from 'zod';
import { ChannelSchema } from '../domains/customers/customers.api.ts';
import { GenericMapping } from './helpdesk-mappings.ts';
import { DELIVERY_STATUSES, WEBHOOK_KINDS } from './inbound-webhooks.tables.ts';

export const WebhookKindSchema = z.enum(WEBHOOK_KINDS);

/** Zendesk makes its own signing secret, so an admin may paste it here instead of using ours. */
const Secret = z.string().trim().min(16, 'at least 16 characters').max(200);

export const CreateInboundWebhookInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: WebhookKindSchema,
    mapping: GenericMapping.optional(),
    defaultChannel: ChannelSchema.default('email'),
    secret: Secret.optional(),
  })
  .refine((w) => (w.kind === 'generic') === (w.mapping !== undefined), {
    message: 'a generic webhook needs a mapping; Zendesk and Freshdesk webhooks have theirs built in',
    path: ['mapping'],
  });
export type CreateInboundWebhookInput = z.infer<typeof CreateInboundWebhookInput>;

export const UpdateInboundWebhookInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  mapping: GenericMapping.optional(),
  defaultChannel: ChannelSchema.optional(),
  active: z.boolean().optional(),
  /** A new random secret; the old one stops working at once. */
  rotateSecret: z.boolean().optional(),
  secret: Secret.optional(),
});
export type UpdateInboundWebhookInput = z.infer<typeof UpdateInboundWebhookInput>;

export const InboundWebhookView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: WebhookKindSchema,
  /** Where the helpdesk posts: PUBLIC_URL/hooks/<id>. */
  url: z.string(),
  secret: z.string(),
  /** How deliveries must be signed, for the setup screen. */
  signature: z.string(),
  /** The JSON body to paste into the helpdesk (Zendesk, Freshdesk); null for generic webhooks. */
  bodyTemplate: z.string().nullable(),
  mapping: GenericMapping.nullable(),
  defaultChannel: ChannelSchema,
  active: z.boolean(),
  createdAt: z.string(),
});
export type InboundWebhookView = z.infer<typeof InboundWebhookView>;

export const WebhookDeliveryView = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  receivedAt: z.string(),
  signatureOk: z.boolean(),
  status: z.enum(DELIVERY_STATUSES),
  httpStatus: z.number().int(),
  error: z.string().nullable(),
  payload: z.unknown(),
  interactionId: z.uuid().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

export const ListDeliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;

export const HookParams = z.object({ webhookId: z.string().max(100) });

/** What the helpdesk gets back: quickly, and the same for a retry of a delivery already recorded. */
export const DeliveryReceipt = z.object({
  status: z.enum(['accepted', 'ignored']),
  deliveryId: z.uuid(),
  interactionId: z.uuid().nullable(),
  /** The ticket update was recorded before (a helpdesk retry): nothing new was stored. */
  duplicate: z.boolean(),
  reason: z.string().optional(),
});
export type DeliveryReceipt = z.infer<typeof DeliveryReceipt>;
