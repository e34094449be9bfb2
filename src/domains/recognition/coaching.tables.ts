import { date, jsonb, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0016_coaching.sql; schema.int.test.ts fails if the two drift apart.

export const AGENDA_SOURCE_TYPES = ['response', 'case', 'feedback', 'goal'] as const;
export type AgendaSourceType = (typeof AGENDA_SOURCE_TYPES)[number];
export interface AgendaItem {
  id: string;
  text: string;
  source: { type: AgendaSourceType; id: string } | null;
  done: boolean;
}

export const GOAL_STATUSES = ['active', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const oneOnOnes = pgTable(
  'one_on_ones',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    managerId: uuid('manager_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    scheduledFor: ts('scheduled_for').notNull(),
    heldAt: ts('held_at'),
    agenda: jsonb('agenda').$type<AgendaItem[]>().notNull().default([]),
    sharedNotes: text('shared_notes').notNull().default(''),
    privateNotes: text('private_notes').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const coachingGoals = pgTable(
  'coaching_goals',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status', { enum: GOAL_STATUSES }).notNull().default('active'),
    progress: smallint('progress').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const coachingCheckIns = pgTable(
  'coaching_check_ins',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    goalId: uuid('goal_id').notNull(),
    authorId: uuid('author_id').notNull(),
    progress: smallint('progress').notNull(),
    note: text('note').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
