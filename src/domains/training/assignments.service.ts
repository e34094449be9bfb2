import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can, requireUser } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { isoOf, managesSql, teamAndBelow } from '../recognition/managers.ts';
import { loadModule, pathModuleIds, quizOf } from './catalogue.service.ts';
import { type QuizAnswers, scoreQuiz } from './quiz.ts';
import type { AssignInput, AssignmentView, ProgressView } from './training.api.ts';
import type { AssignmentSource } from './training.tables.ts';

export interface AssignmentRow {
  id: string;
  module_id: string;
  module_title: string;
  module_kind: 'competency' | 'commitment';
  estimated_minutes: number;
  employee_id: string;
  employee_name: string;
  source: AssignmentSource;
  rule_id: string | null;
  path_id: string | null;
  due_date: string | null;
  assigned_at: Date | string;
  completed_at: Date | string | null;
  quiz_attempts: number;
  last_score: number | null;
  best_score: number | null;
  status: 'open' | 'overdue' | 'done';
}

/** Overdue: open after its due date has passed in the organisation's time zone. */
const statusSql = (now: Date) => sql`case when a.completed_at is not null then 'done'
  when a.due_date < (${now.toISOString()}::timestamptz at time zone o.time_zone)::date then 'overdue'
  else 'open' end`;

export async function assignmentRows(
  db: Db,
  orgId: string,
  f: {
    id?: string;
    employeeId?: string | undefined;
    moduleId?: string | undefined;
    teamId?: string | undefined;
    status?: 'open' | 'overdue' | 'done' | 'any';
    /** Only people this manager manages. */
    managedBy?: string | undefined;
    order?: SQL;
    limit?: number;
    now?: Date;
  },
): Promise<AssignmentRow[]> {
  const now = f.now ?? new Date();
  const where: SQL[] = [sql`a.org_id = ${orgId}`];
  if (f.id) where.push(sql`a.id = ${f.id}`);
  if (f.employeeId) where.push(sql`a.employee_id = ${f.employeeId}`);
  if (f.moduleId) where.push(sql`a.module_id = ${f.moduleId}`);
  if (f.teamId)
    where.push(sql`exists (select 1 from team_memberships m where m.org_id = a.org_id and m.employee_id = a.employee_id
      and m.ended_at is null and m.team_id in ${teamAndBelow(orgId, f.teamId)})`);
  if (f.managedBy) where.push(managesSql(orgId, f.managedBy, sql`a.employee_id`));
  if (f.status && f.status !== 'any') where.push(sql`${statusSql(now)} = ${f.status}`);
  return query<AssignmentRow>(
    db,
    sql`select a.id, a.module_id, tm.title as module_title, tm.kind as module_kind,
          tm.estimated_minutes, a.employee_id, coalesce(e.preferred_name, e.name) as employee_name,
          a.source, a.rule_id, a.path_id, a.due_date::text as due_date, a.assigned_at, a.completed_at,
          a.quiz_attempts, a.last_score, a.best_score, ${statusSql(now)} as status
        from training_assignments a
        join organisations o on o.id = a.org_id
        join training_modules tm on tm.org_id = a.org_id and tm.id = a.module_id
        join employees e on e.org_id = a.org_id and e.id = a.employee_id
        where ${sql.join(where, sql` and `)}
        order by ${f.order ?? sql`a.assigned_at desc, a.id desc`}
        limit ${f.limit ?? 500}`,
  );
}

export const assignmentViewOf = (r: AssignmentRow): AssignmentView => ({
  id: r.id,
  moduleId: r.module_id,
  moduleTitle: r.module_title,
  moduleKind: r.module_kind,
  estimatedMinutes: r.estimated_minutes,
  employeeId: r.employee_id,
  employeeName: r.employee_name,
  source: r.source,
  ruleId: r.rule_id,
  pathId: r.path_id,
  dueDate: r.due_date,
  assignedAt: isoOf(r.assigned_at),
  completedAt: r.completed_at ? isoOf(r.completed_at) : null,
  status: r.status,
  quizAttempts: r.quiz_attempts,
  lastScore: r.last_score === null ? null : Number(r.last_score),
  bestScore: r.best_score === null ? null : Number(r.best_score),
});

export interface NewAssignments {
  employeeIds: readonly string[];
  moduleIds: readonly string[];
  source: AssignmentSource;
  ruleId?: string | null;
  pathId?: string | null;
  assignedBy?: string | null;
  dueDate?: string | null;
  at?: Date;
  /** Demo data and back-fills assign without telling anyone. */
  silent?: boolean;
}

