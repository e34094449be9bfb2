import { boolean, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations/0009_notifications.sql; schema.int.test.ts fails if the two drift apart.

/** What a person can choose to get by email (or not); the in-app notification comes either way. */
export const NOTIFICATION_TOPICS = ['cases', 'kudos', 'praise', 'feedback', 'strategy', 'training'] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** Every kind of notification, with the email topic it belongs to. */
export const NOTIFICATION_TOPIC_OF = {
  case_assigned: 'cases',
  case_reopened: 'cases',
  case_response: 'cases',
  case_reminder: 'cases',
  case_escalated: 'cases',
  goodwill_approval: 'cases',
  goodwill_decided: 'cases',
  kudos: 'kudos',
  praise: 'praise',
  praise_suggestion: 'praise',
  feedback: 'feedback',
  feedback_reply: 'feedback',
  one_on_one: 'feedback',
  coaching_goal: 'feedback',
  // Action plans are follow-up work with an owner and a due date, as cases are.
  action_assigned: 'cases',
  action_overdue: 'cases',
  training_assigned: 'training',
  training_due: 'training',
  // A priority, strategy version or announcement asks the person to read and acknowledge it.
  strategy_ask: 'strategy',
} as const satisfies Record<string, NotificationTopic>;
export type NotificationKind = keyof typeof NOTIFICATION_TOPIC_OF;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_TOPIC_OF) as [
  NotificationKind,
  ...NotificationKind[],
];

export const notifications = pgTable(
  'notifications',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    dedupeKey: text('dedupe_key').notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const notificationEmailPreferences = pgTable(
  'notification_email_preferences',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    topic: text('topic', { enum: NOTIFICATION_TOPICS }).notNull(),
    email: boolean('email').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.employeeId, t.topic] })],
);
