import { integer, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';
import { CONSTRUCTS } from './constructs.ts';

// Mirrors src/db/migrations/0012_culture_pulse.sql; schema.int.test.ts fails if the two drift apart.

export const RECURRENCES = ['none', 'monthly', 'quarterly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const TENURE_BANDS = ['<1y', '1-3y', '3y+', 'unknown'] as const;
export type TenureBand = (typeof TENURE_BANDS)[number];

export const cultureSettings = pgTable(
  'culture_settings',
  {
    orgId: uuid('org_id').notNull(),
    minGroupSize: integer('min_group_size').notNull().default(5),
    minCommentGroupSize: integer('min_comment_group_size').notNull().default(10),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

export const cultureStatements = pgTable(
  'culture_statements',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    construct: text('construct', { enum: CONSTRUCTS }).notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull().default(0),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const culturePulses = pgTable(
  'culture_pulses',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    opensAt: ts('opens_at').notNull(),
    closesAt: ts('closes_at').notNull(),
    audienceTeamIds: uuid('audience_team_ids').array().notNull().default([]),
    constructs: text('constructs').array().notNull(),
    recurrence: text('recurrence', { enum: RECURRENCES }).notNull().default('none'),
    previousPulseId: uuid('previous_pulse_id'),
    closedAt: ts('closed_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const culturePulseStatements = pgTable(
  'culture_pulse_statements',
  {
    orgId: uuid('org_id').notNull(),
    pulseId: uuid('pulse_id').notNull(),
    statementId: uuid('statement_id').notNull(),
    construct: text('construct', { enum: CONSTRUCTS }).notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.pulseId, t.statementId] })],
);

export const cultureParticipation = pgTable(
  'culture_participation',
  {
    orgId: uuid('org_id').notNull(),
    pulseId: uuid('pulse_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.pulseId, t.employeeId] })],
);

export const cultureAnswers = pgTable(
  'culture_answers',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    pulseId: uuid('pulse_id').notNull(),
    teamId: uuid('team_id'),
    role: text('role').notNull(),
    tenureBand: text('tenure_band', { enum: TENURE_BANDS }).notNull(),
    enps: smallint('enps').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const cultureAnswerScores = pgTable(
  'culture_answer_scores',
  {
    orgId: uuid('org_id').notNull(),
    answerId: uuid('answer_id').notNull(),
    statementId: uuid('statement_id').notNull(),
    construct: text('construct', { enum: CONSTRUCTS }).notNull(),
    score: smallint('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.answerId, t.statementId] })],
);

export const cultureComments = pgTable(
  'culture_comments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    pulseId: uuid('pulse_id').notNull(),
    teamId: uuid('team_id'),
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
