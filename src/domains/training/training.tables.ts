import { boolean, date, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0014_training.sql; schema.int.test.ts fails if the two drift apart.

export const MODULE_KINDS = ['competency', 'commitment'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];
export const RULE_KINDS = ['theme', 'new_employee'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const ASSIGNMENT_SOURCES = ['manual', 'team', 'role', 'rule', 'self'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

export interface ModuleLink {
  label: string;
  url: string;
}

export const trainingModules = pgTable(
  'training_modules',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: MODULE_KINDS }).notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull().default(''),
    links: jsonb('links').$type<ModuleLink[]>().notNull().default([]),
    videoUrl: text('video_url'),
    /** A `Quiz` (quiz.ts) with its answers; parsed when read. */
    quiz: jsonb('quiz').$type<unknown>(),
    estimatedMinutes: integer('estimated_minutes').notNull(),
    tags: text('tags').array().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const trainingPaths = pgTable(
  'training_paths',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const trainingPathModules = pgTable(
  'training_path_modules',
  {
    orgId: uuid('org_id').notNull(),
    pathId: uuid('path_id').notNull(),
    moduleId: uuid('module_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.pathId, t.moduleId] })],
);

export const trainingRules = pgTable(
  'training_rules',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: RULE_KINDS }).notNull(),
    active: boolean('active').notNull().default(true),
    theme: text('theme'),
    minShare: real('min_share').notNull().default(0.2),
    minCount: integer('min_count').notNull().default(3),
    windowDays: integer('window_days').notNull().default(30),
    dueInDays: integer('due_in_days').notNull().default(14),
    moduleId: uuid('module_id'),
    pathId: uuid('path_id'),
    lastRunAt: ts('last_run_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const trainingAssignments = pgTable(
  'training_assignments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    moduleId: uuid('module_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    source: text('source', { enum: ASSIGNMENT_SOURCES }).notNull(),
    ruleId: uuid('rule_id'),
    pathId: uuid('path_id'),
    assignedBy: uuid('assigned_by'),
    dueDate: date('due_date', { mode: 'string' }),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    quizAttempts: integer('quiz_attempts').notNull().default(0),
    lastScore: real('last_score'),
    bestScore: real('best_score'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