/**
 * Assigns every module to every person, skipping each pair with an open assignment of that module
 * (a partial unique index makes this hold under concurrent runs too). Then tells each person who
 * got something new. Returns the new assignments.
 */
export async function insertAssignments(
  db: Db,
  orgId: string,
  n: NewAssignments,
): Promise<{ id: string; employee_id: string; module_id: string }[]> {
  const created: { id: string; employee_id: string; module_id: string }[] = [];
  const at = (n.at ?? new Date()).toISOString();
  for (const employeeId of new Set(n.employeeIds))
    for (const moduleId of new Set(n.moduleIds)) {
      const rows = await query<{ id: string; employee_id: string; module_id: string }>(
        db,
        sql`insert into training_assignments (org_id, id, module_id, employee_id, source, rule_id, path_id,
              assigned_by, due_date, assigned_at)
            values (${orgId}, ${uuidv7()}, ${moduleId}, ${employeeId}, ${n.source}, ${n.ruleId ?? null},
              ${n.pathId ?? null}, ${n.assignedBy ?? null}, ${n.dueDate ?? null}::date, ${at}::timestamptz)
            on conflict (org_id, employee_id, module_id) where completed_at is null do nothing
            returning id, employee_id, module_id`,
      );
      created.push(...rows);
    }
  if (created.length > 0 && !n.silent) await notifyAssigned(db, orgId, created, n.dueDate ?? null);
  return created;
}

async function notifyAssigned(
  db: Db,
  orgId: string,
  created: { id: string; employee_id: string; module_id: string }[],
  dueDate: string | null,
) {
  const titles = new Map(
    (
      await query<{ id: string; title: string }>(
        db,
        sql`select id, title from training_modules where org_id = ${orgId}
            and id in ${[...new Set(created.map((c) => c.module_id))]}`,
      )
    ).map((m) => [m.id, m.title]),
  );
  const byPerson = new Map<string, typeof created>();
  for (const c of created) byPerson.set(c.employee_id, [...(byPerson.get(c.employee_id) ?? []), c]);
  for (const [employeeId, mine] of byPerson) {
    const first = mine[0];
    if (!first) continue;
    const names = mine.map((m) => titles.get(m.module_id) ?? 'a module');
    await notify(db, orgId, {
      to: employeeId,
      kind: 'training_assigned',
      title: mine.length === 1 ? `New training: ${names[0]}` : `${mine.length} new training modules`,
      body: `${names.join(', ')}${dueDate ? `. Due by ${dueDate}.` : '.'}`,
      link: mine.length === 1 ? `/training/modules/${first.module_id}` : '/training',
      dedupeKey: `training-assigned:${first.id}`,
    });
  }
}

/** The active people a manual assignment names: by id, by current team (with sub-teams), by role. */
async function resolvePeople(db: Db, orgId: string, input: AssignInput): Promise<string[]> {
  const ids = new Set<string>();
  if (input.employeeIds.length) {
    const found = await query<{ id: string }>(
      db,
      sql`select id from employees where org_id = ${orgId} and active and id in ${input.employeeIds}`,
    );
    if (found.length !== new Set(input.employeeIds).size) throw notFound('Employee');
    for (const r of found) ids.add(r.id);
  }
  for (const teamId of new Set(input.teamIds)) {
    const [team] = await query(db, sql`select 1 from teams where org_id = ${orgId} and id = ${teamId}`);
    if (!team) throw notFound('Team');
    const members = await query<{ id: string }>(
      db,
      sql`select distinct e.id from team_memberships m join employees e on e.org_id = m.org_id and e.id = m.employee_id
          where m.org_id = ${orgId} and m.ended_at is null and e.active and m.team_id in ${teamAndBelow(orgId, teamId)}`,
    );
    for (const r of members) ids.add(r.id);
  }
  if (input.roles.length) {
    const people = await query<{ id: string }>(
      db,
      sql`select id from employees where org_id = ${orgId} and active and role in ${input.roles}`,
    );
    for (const r of people) ids.add(r.id);
  }
  return [...ids];
}

/**
 * Assigns a module or a path by hand. Those who edit the catalogue assign anyone; a manager with
 * `training:assign` only the people they manage.
 */
