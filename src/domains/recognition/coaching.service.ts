import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { query } from '../../db/client.ts';
import { type Clock, realClock } from '../../jobs/jobs.ts';
import { forbidden, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, requireUser } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { resolveEmployeeRefs } from '../people/employees.service.ts';
import type {
  AgendaSuggestionsView,
  CheckInInput,
  CreateGoalInput,
  CreateOneOnOneInput,
  GoalView,
  OneOnOneView,
  UpdateGoalInput,
  UpdateOneOnOneInput,
} from './coaching.api.ts';
import { type AgendaItem, coachingCheckIns, coachingGoals, oneOnOnes } from './coaching.tables.ts';
import { isManagerOf, isoOf, managesSql } from './managers.ts';

/**
 * Coaching: 1:1s between a manager and a report, and coaching goals with check-ins. Like private
 * feedback, only the two people and the report's other managers ever see them (no admin or
 * leader override, no API keys); the manager's private notes are for that manager alone.
 */

const NO_ONE = '00000000-0000-0000-0000-000000000000';

const viewerOf = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.employeeId : NO_ONE);

/** The person, or one of their managers. */
const seesPerson = (orgId: string, viewer: string, employee: SQL) =>
  sql`(${employee} = ${viewer} or ${managesSql(orgId, viewer, employee)})`;

/** A report of the caller (not themselves), or "not allowed". */
async function requireReport(ctx: Ctx, employeeId: string): Promise<string> {
  const me = requireUser(ctx).employeeId;
  if (!(await isManagerOf(ctx.db, ctx.orgId, me, employeeId)))
    throw forbidden('Only a manager of this person can do this');
  return me;
}

// ---- 1:1s

interface OneOnOneRow {
  id: string;
  manager_id: string;
  manager_name: string;
  employee_id: string;
  employee_name: string;
  scheduled_for: Date | string;
  held_at: Date | string | null;
  agenda: AgendaItem[];
  shared_notes: string;
  private_notes: string;
  created_at: Date | string;
  updated_at: Date | string;
}

