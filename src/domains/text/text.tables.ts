import { boolean, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';
import type { TextAnalysisRecord } from './text.api.ts';

// Mirrors src/db/migrations/0006_text_analytics.sql; schema.int.test.ts fails if the two drift apart.

export const responseText = pgTable(
  'response_text',
  {
    orgId: uuid('org_id').notNull(),
    responseId: uuid('response_id').notNull(),
    sentiment: text('sentiment', { enum: ['negative', 'neutral', 'positive'] }).notNull(),
    sentimentScore: real('sentiment_score').notNull(),
    themes: text('themes').array().notNull().default([]),
    mentionedEmployeeIds: uuid('mentioned_employee_ids').array().notNull().default([]),
    praise: boolean('praise').notNull().default(false),
    complaint: boolean('complaint').notNull().default(false),
    analysis: jsonb('analysis').$type<TextAnalysisRecord>().notNull(),
    model: text('model').notNull(),
    modelVersion: text('model_version').notNull(),
    analysedAt: ts('analysed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.responseId] })],
);

export const textThemes = pgTable(
  'text_themes',
  {
    orgId: uuid('org_id').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    phrases: text('phrases').array().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

export const responseThemeLabels = pgTable(
  'response_theme_labels',
  {
    orgId: uuid('org_id').notNull(),
    responseId: uuid('response_id').notNull(),
    theme: text('theme').notNull(),
    labelledBy: uuid('labelled_by'),
    labelledAt: ts('labelled_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.responseId, t.theme] })],
);

export const textModels = pgTable(
  'text_models',
  {
    orgId: uuid('org_id').notNull(),
    kind: text('kind', { enum: ['sentiment', 'themes'] }).notNull(),
    model: jsonb('model').notNull(),
    heldOutMacroF1: real('held_out_macro_f1').notNull(),
    defaultMacroF1: real('default_macro_f1').notNull(),
    heldOutAccuracy: real('held_out_accuracy').notNull(),
    trainedOn: integer('trained_on').notNull(),
    testedOn: integer('tested_on').notNull(),
    inUse: boolean('in_use').notNull(),
    trainedAt: ts('trained_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind] })],
);

export const REANALYSIS_STATUSES = ['running', 'done', 'superseded'] as const;

export const textReanalyses = pgTable(
  'text_reanalyses',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    status: text('status', { enum: REANALYSIS_STATUSES }).notNull().default('running'),
    reason: text('reason').notNull(),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    cursor: uuid('cursor'),
    startedBy: uuid('started_by'),
    startedAt: ts('started_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