export async function assignTraining(ctx: Ctx, input: AssignInput) {
  authorize(ctx, 'training:assign');
  const moduleIds = input.pathId
    ? await pathModuleIds(ctx.db, ctx.orgId, input.pathId)
    : [(await activeModule(ctx.db, ctx.orgId, input.moduleId ?? '')).id];
  const people = await resolvePeople(ctx.db, ctx.orgId, input);
  if (!can(ctx.actor, 'training:manage') && people.length > 0) {
    const me = requireUser(ctx).employeeId;
    const outside = await query<{ id: string }>(
      ctx.db,
      sql`select e.id from employees e where e.org_id = ${ctx.orgId} and e.id in ${people}
          and not ${managesSql(ctx.orgId, me, sql`e.id`)}`,
    );
    if (outside.length) throw forbidden('You can assign training only to the people you manage');
  }
  const source: AssignmentSource = input.employeeIds.length
    ? 'manual'
    : input.teamIds.length
      ? 'team'
      : 'role';
  const created = await ctx.db.transaction((tx) =>
    insertAssignments(tx, ctx.orgId, {
      employeeIds: people,
      moduleIds,
      source,
      pathId: input.pathId ?? null,
      assignedBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
      dueDate: input.dueDate ?? null,
    }),
  );
  return {
    assigned: created.length,
    alreadyOpen: people.length * moduleIds.length - created.length,
    people: people.length,
  };
}

async function activeModule(db: Db, orgId: string, id: string) {
  const row = await loadModule(db, orgId, id);
  if (!row.active) throw notFound('Module');
  return row;
}

/** Who the caller may see the training of: everyone (catalogue editors, admins) or their reports. */
function progressScope(ctx: Ctx): string | undefined {
  authorize(ctx, 'training:progress');
  if (can(ctx.actor, 'training:manage') || ctx.actor.type !== 'user') return undefined;
  return ctx.actor.employeeId;
}

export async function listAssignments(
  ctx: Ctx,
  q: {
    employeeId?: string | undefined;
    teamId?: string | undefined;
    moduleId?: string | undefined;
    status: 'open' | 'overdue' | 'done' | 'any';
    limit: number;
  },
): Promise<AssignmentView[]> {
  const managedBy = progressScope(ctx);
  const rows = await assignmentRows(ctx.db, ctx.orgId, { ...q, managedBy });
  return rows.map(assignmentViewOf);
}

/** The signed-in person's training: what is due (overdue and soonest first) and what is done. */
export async function myTraining(ctx: Ctx) {
  const me = requireUser(ctx).employeeId;
  const rows = await assignmentRows(ctx.db, ctx.orgId, {
    employeeId: me,
    order: sql`a.completed_at desc nulls first, a.due_date asc nulls last, a.assigned_at asc`,
  });
  return {
    due: rows.filter((r) => r.status !== 'done').map(assignmentViewOf),
    done: rows.filter((r) => r.status === 'done').map(assignmentViewOf),
  };
}

/** The person's open assignment of the module, or a new one they take themselves. */
async function openAssignmentOf(db: Db, orgId: string, employeeId: string, moduleId: string, now: Date) {
  const [open] = await query<{ id: string }>(
    db,
    sql`select id from training_assignments where org_id = ${orgId} and employee_id = ${employeeId}
        and module_id = ${moduleId} and completed_at is null for update`,
  );
  if (open) return open.id;
  const [created] = await insertAssignments(db, orgId, {
    employeeIds: [employeeId],
    moduleIds: [moduleId],
    source: 'self',
    at: now,
  });
  if (!created) throw invalid('Could not start the module; try again');
  return created.id;
}

async function viewOfAssignment(db: Db, orgId: string, id: string, now: Date) {
  const [row] = await assignmentRows(db, orgId, { id, now });
  if (!row) throw notFound('Assignment');
  return assignmentViewOf(row);
}

/** Marks a module without a quiz done (a module with a quiz is completed by passing it). */
export async function completeModule(ctx: Ctx, moduleId: string, now = new Date()): Promise<AssignmentView> {
  const module = await activeModule(ctx.db, ctx.orgId, moduleId);
  const me = requireUser(ctx).employeeId;
  if (quizOf(module)) throw invalid('This module has a quiz: pass it to complete the module');
  return ctx.db.transaction(async (tx) => {
    const id = await openAssignmentOf(tx, ctx.orgId, me, moduleId, now);
    await tx.execute(sql`update training_assignments set completed_at = ${now.toISOString()}::timestamptz,
        started_at = coalesce(started_at, ${now.toISOString()}::timestamptz)
        where org_id = ${ctx.orgId} and id = ${id}`);
    return viewOfAssignment(tx, ctx.orgId, id, now);
  });
}

