import { pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0017_internal_service.sql; schema.int.test.ts fails if the two drift apart.

export const internalServiceRounds = pgTable(
  'internal_service_rounds',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    opensAt: ts('opens_at').notNull(),
    closesAt: ts('closes_at').notNull(),
    providerTeamIds: uuid('provider_team_ids').array().notNull(),
    audienceTeamIds: uuid('audience_team_ids').array().notNull().default([]),
    closedAt: ts('closed_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const internalServiceParticipation = pgTable(
  'internal_service_participation',
  {
    orgId: uuid('org_id').notNull(),
    roundId: uuid('round_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.roundId, t.employeeId] })],
);

export const internalServiceRatings = pgTable(
  'internal_service_ratings',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    roundId: uuid('round_id').notNull(),
    raterTeamId: uuid('rater_team_id'),
    providerTeamId: uuid('provider_team_id').notNull(),
    nps: smallint('nps').notNull(),
    reliability: smallint('reliability').notNull(),
    assurance: smallint('assurance').notNull(),
    tangibles: smallint('tangibles').notNull(),
    empathy: smallint('empathy').notNull(),
    responsiveness: smallint('responsiveness').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const internalServiceComments = pgTable(
  'internal_service_comments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    roundId: uuid('round_id').notNull(),
    raterTeamId: uuid('rater_team_id'),
    providerTeamId: uuid('provider_team_id').notNull(),
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
