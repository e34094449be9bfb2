import { jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';
import type { SurveyDefinition } from './surveys.api.ts';

export const SURVEY_KINDS = ['nps', 'csat', 'ces', 'custom'] as const;
export const INVITATION_CHANNELS = ['email', 'link', 'embed', 'api'] as const;

export const surveys = pgTable(
  'surveys',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: SURVEY_KINDS }).notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['draft', 'active', 'archived'] })
      .notNull()
      .default('draft'),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    activeFrom: ts('active_from'),
    activeUntil: ts('active_until'),
    linkToken: text('link_token'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const invitations = pgTable(
  'invitations',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    interactionId: uuid('interaction_id'),
    channel: text('channel', { enum: INVITATION_CHANNELS }).notNull(),
    token: text('token').notNull(),
    locale: text('locale').notNull().default('en'),
    scheduledFor: ts('scheduled_for'),
    sentAt: ts('sent_at'),
    openedAt: ts('opened_at'),
    answeredAt: ts('answered_at'),
    bouncedAt: ts('bounced_at'),
    remindedAt: ts('reminded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