/** Scores the reader's answers; passing completes the module. Every attempt is counted. */
export async function submitQuiz(ctx: Ctx, moduleId: string, answers: QuizAnswers, now = new Date()) {
  const module = await activeModule(ctx.db, ctx.orgId, moduleId);
  const me = requireUser(ctx).employeeId;
  const quiz = quizOf(module);
  if (!quiz) throw invalid('This module has no quiz: mark it as done instead');
  const result = scoreQuiz(quiz, answers);
  const assignment = await ctx.db.transaction(async (tx) => {
    const id = await openAssignmentOf(tx, ctx.orgId, me, moduleId, now);
    const at = sql`${now.toISOString()}::timestamptz`;
    await tx.execute(sql`update training_assignments set quiz_attempts = quiz_attempts + 1,
        last_score = ${result.score}, best_score = greatest(coalesce(best_score, 0), ${result.score}),
        started_at = coalesce(started_at, ${at}),
        completed_at = ${result.passed ? at : null}
        where org_id = ${ctx.orgId} and id = ${id}`);
    return viewOfAssignment(tx, ctx.orgId, id, now);
  });
  return { ...result, passMark: quiz.passMark, assignment };
}

interface ProgressRow {
  employee_id: string;
  name: string;
  teams: { id: string; name: string }[] | null;
  assigned: number;
  completed: number;
  overdue: number;
  score_sum: number;
  scored: number;
}

/** Completion per person and per team (a person counts in each of their current teams). */
export async function trainingProgress(
  ctx: Ctx,
  q: { teamId?: string | undefined; moduleId?: string | undefined },
  now = new Date(),
): Promise<ProgressView> {
  const managedBy = progressScope(ctx);
  const where: SQL[] = [sql`a.org_id = ${ctx.orgId}`];
  if (q.moduleId) where.push(sql`a.module_id = ${q.moduleId}`);
  if (managedBy) where.push(managesSql(ctx.orgId, managedBy, sql`a.employee_id`));
  if (q.teamId)
    where.push(sql`exists (select 1 from team_memberships m where m.org_id = a.org_id and m.employee_id = a.employee_id
      and m.ended_at is null and m.team_id in ${teamAndBelow(ctx.orgId, q.teamId)})`);
  const rows = await query<ProgressRow>(
    ctx.db,
    sql`select a.employee_id, coalesce(e.preferred_name, e.name) as name,
          (select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
             from team_memberships m join teams t on t.org_id = m.org_id and t.id = m.team_id
             where m.org_id = a.org_id and m.employee_id = a.employee_id and m.ended_at is null) as teams,
          count(*)::int as assigned,
          count(*) filter (where a.completed_at is not null)::int as completed,
          count(*) filter (where ${statusSql(now)} = 'overdue')::int as overdue,
          coalesce(sum(a.best_score) filter (where a.completed_at is not null), 0)::float8 as score_sum,
          count(a.best_score) filter (where a.completed_at is not null)::int as scored
        from training_assignments a
        join organisations o on o.id = a.org_id
        join employees e on e.org_id = a.org_id and e.id = a.employee_id
        where ${sql.join(where, sql` and `)}
        group by a.org_id, a.employee_id, e.preferred_name, e.name
        order by lower(coalesce(e.preferred_name, e.name)), a.employee_id`,
  );
  const rate = (completed: number, assigned: number) => (assigned ? completed / assigned : null);
  const average = (sum: number, n: number) => (n ? sum / n : null);
  const teams = new Map<string, ProgressView['teams'][number] & { scoreSum: number; scored: number }>();
  const people = rows.map((r) => {
    for (const t of r.teams ?? []) {
      const team = teams.get(t.id) ?? {
        teamId: t.id,
        name: t.name,
        people: 0,
        assigned: 0,
        completed: 0,
        overdue: 0,
        completionRate: null,
        averageScore: null,
        scoreSum: 0,
        scored: 0,
      };
      team.people++;
      team.assigned += r.assigned;
      team.completed += r.completed;
      team.overdue += r.overdue;
      team.scoreSum += Number(r.score_sum);
      team.scored += r.scored;
      teams.set(t.id, team);
    }
    return {
      employeeId: r.employee_id,
      name: r.name,
      teams: (r.teams ?? []).map((t) => t.name),
      assigned: r.assigned,
      completed: r.completed,
      overdue: r.overdue,
      completionRate: rate(r.completed, r.assigned),
      averageScore: average(Number(r.score_sum), r.scored),
    };
  });
  return {
    teams: [...teams.values()]
      .map(({ scoreSum, scored, ...t }) => ({
        ...t,
        completionRate: rate(t.completed, t.assigned),
        averageScore: average(scoreSum, scored),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    people,
  };
}
