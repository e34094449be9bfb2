import { date, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0015_action_plans_climate.sql; schema.int.test.ts fails if the two drift apart.

export const ASSESSMENT_STATUSES = ['draft', 'completed'] as const;

export const climateAssessments = pgTable(
  'climate_assessments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    leaderId: uuid('leader_id').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ASSESSMENT_STATUSES }).notNull().default('draft'),
    completedAt: ts('completed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const climateAnswers = pgTable(
  'climate_answers',
  {
    orgId: uuid('org_id').notNull(),
    assessmentId: uuid('assessment_id').notNull(),
    questionKey: text('question_key').notNull(),
    rating: smallint('rating'),
    notes: text('notes'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.assessmentId, t.questionKey] })],
);
