import { bigint, date, doublePrecision, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0005_analytics.sql; schema.int.test.ts fails if the two drift apart.

export const ROLLUP_GRAINS = ['day', 'week', 'month'] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/** Rollup rows with this employee id count every response once ("all employees"). */
export const ALL_EMPLOYEES = '00000000-0000-0000-0000-000000000000';
/** The team id of rollup rows for responses credited to no team. */
export const NO_TEAM = '00000000-0000-0000-0000-000000000000';
/**
 * Two coarser "all employees" layers, told apart by their employee id so that each is one index
 * range: per team over all channels (channel ALL_CHANNELS) and per channel over all teams (team
 * ALL_TEAMS). Team comparisons then read periods × teams rows and the overview periods × channels
 * rows, whatever the number of responses, teams or channels behind them.
 */
export const BY_TEAM_LAYER = '00000000-0000-0000-0000-000000000001';
export const BY_CHANNEL_LAYER = '00000000-0000-0000-0000-000000000002';
export const ALL_TEAMS = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
export const ALL_CHANNELS = '*';

export const analyticsRollups = pgTable(
  'analytics_rollups',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    grain: text('grain', { enum: ROLLUP_GRAINS }).notNull(),
    period: date('period', { mode: 'string' }).notNull(),
    surveyId: uuid('survey_id').notNull(),
    teamId: uuid('team_id').notNull(),
    channel: text('channel').notNull(),
    responses: integer('responses').notNull(),
    scored: integer('scored').notNull(),
    promoters: integer('promoters').notNull(),
    passives: integer('passives').notNull(),
    detractors: integer('detractors').notNull(),
    scoreSum: bigint('score_sum', { mode: 'number' }).notNull(),
    scoreSqSum: bigint('score_sq_sum', { mode: 'number' }).notNull(),
    satisfied: integer('satisfied').notNull(),
    cesSum: bigint('ces_sum', { mode: 'number' }).notNull(),
  },
  (t) => [
    // The survey before the period (migration 0022): one kind's range of periods is one scan.
    primaryKey({
      columns: [t.orgId, t.employeeId, t.grain, t.surveyId, t.period, t.teamId, t.channel],
    }),
  ],
);

export const TARGET_METRICS = ['nps', 'csat', 'ces'] as const;
export const COMPARATORS = ['>=', '<='] as const;

export const analyticsTargets = pgTable(
  'analytics_targets',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name'),
    metric: text('metric', { enum: TARGET_METRICS }).notNull(),
    teamId: uuid('team_id'),
    comparator: text('comparator', { enum: COMPARATORS }).notNull(),
    value: doublePrecision('value').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

// Mirrors src/db/migrations/0011_analytics_digest.sql.
export const analyticsDigestOptOuts = pgTable(
  'analytics_digest_opt_outs',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.employeeId] })],
);

export const analyticsDigestDeliveries = pgTable(
  'analytics_digest_deliveries',
  {
    orgId: uuid('org_id').notNull(),
    week: date('week', { mode: 'string' }).notNull(),
    employeeId: uuid('employee_id').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.week, t.employeeId] })],
);
