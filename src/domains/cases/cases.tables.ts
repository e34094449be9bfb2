import {
  boolean,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0007_cases.sql and 0010_case_follow_up.sql; schema.int.test.ts fails if the two drift apart.

export const RULE_KINDS = ['nps_detractor', 'csat_low', 'ces_high', 'keyword', 'negative_sentiment'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const CASE_STATUSES = ['new', 'contacted', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OUTCOMES = ['recovered', 'retained', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OWNER_RULES = ['frontline', 'team_manager'] as const;
export const CONTACT_CHANNELS = ['call', 'email'] as const;
export const GOODWILL_KINDS = ['refund', 'credit', 'replacement', 'upgrade', 'other'] as const;
export const GOODWILL_STATUSES = ['approved', 'pending', 'rejected'] as const;
export const CASE_EVENT_KINDS = [
  'opened',
  'reopened',
  'response',
  'note',
  'contact',
  'status',
  'assigned',
  'watcher',
  'reminder',
  'escalated',
  'root_causes',
  'goodwill',
  'email',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export type GoodwillLimits = Record<'employee' | 'manager' | 'leader' | 'admin', number>;

export const caseSettings = pgTable('case_settings', {
  orgId: uuid('org_id').primaryKey(),
  businessDays: smallint('business_days').array().notNull().default([1, 2, 3, 4, 5]),
  businessStartMinute: integer('business_start_minute').notNull().default(540),
  businessEndMinute: integer('business_end_minute').notNull().default(1020),
  holidays: date('holidays', { mode: 'string' }).array().notNull().default([]),
  firstContactHours: integer('first_contact_hours').notNull().default(48),
  resolutionDays: integer('resolution_days').notNull().default(10),
  reminderHours: integer('reminder_hours').notNull().default(4),
  escalationHours: integer('escalation_hours').notNull().default(8),
  ownerRule: text('owner_rule', { enum: OWNER_RULES }).notNull().default('frontline'),
  rootCauses: text('root_causes').array().notNull().default([]),
  goodwillLimits: jsonb('goodwill_limits').$type<GoodwillLimits>().notNull(),
  lostAfterDays: integer('lost_after_days').notNull().default(90),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  // 0010_case_follow_up.sql
  followUpEnabled: boolean('follow_up_enabled').notNull().default(true),
  followUpDelayHours: integer('follow_up_delay_hours').notNull().default(72),
  followUpSurveyId: uuid('follow_up_survey_id'),
});

export const caseRules = pgTable(
  'case_rules',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: RULE_KINDS }).notNull(),
    threshold: integer('threshold'),
    keywords: text('keywords').array().notNull().default([]),
    surveyId: uuid('survey_id'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const cases = pgTable(
  'cases',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id'),
    responseId: uuid('response_id'),
    interactionId: uuid('interaction_id'),
    teamId: uuid('team_id'),
    ruleId: uuid('rule_id'),
    origin: text('origin', { enum: ['rule', 'manual'] }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('new'),
    ownerId: uuid('owner_id'),
    cycle: integer('cycle').notNull().default(1),
    openedAt: ts('opened_at').notNull(),
    firstContactDue: ts('first_contact_due').notNull(),
    resolutionDue: ts('resolution_due').notNull(),
    firstContactedAt: ts('first_contacted_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    firstContactBreached: boolean('first_contact_breached').notNull().default(false),
    resolutionBreached: boolean('resolution_breached').notNull().default(false),
    rootCauses: text('root_causes').array().notNull().default([]),
    outcome: text('outcome', { enum: OUTCOMES }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const caseResponses = pgTable(
  'case_responses',
  {
    orgId: uuid('org_id').notNull(),
    responseId: uuid('response_id').notNull(),
    caseId: uuid('case_id').notNull(),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.responseId] })],
);

export const caseWatchers = pgTable(
  'case_watchers',
  {
    orgId: uuid('org_id').notNull(),
    caseId: uuid('case_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.caseId, t.employeeId] })],
);

export const caseEvents = pgTable(
  'case_events',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind', { enum: CASE_EVENT_KINDS }).notNull(),
    actorId: uuid('actor_id'),
    channel: text('channel', { enum: CONTACT_CHANNELS }),
    body: text('body'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const FOLLOW_UP_SKIPS = [
  'reopened',
  'no_customer',
  'no_email',
  'no_consent',
  'unsubscribed',
  'disabled',
] as const;
export type FollowUpSkip = (typeof FOLLOW_UP_SKIPS)[number];

/** Mirrors 0010_case_follow_up.sql: the one-question survey sent after a case is resolved. */
export const caseFollowUps = pgTable(
  'case_follow_ups',
  {
    orgId: uuid('org_id').notNull(),
    caseId: uuid('case_id').notNull(),
    cycle: integer('cycle').notNull(),
    dueAt: ts('due_at').notNull(),
    invitationId: uuid('invitation_id'),
    skipped: text('skipped', { enum: FOLLOW_UP_SKIPS }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.caseId, t.cycle] })],
);

export const goodwillActions = pgTable(
  'goodwill_actions',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind', { enum: GOODWILL_KINDS }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    description: text('description'),
    status: text('status', { enum: GOODWILL_STATUSES }).notNull(),
    requestedBy: uuid('requested_by').notNull(),
    approverId: uuid('approver_id'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
