import { date, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0015_action_plans_climate.sql; schema.int.test.ts fails if the two drift apart.

/** What an action answers: a culture construct, a pulse statement, a text theme or a customer metric. */
export const ACTION_SOURCE_KINDS = ['construct', 'statement', 'theme', 'metric'] as const;
export type ActionSourceKind = (typeof ACTION_SOURCE_KINDS)[number];
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const actionPlans = pgTable(
  'action_plans',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    teamId: uuid('team_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    createdBy: uuid('created_by'),
    sourceKind: text('source_kind', { enum: ACTION_SOURCE_KINDS }).notNull(),
    sourceKey: text('source_key').notNull(),
    pulseId: uuid('pulse_id'),
    title: text('title').notNull(),
    description: text('description'),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('planned'),
    completedAt: ts('completed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const actionPlanUpdates = pgTable(
  'action_plan_updates',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    actionPlanId: uuid('action_plan_id').notNull(),
    authorId: uuid('author_id'),
    body: text('body').notNull(),
    status: text('status', { enum: ACTION_STATUSES }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
