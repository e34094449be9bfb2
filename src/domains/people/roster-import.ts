import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Db, query, sql } from '../../db/client.ts';
import {
  booleanCell,
  emptyImportReport,
  finishReport,
  optionalCell,
  readCsv,
  rowErrors,
} from '../../server/csv-import.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { setMemberships } from './employees.service.ts';
import type { RosterReport } from './people.api.ts';
import { IsoDate, RoleSchema } from './people.api.ts';
import { employees, teams } from './people.tables.ts';

export const ROSTER_COLUMNS = [
  'email',
  'name',
  'preferred_name',
  'role',
  'start_date',
  'department',
  'team',
  'active',
];
const lowerCase = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const RosterRow = z.object({
  email: z.email('not a valid email address').max(254),
  name: z.string({ error: 'a name is required' }).trim().min(1, 'a name is required').max(200),
  preferred_name: optionalCell(z.string().max(100).optional()),
  role: optionalCell(z.preprocess(lowerCase, RoleSchema).optional()),
  start_date: optionalCell(IsoDate.optional()),
  department: optionalCell(z.string().max(200).optional()),
  team: optionalCell(z.string().max(200).optional()),
  active: optionalCell(booleanCell.optional()),
});
type RosterRow = z.infer<typeof RosterRow>;

interface PlannedRow {
  row: RosterRow;
  existingId: string | null;
  changed: boolean;
  teamKey: string | null;
}

interface Plan {
  report: RosterReport;
  rows: PlannedRow[];
  /** Teams to create, keyed `department/team` (team may be empty for a department on its own). */
  newTeams: Map<string, { department: string; team: string | null }>;
  teamIdByKey: Map<string, string>;
  deactivate: string[];
}

const norm = (s: string) => s.trim().toLowerCase();

async function plan(
  db: Db,
  ctx: Ctx,
  csv: string,
  dryRun: boolean,
  deactivateMissing: boolean,
): Promise<Plan> {
  const report: RosterReport = { ...emptyImportReport(dryRun), deactivated: 0, teamsCreated: [] };
  const result: Plan = { report, rows: [], newTeams: new Map(), teamIdByKey: new Map(), deactivate: [] };
  const { rows: records, errors } = readCsv(csv, { required: ['email', 'name'] });
  if (errors.length > 0) {
    report.errors.push(...errors);
    report.ok = false;
    return result;
  }
  report.total = records.length;

  const existing = await db.select().from(employees).where(eq(employees.orgId, ctx.orgId));
  const byEmail = new Map(existing.map((e) => [norm(e.email), e]));
  const allTeams = await db
    .select({ id: teams.id, name: teams.name, kind: teams.kind, parentId: teams.parentId })
    .from(teams)
    .where(eq(teams.orgId, ctx.orgId));
  const departments = allTeams.filter((t) => t.kind === 'department');
  const seen = new Map<string, number>();
  const currentTeams = await currentTeamByEmployee(db, ctx.orgId);

  for (const { line, record } of records) {
    const parsed = RosterRow.safeParse(record);
    if (!parsed.success) {
      report.errors.push(...rowErrors(line, parsed.error));
      continue;
    }
    const row = parsed.data;
    const key = norm(row.email);
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      report.errors.push({
        row: line,
        field: 'email',
        message: `The same email is already on line ${firstLine}`,
      });
      continue;
    }
    seen.set(key, line);

    let teamKey: string | null = null;
    if (row.department || row.team) {
      const dept = row.department
        ? departments.find((d) => norm(d.name) === norm(row.department ?? ''))
        : undefined;
      if (row.team) {
        const candidates = allTeams.filter(
          (t) =>
            t.kind !== 'department' &&
            norm(t.name) === norm(row.team ?? '') &&
            (!row.department || t.parentId === dept?.id),
        );
        if (candidates.length > 1) {
          report.errors.push({
            row: line,
            field: 'team',
            message: 'Several teams have this name; add the department column',
          });
          continue;
        }
        teamKey = `${norm(row.department ?? '')}/${norm(row.team)}`;
        if (candidates[0]) result.teamIdByKey.set(teamKey, candidates[0].id);
        else if (row.department) result.newTeams.set(teamKey, { department: row.department, team: row.team });
        else {
          report.errors.push({
            row: line,
            field: 'team',
            message: `No team is called "${row.team}"; add a department column to create it`,
          });
          continue;
        }
      } else if (row.department) {
        teamKey = `${norm(row.department)}/`;
        if (dept) result.teamIdByKey.set(teamKey, dept.id);
        else result.newTeams.set(teamKey, { department: row.department, team: null });
      }
    }

    const before = byEmail.get(key);
    let changed = true;
    if (before) {
      changed =
        before.name !== row.name ||
        (row.preferred_name !== undefined && before.preferredName !== row.preferred_name) ||
        (row.role !== undefined && before.role !== row.role) ||
        (row.start_date !== undefined && before.startDate !== row.start_date) ||
        before.active !== (row.active ?? true) ||
        before.email !== row.email ||
        (teamKey !== null &&
          (result.teamIdByKey.get(teamKey) ?? null) !== (currentTeams.get(before.id) ?? '-'));
      if (changed) report.updated++;
      else report.unchanged++;
    } else {
      report.created++;
    }
    result.rows.push({ row, existingId: before?.id ?? null, changed, teamKey });
  }

  if (deactivateMissing) {
    const selfId = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
    result.deactivate = existing
      .filter((e) => e.active && !seen.has(norm(e.email)) && e.id !== selfId)
      .map((e) => e.id);
    report.deactivated = result.deactivate.length;
  }
  const created = new Set<string>();
  for (const t of result.newTeams.values()) {
    if (!departments.some((d) => norm(d.name) === norm(t.department))) created.add(t.department);
    if (t.team) created.add(`${t.department} / ${t.team}`);
  }
  report.teamsCreated = [...created];
  finishReport(report);
  if (!report.ok) report.deactivated = 0;
  return result;
}

