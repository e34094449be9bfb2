import { boolean, jsonb, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

export const CHANNELS = ['email', 'phone', 'chat', 'in_person', 'field_visit', 'order'] as const;
export type Channel = (typeof CHANNELS)[number];

export const customers = pgTable(
  'customers',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    externalId: text('external_id'),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    segment: text('segment'),
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }),
    locale: text('locale'),
    consentEmail: boolean('consent_email').notNull().default(true),
    consentPublishName: boolean('consent_publish_name').notNull().default(false),
    unsubscribedAt: ts('unsubscribed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const interactions = pgTable(
  'interactions',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    occurredAt: ts('occurred_at').notNull(),
    teamId: uuid('team_id'),
    externalRef: text('external_ref'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const interactionEmployees = pgTable(
  'interaction_employees',
  {
    orgId: uuid('org_id').notNull(),
    interactionId: uuid('interaction_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.interactionId, t.employeeId] })],
);
