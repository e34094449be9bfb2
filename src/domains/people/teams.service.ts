import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { conflict, invalid, isUniqueViolation, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { CreateTeamInput, TeamView, UpdateTeamInput } from './people.api.ts';
import { employees, teamManagers, teams } from './people.tables.ts';

type TeamKind = TeamView['kind'];

// The hierarchy is exactly department → team → sub-team; fixing each level's parent kind also
// makes cycles impossible.
const PARENT_KIND: Record<TeamKind, TeamKind | null> = {
  department: null,
  team: 'department',
  sub_team: 'team',
};

const teamColumns = {
  id: teams.id,
  name: teams.name,
  kind: teams.kind,
  parentId: teams.parentId,
  // Qualified by hand: see the note on currentTeamIds in employees.service.ts.
  managerIds: sql<
    string[]
  >`coalesce((select array_agg(tm.employee_id order by tm.employee_id) from team_managers tm
    where tm.org_id = "teams"."org_id" and tm.team_id = "teams"."id"), '{}')`,
  memberCount: sql<number>`(select count(*)::int from team_memberships m
    where m.org_id = "teams"."org_id" and m.team_id = "teams"."id" and m.ended_at is null)`,
};

export async function listTeams(ctx: Ctx): Promise<TeamView[]> {
  authorize(ctx, 'people:read');
  return ctx.db.select(teamColumns).from(teams).where(eq(teams.orgId, ctx.orgId)).orderBy(asc(teams.name));
}

export async function getTeam(ctx: Ctx, id: string): Promise<TeamView> {
  authorize(ctx, 'people:read');
  const [row] = await ctx.db
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.orgId, ctx.orgId), eq(teams.id, id)));
  if (!row) throw notFound('Team');
  return row;
}

async function assertParent(db: Db, orgId: string, kind: TeamKind, parentId: string | null | undefined) {
  const expected = PARENT_KIND[kind];
  if (expected === null) {
    if (parentId) throw invalid('A department has no parent', { field: 'parentId' });
    return;
  }
  if (!parentId)
    throw invalid(`A ${kind.replace('_', '-')} needs a parent ${expected.replace('_', '-')}`, {
      field: 'parentId',
    });
  const [parent] = await db
    .select({ kind: teams.kind })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, parentId)));
  if (!parent) throw invalid('Unknown parent team', { field: 'parentId' });
  if (parent.kind !== expected)
    throw invalid(`The parent of a ${kind.replace('_', '-')} must be a ${expected.replace('_', '-')}`, {
      field: 'parentId',
    });
}

async function setManagers(db: Db, orgId: string, teamId: string, managerIds: readonly string[]) {
  if (managerIds.length > 0) {
    const found = await db
      .select({ id: employees.id })
      .from(employees)
      .where(and(eq(employees.orgId, orgId), inArray(employees.id, [...managerIds])));
    if (found.length !== new Set(managerIds).size) throw invalid('Unknown manager', { field: 'managerIds' });
  }
  await db.delete(teamManagers).where(and(eq(teamManagers.orgId, orgId), eq(teamManagers.teamId, teamId)));
  if (managerIds.length > 0) {
    await db
      .insert(teamManagers)
      .values([...new Set(managerIds)].map((employeeId) => ({ orgId, teamId, employeeId })));
  }
}

function duplicateName(err: unknown): never {
  if (isUniqueViolation(err, 'teams_name_key'))
    throw conflict('A team with this name already exists under the same parent', { field: 'name' });
  throw err;
}

export async function createTeam(ctx: Ctx, input: CreateTeamInput): Promise<TeamView> {
  authorize(ctx, 'people:write');
  const id = uuidv7();
  await ctx.db
    .transaction(async (tx) => {
      await assertParent(tx, ctx.orgId, input.kind, input.parentId);
      await tx.insert(teams).values({
        orgId: ctx.orgId,
        id,
        name: input.name,
        kind: input.kind,
        parentId: input.parentId ?? null,
      });
      await setManagers(tx, ctx.orgId, id, input.managerIds);
      await recordAudit({ ...ctx, db: tx }, 'team.created', { type: 'team', id }, { name: input.name });
    })
    .catch(duplicateName);
  return getTeam(ctx, id);
}

export async function updateTeam(ctx: Ctx, id: string, input: UpdateTeamInput): Promise<TeamView> {
  authorize(ctx, 'people:write');
  await ctx.db
    .transaction(async (tx) => {
      const [team] = await tx
        .select({ kind: teams.kind })
        .from(teams)
        .where(and(eq(teams.orgId, ctx.orgId), eq(teams.id, id)));
      if (!team) throw notFound('Team');
      if (input.parentId !== undefined) await assertParent(tx, ctx.orgId, team.kind, input.parentId);
      await tx
        .update(teams)
        .set({ name: input.name, parentId: input.parentId, updatedAt: new Date() })
        .where(and(eq(teams.orgId, ctx.orgId), eq(teams.id, id)));
      if (input.managerIds) await setManagers(tx, ctx.orgId, id, input.managerIds);
      await recordAudit({ ...ctx, db: tx }, 'team.updated', { type: 'team', id });
    })
    .catch(duplicateName);
  return getTeam(ctx, id);
}

export async function assertTeamExists(db: Db, orgId: string, teamId: string): Promise<void> {
  if (!(await existingTeamIds(db, orgId, [teamId])).has(teamId))
    throw invalid('Unknown team', { field: 'teamId' });
}

/** Which of these team ids exist in the organisation. */
export async function existingTeamIds(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), inArray(teams.id, [...new Set(ids)])));
  return new Set(rows.map((r) => r.id));
}
