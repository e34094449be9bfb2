import { z } from 'zod';
import { DELIVERY_STATUSES, OUTBOUND_FORMATS } from './outbound-webhooks.tables.ts';

const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('an http(s) URL: Slack or Teams incoming-webhook URL, or your own endpoint');

export const CreateOutboundWebhookInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  format: z.enum(OUTBOUND_FORMATS),
  url: HttpUrl,
  active: z.boolean().default(true),
});
export type CreateOutboundWebhookInput = z.infer<typeof CreateOutboundWebhookInput>;

export const UpdateOutboundWebhookInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  url: HttpUrl.optional(),
  active: z.boolean().optional(),
  /** A new random signing secret; the old one stops being used at once. */
  rotateSecret: z.boolean().optional(),
});
export type UpdateOutboundWebhookInput = z.infer<typeof UpdateOutboundWebhookInput>;

export const OutboundWebhookView = z.object({
  id: z.uuid(),
  name: z.string(),
  format: z.enum(OUTBOUND_FORMATS),
  url: z.string(),
  secret: z.string(),
  /** How deliveries are signed, for the receiver's developer. */
  signature: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type OutboundWebhookView = z.infer<typeof OutboundWebhookView>;

export const OutboundDeliveryView = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  payload: z.unknown(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const ListOutboundDeliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListOutboundDeliveriesQuery = z.infer<typeof ListOutboundDeliveriesQuery>;

/** A wall story as it leaves Serviceloop: only what may be shown outside the organisation's app. */
export const OutboundStory = z.object({
  type: z.enum(['kudos', 'praise', 'celebration']),
  id: z.uuid(),
  at: z.string(),
  /** One line: "Ana recognised Tom for effort", "A customer praised Lucía", "Omar: 10 customer praises". */
  headline: z.string(),
  text: z.string(),
  valueTags: z.array(z.string()),
  url: z.string(),
});
export type OutboundStory = z.infer<typeof OutboundStory>;