async function selectOneOnOnes(ctx: Ctx, where: SQL, limit: number): Promise<OneOnOneView[]> {
  const viewer = viewerOf(ctx);
  const rows = await query<OneOnOneRow>(
    ctx.db,
    sql`select o.id, o.manager_id, m.name as manager_name, o.employee_id, e.name as employee_name,
          o.scheduled_for, o.held_at, o.agenda, o.shared_notes, o.private_notes, o.created_at, o.updated_at
        from one_on_ones o
        join employees m on m.org_id = o.org_id and m.id = o.manager_id
        join employees e on e.org_id = o.org_id and e.id = o.employee_id
        where o.org_id = ${ctx.orgId} and ${where}
          and (o.manager_id = ${viewer} or ${seesPerson(ctx.orgId, viewer, sql`o.employee_id`)})
        order by o.scheduled_for desc, o.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    manager: { id: r.manager_id, name: r.manager_name },
    employee: { id: r.employee_id, name: r.employee_name },
    scheduledFor: isoOf(r.scheduled_for),
    heldAt: r.held_at ? isoOf(r.held_at) : null,
    agenda: r.agenda,
    sharedNotes: r.shared_notes,
    privateNotes: r.manager_id === viewer ? r.private_notes : null,
    createdAt: isoOf(r.created_at),
    updatedAt: isoOf(r.updated_at),
  }));
}

export async function getOneOnOne(ctx: Ctx, id: string): Promise<OneOnOneView> {
  authorize(ctx, 'feedback:give');
  const [found] = await selectOneOnOnes(ctx, sql`o.id = ${id}`, 1);
  if (!found) throw notFound('1:1');
  return found;
}

export async function listOneOnOnes(ctx: Ctx, q: { employeeId?: string | undefined; limit: number }) {
  authorize(ctx, 'feedback:give');
  const me = requireUser(ctx).employeeId;
  const about = q.employeeId
    ? sql`o.employee_id = ${q.employeeId}`
    : sql`(o.manager_id = ${me} or o.employee_id = ${me})`;
  return { items: await selectOneOnOnes(ctx, about, q.limit) };
}

const withIds = (items: CreateOneOnOneInput['agenda']): AgendaItem[] =>
  items.map((i) => ({ id: i.id ?? uuidv7(), text: i.text, source: i.source ?? null, done: i.done }));

export async function createOneOnOne(
  ctx: Ctx,
  input: CreateOneOnOneInput,
  clock: Clock = realClock,
): Promise<OneOnOneView> {
  authorize(ctx, 'feedback:give');
  const me = await requireReport(ctx, input.employeeId);
  const id = uuidv7();
  const at = clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(oneOnOnes).values({
      orgId: ctx.orgId,
      id,
      managerId: me,
      employeeId: input.employeeId,
      scheduledFor: new Date(input.scheduledFor),
      agenda: withIds(input.agenda),
      createdAt: at,
      updatedAt: at,
    });
    await notify(tx, ctx.orgId, {
      to: input.employeeId,
      kind: 'one_on_one',
      title: 'A 1:1 with your manager is planned',
      body: 'Add what you want to talk about to the agenda.',
      link: `/feedback?oneOnOne=${id}`,
      dedupeKey: `one-on-one:${id}`,
      at,
    });
  });
  return getOneOnOne(ctx, id);
}

export async function updateOneOnOne(
  ctx: Ctx,
  id: string,
  input: UpdateOneOnOneInput,
  clock: Clock = realClock,
): Promise<OneOnOneView> {
  const found = await getOneOnOne(ctx, id);
  const me = requireUser(ctx).employeeId;
  const isManager = found.manager.id === me;
  if (!isManager && found.employee.id !== me) throw forbidden('Only the two people in a 1:1 can change it');
  if (!isManager && (input.privateNotes !== undefined || input.held !== undefined || input.scheduledFor))
    throw forbidden('Only the manager can reschedule a 1:1, mark it held or keep private notes');
  const now = clock.now();
  const set: SQL[] = [sql`updated_at = ${now.toISOString()}::timestamptz`];
  if (input.scheduledFor) set.push(sql`scheduled_for = ${input.scheduledFor}::timestamptz`);
  if (input.agenda) set.push(sql`agenda = ${JSON.stringify(withIds(input.agenda))}::jsonb`);
  if (input.sharedNotes !== undefined) set.push(sql`shared_notes = ${input.sharedNotes}`);
  if (input.privateNotes !== undefined) set.push(sql`private_notes = ${input.privateNotes}`);
  if (input.held === true) set.push(sql`held_at = coalesce(held_at, ${now.toISOString()}::timestamptz)`);
  if (input.held === false) set.push(sql`held_at = null`);
  await query(
    ctx.db,
    sql`update one_on_ones set ${sql.join(set, sql`, `)} where org_id = ${ctx.orgId} and id = ${id}`,
  );
  return getOneOnOne(ctx, id);
}

/**
 * What a 1:1 could be about, from the report's own recent record: customer comments on their
 * responses (unhappy ones first), their open cases, recent feedback and active coaching goals.
 * For the report and their managers.
 */
export async function agendaSuggestions(
  ctx: Ctx,
  about: string | undefined,
  clock: Clock = realClock,
): Promise<AgendaSuggestionsView> {
  authorize(ctx, 'feedback:give');
  const me = requireUser(ctx).employeeId;
  const employeeId = about ?? me;
  // Like every list, it shows only what the caller may see: nothing about anyone else.
  if (me !== employeeId && !(await isManagerOf(ctx.db, ctx.orgId, me, employeeId))) return { items: [] };
  const since = new Date(clock.now().getTime() - 30 * 86_400_000).toISOString();
  const comments = await query<{
    id: string;
    comment: string;
    score: number | null;
    sentiment: string | null;
    at: Date | string;
  }>(
    ctx.db,
    sql`select r.id, r.comment, r.score, t.sentiment, r.submitted_at as at
        from response_employees re
        join responses r on r.org_id = re.org_id and r.id = re.response_id
        left join response_text t on t.org_id = r.org_id and t.response_id = r.id
        where re.org_id = ${ctx.orgId} and re.employee_id = ${employeeId}
          and r.comment is not null and r.comment <> '' and r.submitted_at >= ${since}::timestamptz
        order by case t.sentiment when 'negative' then 0 when 'positive' then 1 else 2 end, r.submitted_at desc
        limit 6`,
  );
  const cases = await query<{
    id: string;
    reason: string;
    status: string;
    due: Date | string;
    at: Date | string;
  }>(
    ctx.db,
    sql`select c.id, c.reason, c.status, c.resolution_due as due, c.opened_at as at from cases c
        where c.org_id = ${ctx.orgId} and c.status in ('new', 'contacted')
          and (c.owner_id = ${employeeId} or exists (select 1 from response_employees re
            where re.org_id = c.org_id and re.response_id = c.response_id and re.employee_id = ${employeeId}))
        order by c.opened_at desc limit 5`,
  );
  const feedbackRows = await query<{ id: string; kind: string; message: string; at: Date | string }>(
    ctx.db,
    sql`select f.id, f.kind, f.message, f.created_at as at from feedback f
        where f.org_id = ${ctx.orgId} and f.employee_id = ${employeeId} and f.created_at >= ${since}::timestamptz
        order by f.created_at desc limit 3`,
  );
  const goals = await query<{ id: string; title: string; progress: number; at: Date | string }>(
    ctx.db,
    sql`select g.id, g.title, g.progress, g.created_at as at from coaching_goals g
        where g.org_id = ${ctx.orgId} and g.employee_id = ${employeeId} and g.status = 'active'
        order by g.created_at limit 5`,
  );
  const clip = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return {
    items: [
      ...comments.map((c) => ({
        text: `Customer said${c.score === null ? '' : ` (score ${c.score})`}: “${clip(c.comment)}”`,
        source: { type: 'response' as const, id: c.id },
        at: isoOf(c.at),
        reason:
          c.sentiment === 'negative'
            ? 'Unhappy customer comment'
            : c.sentiment === 'positive'
              ? 'Customer praise'
              : 'Customer comment',
      })),
      ...cases.map((c) => ({
        text: `Open case: ${clip(c.reason)} (resolve by ${isoOf(c.due).slice(0, 10)})`,
        source: { type: 'case' as const, id: c.id },
        at: isoOf(c.at),
        reason: c.status === 'new' ? 'Case not yet contacted' : 'Case in progress',
      })),
      ...feedbackRows.map((f) => ({
        text: `${f.kind === 'praise' ? 'Praise' : 'To improve'}: ${clip(f.message)}`,
        source: { type: 'feedback' as const, id: f.id },
        at: isoOf(f.at),
        reason: 'Recent feedback',
      })),
      ...goals.map((g) => ({
        text: `Goal check-in: ${clip(g.title)} (${g.progress}%)`,
        source: { type: 'goal' as const, id: g.id },
        at: isoOf(g.at),
        reason: 'Active coaching goal',
      })),
    ],
  };
}

// ---- coaching goals

interface GoalRow {
  id: string;
  employee_id: string;
  employee_name: string;
  created_by: string;
  creator_name: string;
  title: string;
  description: string;
  due_on: string | null;
  status: GoalView['status'];
  progress: number;
  created_at: Date | string;
  closed_at: Date | string | null;
  check_ins: {
    id: string;
    author_id: string;
    author_name: string;
    progress: number;
    note: string;
    created_at: string;
  }[];
}

async function selectGoals(ctx: Ctx, where: SQL): Promise<GoalView[]> {
  const viewer = viewerOf(ctx);
  const rows = await query<GoalRow>(
    ctx.db,
    sql`select g.id, g.employee_id, e.name as employee_name, g.created_by, c.name as creator_name, g.title,
          g.description, g.due_on::text as due_on, g.status, g.progress, g.created_at, g.closed_at,
          coalesce((select json_agg(json_build_object('id', x.id, 'author_id', x.author_id, 'author_name', a.name,
              'progress', x.progress, 'note', x.note, 'created_at', x.created_at) order by x.created_at, x.id)
            from coaching_check_ins x join employees a on a.org_id = x.org_id and a.id = x.author_id
            where x.org_id = g.org_id and x.goal_id = g.id), '[]'::json) as check_ins
        from coaching_goals g
        join employees e on e.org_id = g.org_id and e.id = g.employee_id
        join employees c on c.org_id = g.org_id and c.id = g.created_by
        where g.org_id = ${ctx.orgId} and ${where} and ${seesPerson(ctx.orgId, viewer, sql`g.employee_id`)}
        order by case g.status when 'active' then 0 else 1 end, g.created_at desc, g.id desc limit 200`,
  );
  return rows.map((r) => ({
    id: r.id,
    employee: { id: r.employee_id, name: r.employee_name },
    createdBy: { id: r.created_by, name: r.creator_name },
    title: r.title,
    description: r.description,
    dueOn: r.due_on,
    status: r.status,
    progress: r.progress,
    createdAt: isoOf(r.created_at),
    closedAt: r.closed_at ? isoOf(r.closed_at) : null,
    checkIns: r.check_ins.map((x) => ({
      id: x.id,
      author: { id: x.author_id, name: x.author_name },
      progress: x.progress,
      note: x.note,
      createdAt: isoOf(x.created_at),
    })),
  }));
}

export async function getGoal(ctx: Ctx, id: string): Promise<GoalView> {
  authorize(ctx, 'feedback:give');
  const [found] = await selectGoals(ctx, sql`g.id = ${id}`);
  if (!found) throw notFound('Goal');
  return found;
}

export async function listGoals(
  ctx: Ctx,
  q: { employeeId?: string | undefined; status?: GoalView['status'] | undefined },
) {
  authorize(ctx, 'feedback:give');
  const me = requireUser(ctx).employeeId;
  const status = q.status ? sql`g.status = ${q.status}` : sql`true`;
  return { items: await selectGoals(ctx, sql`g.employee_id = ${q.employeeId ?? me} and ${status}`) };
}

/** A person sets a goal for themselves, or a manager for a report. */
export async function createGoal(
  ctx: Ctx,
  input: CreateGoalInput,
  clock: Clock = realClock,
): Promise<GoalView> {
  authorize(ctx, 'feedback:give');
  const me = requireUser(ctx).employeeId;
  if (input.employeeId !== me) await requireReport(ctx, input.employeeId);
  const id = uuidv7();
  const at = clock.now();
  await ctx.db.transaction(async (tx) => {
    await resolveEmployeeRefs(tx, ctx.orgId, [input.employeeId], []);
    await tx.insert(coachingGoals).values({
      orgId: ctx.orgId,
      id,
      employeeId: input.employeeId,
      createdBy: me,
      title: input.title,
      description: input.description,
      dueOn: input.dueOn ?? null,
      createdAt: at,
    });
    if (input.employeeId !== me)
      await notify(tx, ctx.orgId, {
        to: input.employeeId,
        kind: 'coaching_goal',
        title: 'Your manager set a coaching goal with you',
        body: input.title,
        link: `/feedback?goal=${id}`,
        dedupeKey: `coaching-goal:${id}`,
        at,
      });
  });
  return getGoal(ctx, id);
}

export async function updateGoal(
  ctx: Ctx,
  id: string,
  input: UpdateGoalInput,
  clock: Clock = realClock,
): Promise<GoalView> {
  const found = await getGoal(ctx, id);
  const set: SQL[] = [];
  if (input.title !== undefined) set.push(sql`title = ${input.title}`);
  if (input.description !== undefined) set.push(sql`description = ${input.description}`);
  if (input.dueOn !== undefined) set.push(sql`due_on = ${input.dueOn}::date`);
  if (input.status !== undefined && input.status !== found.status) {
    set.push(sql`status = ${input.status}`);
    set.push(
      input.status === 'active'
        ? sql`closed_at = null`
        : sql`closed_at = ${clock.now().toISOString()}::timestamptz`,
    );
    if (input.status === 'achieved') set.push(sql`progress = 100`);
  }
  if (set.length > 0)
    await query(
      ctx.db,
      sql`update coaching_goals set ${sql.join(set, sql`, `)} where org_id = ${ctx.orgId} and id = ${id}`,
    );
  return getGoal(ctx, id);
}

export async function checkIn(
  ctx: Ctx,
  goalId: string,
  input: CheckInInput,
  clock: Clock = realClock,
): Promise<GoalView> {
  const found = await getGoal(ctx, goalId);
  if (found.status !== 'active')
    throw invalid('This goal is closed; reopen it to check in', { field: 'status' });
  const me = requireUser(ctx).employeeId;
  const at = clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(coachingCheckIns).values({
      orgId: ctx.orgId,
      id: uuidv7(),
      goalId,
      authorId: me,
      progress: input.progress,
      note: input.note,
      createdAt: at,
    });
    await query(
      tx,
      sql`update coaching_goals set progress = ${input.progress} where org_id = ${ctx.orgId} and id = ${goalId}`,
    );
  });
  return getGoal(ctx, goalId);
}
