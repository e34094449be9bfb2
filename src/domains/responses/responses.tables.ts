import { jsonb, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

export const RESPONSE_SOURCES = ['email', 'link', 'embed', 'api', 'import'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

/** An answer to one question: a number (scores, ratings), an option id, option ids, or text. */
export type AnswerValue = number | string | string[];

export const responses = pgTable(
  'responses',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    invitationId: uuid('invitation_id'),
    customerId: uuid('customer_id'),
    interactionId: uuid('interaction_id'),
    teamId: uuid('team_id'),
    channel: text('channel'),
    source: text('source', { enum: RESPONSE_SOURCES }).notNull(),
    locale: text('locale').notNull().default('en'),
    score: smallint('score'),
    answers: jsonb('answers').$type<Record<string, AnswerValue>>().notNull().default({}),
    comment: text('comment'),
    submittedAt: ts('submitted_at').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    amendableUntil: ts('amendable_until'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const responseEmployees = pgTable(
  'response_employees',
  {
    orgId: uuid('org_id').notNull(),
    responseId: uuid('response_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.responseId, t.employeeId] })],
);
