import { boolean, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../db/columns.ts';
import type { Channel } from '../domains/customers/customers.tables.ts';

export const WEBHOOK_KINDS = ['zendesk', 'freshdesk', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const DELIVERY_STATUSES = ['accepted', 'ignored', 'rejected'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const inboundWebhooks = pgTable(
  'inbound_webhooks',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: WEBHOOK_KINDS }).notNull(),
    secret: text('secret').notNull(),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    defaultChannel: text('default_channel').$type<Channel>().notNull().default('email'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    webhookId: uuid('webhook_id').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    signatureOk: boolean('signature_ok').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    httpStatus: integer('http_status').notNull(),
    error: text('error'),
    payload: jsonb('payload').$type<unknown>(),
    interactionId: uuid('interaction_id'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
