import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { conflict, invalid, isUniqueViolation, notFound } from '../../server/errors.ts';
import { ascendingAfter, containsPattern, pageOf } from '../../server/pagination.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type {
  CreateEmployeeInput,
  EmployeeView,
  ListEmployeesQuery,
  UpdateEmployeeInput,
} from './people.api.ts';
import { employees, teamMemberships, teams } from './people.tables.ts';

// Column names are written out qualified: drizzle renders `${employees.id}` unqualified in a
// single-table select, which inside this subquery would silently bind to the membership's own id.
const currentTeamIds = sql<
  string[]
>`coalesce((select array_agg(m.team_id order by m.team_id) from team_memberships m
  where m.org_id = "employees"."org_id" and m.employee_id = "employees"."id" and m.ended_at is null), '{}')`;

const employeeColumns = {
  id: employees.id,
  name: employees.name,
  preferredName: employees.preferredName,
  email: employees.email,
  role: employees.role,
  active: employees.active,
  startDate: employees.startDate,
  teamIds: currentTeamIds,
  createdAt: employees.createdAt,
  updatedAt: employees.updatedAt,
};

type EmployeeRow = {
  [K in keyof typeof employeeColumns]: K extends 'teamIds'
    ? string[]
    : (typeof employees.$inferSelect)[K & keyof typeof employees.$inferSelect];
};

function toView(row: EmployeeRow): EmployeeView {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function listEmployees(ctx: Ctx, q: ListEmployeesQuery) {
  authorize(ctx, 'people:read');
  const pattern = containsPattern(q.q);
  const sortKey = sql<string>`lower(${employees.name})`;
  const rows = await ctx.db
    .select(employeeColumns)
    .from(employees)
    .where(
      and(
        eq(employees.orgId, ctx.orgId),
        pattern
          ? or(
              ilike(employees.name, pattern),
              ilike(employees.preferredName, pattern),
              ilike(employees.email, pattern),
            )
          : undefined,
        q.role ? eq(employees.role, q.role) : undefined,
        q.active ? eq(employees.active, q.active === 'true') : undefined,
        q.teamId
          ? sql`exists (select 1 from team_memberships m where m.org_id = "employees"."org_id"
              and m.employee_id = "employees"."id" and m.team_id = ${q.teamId} and m.ended_at is null)`
          : undefined,
        ascendingAfter(q.cursor, sortKey, employees.id),
      ),
    )
    .orderBy(asc(sortKey), asc(employees.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (last) => ({ k: last.name.toLowerCase(), id: last.id }), toView);
}

export async function getEmployee(ctx: Ctx, id: string): Promise<EmployeeView> {
  authorize(ctx, 'people:read');
  const [row] = await ctx.db
    .select(employeeColumns)
    .from(employees)
    .where(and(eq(employees.orgId, ctx.orgId), eq(employees.id, id)));
  if (!row) throw notFound('Employee');
  return toView(row);
}

async function assertTeamsExist(db: Db, orgId: string, teamIds: readonly string[]): Promise<void> {
  if (teamIds.length === 0) return;
  const found = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), inArray(teams.id, [...teamIds])));
  const missing = teamIds.filter((id) => !found.some((t) => t.id === id));
  if (missing.length > 0) throw invalid('Unknown team', { field: 'teamIds', teamIds: missing });
}

/**
 * Makes the person's current teams exactly `teamIds`, keeping history: memberships that end get an
 * end time, new ones start now. Returns whether anything changed.
 */
export async function setMemberships(
  db: Db,
  orgId: string,
  employeeId: string,
  teamIds: readonly string[],
): Promise<boolean> {
  const current = await db
    .select({ id: teamMemberships.id, teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        eq(teamMemberships.employeeId, employeeId),
        isNull(teamMemberships.endedAt),
      ),
    );
  const wanted = new Set(teamIds);
  const ending = current.filter((m) => !wanted.has(m.teamId));
  const starting = [...wanted].filter((t) => !current.some((m) => m.teamId === t));
  if (ending.length > 0) {
    await db
      .update(teamMemberships)
      .set({ endedAt: new Date() })
      .where(
        and(
          eq(teamMemberships.orgId, orgId),
          inArray(
            teamMemberships.id,
            ending.map((m) => m.id),
          ),
        ),
      );
  }
  if (starting.length > 0) {
    await db
      .insert(teamMemberships)
      .values(starting.map((teamId) => ({ orgId, id: uuidv7(), teamId, employeeId })));
  }
  return ending.length + starting.length > 0;
}

function duplicateEmail(err: unknown, email: string | undefined): never {
  if (isUniqueViolation(err, 'employees_email_key'))
    throw conflict(`Someone in this organisation already has the email ${email ?? ''}`.trim(), {
      field: 'email',
    });
  throw err;
}

