import { boolean, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';
import type { Quiz, QuizAnswers } from '../training/quiz.ts';
import type { StrategyContent } from './strategy.api.ts';

// Mirrors src/db/migrations/0013_strategy.sql; schema.int.test.ts fails if the two drift apart.

export const ANNOUNCEMENT_KINDS = ['strategy', 'priority', 'announcement'] as const;
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number];

export const strategyDrafts = pgTable(
  'strategy_drafts',
  {
    orgId: uuid('org_id').notNull(),
    content: jsonb('content').$type<StrategyContent>().notNull(),
    basedOnVersion: integer('based_on_version'),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

export const strategyVersions = pgTable(
  'strategy_versions',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    number: integer('number').notNull(),
    content: jsonb('content').$type<StrategyContent>().notNull(),
    note: text('note'),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const strategyAnnouncements = pgTable(
  'strategy_announcements',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: ANNOUNCEMENT_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    strategyVersionId: uuid('strategy_version_id'),
    storyId: uuid('story_id'),
    audienceTeamIds: uuid('audience_team_ids').array(),
    requiresAcknowledgement: boolean('requires_acknowledgement').notNull(),
    quiz: jsonb('quiz').$type<Quiz>(),
    remindAfterDays: integer('remind_after_days'),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const strategyAcknowledgements = pgTable(
  'strategy_acknowledgements',
  {
    orgId: uuid('org_id').notNull(),
    announcementId: uuid('announcement_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    teamId: uuid('team_id'),
    seenAt: ts('seen_at'),
    acknowledgedAt: ts('acknowledged_at'),
    quizScore: real('quiz_score'),
    quizAnswers: jsonb('quiz_answers').$type<QuizAnswers>(),
    quizAnsweredAt: ts('quiz_answered_at'),
    reminders: integer('reminders').notNull().default(0),
    lastRemindedAt: ts('last_reminded_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.announcementId, t.employeeId] })],
);