/** The one team (when there is exactly one) each employee currently belongs to, to tell "unchanged". */
async function currentTeamByEmployee(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await query<{ employee_id: string; team_id: string }>(
    db,
    sql`select employee_id, min(team_id::text) as team_id from team_memberships
        where org_id = ${orgId} and ended_at is null group by employee_id having count(*) = 1`,
  );
  return new Map(rows.map((r) => [r.employee_id, r.team_id]));
}

async function ensureTeams(tx: Db, ctx: Ctx, p: Plan): Promise<void> {
  for (const [key, t] of p.newTeams) {
    const deptKey = `${norm(t.department)}/`;
    let deptId = p.teamIdByKey.get(deptKey);
    if (!deptId) {
      const [found] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(
          and(
            eq(teams.orgId, ctx.orgId),
            eq(teams.kind, 'department'),
            sql`lower(${teams.name}) = ${norm(t.department)}`,
          ),
        );
      deptId = found?.id ?? uuidv7();
      if (!found)
        await tx
          .insert(teams)
          .values({ orgId: ctx.orgId, id: deptId, name: t.department, kind: 'department' });
      p.teamIdByKey.set(deptKey, deptId);
    }
    if (t.team) {
      const id = uuidv7();
      await tx.insert(teams).values({ orgId: ctx.orgId, id, name: t.team, kind: 'team', parentId: deptId });
      p.teamIdByKey.set(key, id);
    }
  }
}

/**
 * Imports a roster CSV. Always validates every row first; writes only when `dryRun` is false and
 * no row has an error, all in one transaction. Re-importing the same file changes nothing.
 */
export async function importRoster(
  ctx: Ctx,
  input: { csv: string; dryRun: boolean; deactivateMissing: boolean },
): Promise<RosterReport> {
  authorize(ctx, 'people:write');
  if (input.dryRun) return (await plan(ctx.db, ctx, input.csv, true, input.deactivateMissing)).report;
  return ctx.db.transaction(async (tx) => {
    const p = await plan(tx, ctx, input.csv, false, input.deactivateMissing);
    if (!p.report.ok) return p.report;
    await ensureTeams(tx, ctx, p);
    for (const { row, existingId, changed, teamKey } of p.rows) {
      if (existingId && !changed) continue;
      const id = existingId ?? uuidv7();
      const values = {
        name: row.name,
        email: row.email,
        ...(row.preferred_name !== undefined && { preferredName: row.preferred_name }),
        ...(row.role !== undefined && { role: row.role }),
        ...(row.start_date !== undefined && { startDate: row.start_date }),
        active: row.active ?? true,
      };
      if (existingId) {
        await tx
          .update(employees)
          .set({ ...values, updatedAt: new Date() })
          .where(and(eq(employees.orgId, ctx.orgId), eq(employees.id, id)));
      } else {
        await tx.insert(employees).values({ orgId: ctx.orgId, id, ...values });
      }
      const teamId = teamKey ? p.teamIdByKey.get(teamKey) : undefined;
      if (teamId) await setMemberships(tx, ctx.orgId, id, [teamId]);
    }
    for (const id of p.deactivate) {
      await tx
        .update(employees)
        .set({ active: false, updatedAt: new Date() })
        .where(and(eq(employees.orgId, ctx.orgId), eq(employees.id, id)));
    }
    const { errors: _, ...counts } = p.report;
    await recordAudit({ ...ctx, db: tx }, 'roster.imported', null, counts);
    return p.report;
  });
}
