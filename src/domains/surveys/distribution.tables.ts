import { boolean, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';
import type { Channel } from '../customers/customers.tables.ts';

/** When to invite a customer after an interaction (see distribution.service.ts). */
export const distributionRules = pgTable(
  'distribution_rules',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    name: text('name').notNull(),
    channels: text('channels').array().$type<Channel[]>().notNull().default([]),
    teamIds: uuid('team_ids').array().notNull().default([]),
    delayMinutes: integer('delay_minutes').notNull().default(60),
    samplingPercent: integer('sampling_percent').notNull().default(100),
    fatigueDays: integer('fatigue_days').notNull().default(30),
    reminderDays: integer('reminder_days'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