export async function createEmployee(ctx: Ctx, input: CreateEmployeeInput): Promise<EmployeeView> {
  authorize(ctx, 'people:write');
  const id = uuidv7();
  await ctx.db
    .transaction(async (tx) => {
      await assertTeamsExist(tx, ctx.orgId, input.teamIds);
      await tx.insert(employees).values({
        orgId: ctx.orgId,
        id,
        name: input.name,
        preferredName: input.preferredName || null,
        email: input.email,
        role: input.role,
        startDate: input.startDate ?? null,
      });
      await setMemberships(tx, ctx.orgId, id, input.teamIds);
      await recordAudit(
        { ...ctx, db: tx },
        'employee.created',
        { type: 'employee', id },
        { role: input.role },
      );
    })
    .catch((err) => duplicateEmail(err, input.email));
  return getEmployee(ctx, id);
}

export async function updateEmployee(
  ctx: Ctx,
  id: string,
  input: UpdateEmployeeInput,
): Promise<EmployeeView> {
  authorize(ctx, 'people:write');
  await ctx.db
    .transaction(async (tx) => {
      const [before] = await tx
        .select({ role: employees.role, active: employees.active })
        .from(employees)
        .where(and(eq(employees.orgId, ctx.orgId), eq(employees.id, id)))
        .for('update');
      if (!before) throw notFound('Employee');
      const { teamIds, ...fields } = input;
      await tx
        .update(employees)
        .set({
          ...fields,
          preferredName: fields.preferredName === undefined ? undefined : fields.preferredName || null,
          updatedAt: new Date(),
        })
        .where(and(eq(employees.orgId, ctx.orgId), eq(employees.id, id)));
      if (teamIds) {
        await assertTeamsExist(tx, ctx.orgId, teamIds);
        await setMemberships(tx, ctx.orgId, id, teamIds);
      }
      const audit = { ...ctx, db: tx };
      const changed = Object.keys(input).filter((k) => k !== 'active' && k !== 'role');
      if (changed.length > 0)
        await recordAudit(audit, 'employee.updated', { type: 'employee', id }, { fields: changed });
      if (input.active === false && before.active)
        await recordAudit(audit, 'employee.deactivated', { type: 'employee', id });
      if (input.active === true && !before.active)
        await recordAudit(audit, 'employee.reactivated', { type: 'employee', id });
      if (input.role && input.role !== before.role)
        await recordAudit(
          audit,
          'employee.role_changed',
          { type: 'employee', id },
          { from: before.role, to: input.role },
        );
    })
    .catch((err) => duplicateEmail(err, input.email));
  return getEmployee(ctx, id);
}

export async function listMemberships(ctx: Ctx, employeeId: string) {
  await getEmployee(ctx, employeeId);
  const rows = await ctx.db
    .select({
      teamId: teamMemberships.teamId,
      teamName: teams.name,
      startedAt: teamMemberships.startedAt,
      endedAt: teamMemberships.endedAt,
    })
    .from(teamMemberships)
    .innerJoin(teams, and(eq(teams.orgId, teamMemberships.orgId), eq(teams.id, teamMemberships.teamId)))
    .where(and(eq(teamMemberships.orgId, ctx.orgId), eq(teamMemberships.employeeId, employeeId)))
    .orderBy(asc(teamMemberships.startedAt));
  return rows.map((r) => ({
    ...r,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  }));
}

/**
 * The people an interaction names, by id or by email, each with their current team (the earliest
 * joined when they are in several). Unknown people are an INVALID error naming them.
 */
/** The employees with these ids or emails, and each one's current (first) team; missing ones are absent. */
export async function findEmployees(
  db: Db,
  orgId: string,
  ids: readonly string[],
  emails: readonly string[],
): Promise<{ id: string; email: string; teamId: string | null }[]> {
  if (ids.length === 0 && emails.length === 0) return [];
  const lowered = emails.map((e) => e.toLowerCase());
  return db
    .select({
      id: employees.id,
      email: employees.email,
      teamId: sql<
        string | null
      >`(select m.team_id from team_memberships m where m.org_id = "employees"."org_id"
        and m.employee_id = "employees"."id" and m.ended_at is null order by m.started_at, m.team_id limit 1)`,
    })
    .from(employees)
    .where(
      and(
        eq(employees.orgId, orgId),
        or(
          ids.length > 0 ? inArray(employees.id, [...ids]) : undefined,
          lowered.length > 0 ? inArray(sql`lower(${employees.email})`, lowered) : undefined,
        ),
      ),
    );
}

export async function resolveEmployeeRefs(
  db: Db,
  orgId: string,
  ids: readonly string[],
  emails: readonly string[],
): Promise<{ id: string; teamId: string | null }[]> {
  const rows = await findEmployees(db, orgId, ids, emails);
  const missingIds = ids.filter((id) => !rows.some((r) => r.id === id));
  const missingEmails = emails.filter((e) => !rows.some((r) => r.email.toLowerCase() === e.toLowerCase()));
  if (missingIds.length + missingEmails.length > 0)
    throw invalid('Unknown employee', { employeeIds: missingIds, employeeEmails: missingEmails });
  const unique = new Map(rows.map((r) => [r.id, { id: r.id, teamId: r.teamId }]));
  return [...unique.values()];
}
