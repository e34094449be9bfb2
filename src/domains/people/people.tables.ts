import { boolean, char, date, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

// Mirrors src/db/migrations; schema.int.test.ts fails if the two drift apart.

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  currency: char('currency', { length: 3 }).notNull().default('EUR'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const employees = pgTable(
  'employees',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    preferredName: text('preferred_name'),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'leader', 'manager', 'employee'] })
      .notNull()
      .default('employee'),
    active: boolean('active').notNull().default(true),
    startDate: date('start_date', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const teams = pgTable(
  'teams',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['department', 'team', 'sub_team'] }).notNull(),
    parentId: uuid('parent_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const teamManagers = pgTable(
  'team_managers',
  {
    orgId: uuid('org_id').notNull(),
    teamId: uuid('team_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.teamId, t.employeeId] })],
);

export const teamMemberships = pgTable(
  'team_memberships',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    teamId: uuid('team_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
