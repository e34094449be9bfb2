import {
  boolean,
  char,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0008_recognition.sql and 0019_recognition_celebrations_public.sql; schema.int.test.ts fails if the two drift apart.

export const KUDOS_KINDS = ['success', 'effort'] as const;
export type KudosKind = (typeof KUDOS_KINDS)[number];
export const KUDOS_EVIDENCE_TYPES = ['response', 'interaction', 'case'] as const;
export const FEEDBACK_EVIDENCE_TYPES = ['response', 'interaction', 'case', 'kudos'] as const;
export type EvidenceType = (typeof FEEDBACK_EVIDENCE_TYPES)[number];
export const STORY_TYPES = ['kudos', 'praise', 'celebration'] as const;
export type StoryType = (typeof STORY_TYPES)[number];
export const REACTIONS = ['applause', 'heart', 'star', 'party', 'smile'] as const;
export type Reaction = (typeof REACTIONS)[number];
export const CELEBRATION_KINDS = [
  'first_promoter',
  'praise_milestone',
  'work_anniversary',
  'team_target',
  'customer_recovered',
  'award_winner',
] as const;
export type CelebrationKind = (typeof CELEBRATION_KINDS)[number];
export const PRAISE_STATUSES = ['suggested', 'recognised', 'dismissed'] as const;
export const FEEDBACK_KINDS = ['praise', 'to_improve'] as const;
/** The stories a leader may publish to the public page (celebrations stay inside). */
export const PUBLISHABLE_STORY_TYPES = ['kudos', 'praise'] as const;
export type PublishableStoryType = (typeof PUBLISHABLE_STORY_TYPES)[number];
export const NOMINATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

export const recognitionSettings = pgTable(
  'recognition_settings',
  {
    orgId: uuid('org_id').notNull(),
    valueTags: text('value_tags').array().notNull(),
    pointsEnabled: boolean('points_enabled').notNull().default(true),
    monthlyAllowance: integer('monthly_allowance').notNull().default(100),
    maxPointsPerKudos: integer('max_points_per_kudos').notNull().default(50),
    celebrateFirstPromoter: boolean('celebrate_first_promoter').notNull().default(true),
    praiseMilestones: integer('praise_milestones').array().notNull().default([10, 50, 100]),
    celebrateAnniversaries: boolean('celebrate_anniversaries').notNull().default(true),
    celebrateTeamTargets: boolean('celebrate_team_targets').notNull().default(true),
    celebrateRecoveries: boolean('celebrate_recoveries').notNull().default(true),
    publicWallEnabled: boolean('public_wall_enabled').notNull().default(false),
    feedbackNudgeDays: integer('feedback_nudge_days').notNull().default(14),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

export const kudos = pgTable(
  'kudos',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    giverId: uuid('giver_id').notNull(),
    teamId: uuid('team_id'),
    kind: text('kind', { enum: KUDOS_KINDS }).notNull(),
    message: text('message').notNull(),
    valueTags: text('value_tags').array().notNull().default([]),
    evidenceType: text('evidence_type', { enum: KUDOS_EVIDENCE_TYPES }),
    evidenceId: uuid('evidence_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const kudosRecipients = pgTable(
  'kudos_recipients',
  {
    orgId: uuid('org_id').notNull(),
    kudosId: uuid('kudos_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    points: integer('points').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kudosId, t.employeeId] })],
);

export const kudosAllowances = pgTable(
  'kudos_allowances',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    period: char('period', { length: 7 }).notNull(),
    spent: integer('spent').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.employeeId, t.period] })],
);

export const customerPraise = pgTable(
  'customer_praise',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    responseId: uuid('response_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    teamId: uuid('team_id'),
    customerId: uuid('customer_id'),
    quote: text('quote').notNull(),
    score: smallint('score'),
    praisedAt: ts('praised_at').notNull(),
    status: text('status', { enum: PRAISE_STATUSES }).notNull().default('suggested'),
    kudosId: uuid('kudos_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const celebrations = pgTable(
  'celebrations',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: CELEBRATION_KINDS }).notNull(),
    employeeId: uuid('employee_id'),
    teamId: uuid('team_id'),
    title: text('title').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const wallReactions = pgTable(
  'wall_reactions',
  {
    orgId: uuid('org_id').notNull(),
    storyType: text('story_type', { enum: STORY_TYPES }).notNull(),
    storyId: uuid('story_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    reaction: text('reaction', { enum: REACTIONS }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.storyType, t.storyId, t.employeeId, t.reaction] })],
);

export const wallComments = pgTable(
  'wall_comments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    storyType: text('story_type', { enum: STORY_TYPES }).notNull(),
    storyId: uuid('story_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const feedback = pgTable(
  'feedback',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    giverId: uuid('giver_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    kind: text('kind', { enum: FEEDBACK_KINDS }).notNull(),
    message: text('message').notNull(),
    evidenceType: text('evidence_type', { enum: FEEDBACK_EVIDENCE_TYPES }),
    evidenceId: uuid('evidence_id'),
    evidenceAt: ts('evidence_at'),
    acknowledgedAt: ts('acknowledged_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const feedbackReplies = pgTable(
  'feedback_replies',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    feedbackId: uuid('feedback_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const wallPublications = pgTable(
  'wall_publications',
  {
    orgId: uuid('org_id').notNull(),
    storyType: text('story_type', { enum: PUBLISHABLE_STORY_TYPES }).notNull(),
    storyId: uuid('story_id').notNull(),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.storyType, t.storyId] })],
);

export const awardRounds = pgTable(
  'award_rounds',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    period: text('period').notNull(),
    closesAt: ts('closes_at').notNull(),
    ownerId: uuid('owner_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const awardNominations = pgTable(
  'award_nominations',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    roundId: uuid('round_id').notNull(),
    nomineeId: uuid('nominee_id').notNull(),
    nominatorId: uuid('nominator_id').notNull(),
    reason: text('reason').notNull(),
    evidenceType: text('evidence_type', { enum: FEEDBACK_EVIDENCE_TYPES }),
    evidenceId: uuid('evidence_id'),
    status: text('status', { enum: NOMINATION_STATUSES }).notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
