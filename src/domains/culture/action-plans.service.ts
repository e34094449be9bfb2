import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query } from '../../db/client.ts';
import { enqueue } from '../../jobs/jobs.ts';
import { forbidden, invalid, notFound } from '../../server/errors.ts';
import { decodeCursor, encodeCursor } from '../../server/pagination.ts';
import { authorize, type Ctx, can } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { attachMovements } from './action-plan-movement.service.ts';
import type {
  ActionCounts,
  ActionPlanView,
  ActionReportQuery,
  ActionReportView,
  CreateActionPlanInput,
  ListActionPlansQuery,
  ProgressInput,
  UpdateActionPlanInput,
} from './action-plans.api.ts';
import {
  type ActionSourceKind,
  type ActionStatus,
  actionPlans,
  actionPlanUpdates,
} from './action-plans.tables.ts';
import { CONSTRUCT_LABELS, type Construct } from './constructs.ts';

/**
 * Action plans: "you said, we did". An owner answers a result (a construct, a pulse statement, a
 * text theme, a customer metric) with an action for a team; the team sees the plan and its
 * timeline. Visibility is in one place, `visibleSql`: everyone with culture:results (managers,
 * leaders, admins), and otherwise the owner, the creator, the people in the plan's team (or a team
 * below it) and the team's managers.
 */
export const ACTION_PLAN_OVERDUE = 'action-plan-overdue';

/** The person is in the team `team` (an expression) or a team below it, today. */
function memberOfSql(orgId: string, person: string, team: SQL): SQL {
  return sql`exists (select 1 from team_memberships ap_m
    join teams ap_t on ap_t.org_id = ap_m.org_id and ap_t.id = ap_m.team_id
    left join teams ap_p on ap_p.org_id = ap_t.org_id and ap_p.id = ap_t.parent_id
    where ap_m.org_id = ${orgId} and ap_m.employee_id = ${person} and ap_m.ended_at is null
      and ${team} in (ap_t.id, ap_t.parent_id, ap_p.parent_id))`;
}

/** The person manages the team `team` (an expression) or a team above it. */
function managesTeamSql(orgId: string, person: string, team: SQL): SQL {
  return sql`exists (select 1 from teams ap_t2
    left join teams ap_p2 on ap_p2.org_id = ap_t2.org_id and ap_p2.id = ap_t2.parent_id
    join team_managers ap_tm on ap_tm.org_id = ap_t2.org_id and ap_tm.team_id in (ap_t2.id, ap_p2.id, ap_p2.parent_id)
    where ap_t2.org_id = ${orgId} and ap_t2.id = ${team} and ap_tm.employee_id = ${person})`;
}

function visibleSql(ctx: Ctx): SQL {
  if (can(ctx.actor, 'culture:results')) return sql`true`;
  if (ctx.actor.type !== 'user') return sql`false`;
  const me = ctx.actor.employeeId;
  return sql`(p.owner_id = ${me} or p.created_by = ${me} or ${memberOfSql(ctx.orgId, me, sql`p.team_id`)}
    or ${managesTeamSql(ctx.orgId, me, sql`p.team_id`)})`;
}

/** Who may edit a plan: with culture:actions, its owner, creator, the team's managers and leaders. */
function editableSql(ctx: Ctx): SQL {
  if (!can(ctx.actor, 'culture:actions')) return sql`false`;
  if (ctx.actor.type !== 'user' || can(ctx.actor, 'culture:manage')) return sql`true`;
  const me = ctx.actor.employeeId;
  return sql`(p.owner_id = ${me} or p.created_by = ${me} or ${managesTeamSql(ctx.orgId, me, sql`p.team_id`)})`;
}

interface PlanRow {
  id: string;
  team_id: string;
  team_name: string;
  owner_id: string;
  owner_name: string;
  created_by: string | null;
  creator_name: string | null;
  source_kind: ActionSourceKind;
  source_key: string;
  pulse_id: string | null;
  title: string;
  description: string | null;
  due_date: string;
  status: ActionStatus;
  overdue: boolean;
  completed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  can_edit: boolean;
  updates: {
    id: string;
    author_id: string | null;
    author_name: string | null;
    body: string;
    status: ActionStatus | null;
    created_at: string;
  }[];
}

const iso = (v: Date | string) => new Date(v).toISOString();

function sourceLabel(kind: ActionSourceKind, key: string): string {
  if (kind === 'construct') return CONSTRUCT_LABELS[key as Construct] ?? key;
  if (kind === 'metric') return key.toUpperCase();
  return key;
}

const toView = (r: PlanRow): Omit<ActionPlanView, 'movement'> => ({
  id: r.id,
  team: { id: r.team_id, name: r.team_name },
  owner: { id: r.owner_id, name: r.owner_name },
  createdBy: r.created_by ? { id: r.created_by, name: r.creator_name ?? '' } : null,
  source: {
    kind: r.source_kind,
    key: r.source_key,
    pulseId: r.pulse_id,
    label: sourceLabel(r.source_kind, r.source_key),
  },
  title: r.title,
  description: r.description,
  dueDate: r.due_date,
  status: r.status,
  overdue: r.overdue,
  completedAt: r.completed_at ? iso(r.completed_at) : null,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  updates: r.updates.map((u) => ({
    id: u.id,
    author: u.author_id ? { id: u.author_id, name: u.author_name ?? '' } : null,
    body: u.body,
    status: u.status,
    createdAt: iso(u.created_at),
  })),
  canEdit: r.can_edit,
});

/** `today` in the organisation's time zone at `now`, as SQL over the joined organisation `o`. */
const todaySql = (now: Date) => sql`(${now.toISOString()}::timestamptz at time zone o.time_zone)::date`;
const overdueSql = (now: Date) =>
  sql`(p.status in ('planned', 'in_progress') and p.due_date < ${todaySql(now)})`;

async function selectPlans(ctx: Ctx, where: SQL, limit: number, now: Date): Promise<PlanRow[]> {
  return query<PlanRow>(
    ctx.db,
    sql`select p.id, p.team_id, t.name as team_name, p.owner_id, coalesce(ow.preferred_name, ow.name) as owner_name,
          p.created_by, coalesce(cr.preferred_name, cr.name) as creator_name, p.source_kind, p.source_key, p.pulse_id,
          p.title, p.description, p.due_date::text as due_date, p.status, ${overdueSql(now)} as overdue,
          p.completed_at, p.created_at, p.updated_at, ${editableSql(ctx)} as can_edit,
          coalesce((select json_agg(json_build_object('id', u.id, 'author_id', u.author_id,
              'author_name', coalesce(a.preferred_name, a.name), 'body', u.body, 'status', u.status,
              'created_at', u.created_at) order by u.created_at, u.id)
            from action_plan_updates u left join employees a on a.org_id = u.org_id and a.id = u.author_id
            where u.org_id = p.org_id and u.action_plan_id = p.id), '[]'::json) as updates
        from action_plans p
        join organisations o on o.id = p.org_id
        join teams t on t.org_id = p.org_id and t.id = p.team_id
        join employees ow on ow.org_id = p.org_id and ow.id = p.owner_id
        left join employees cr on cr.org_id = p.org_id and cr.id = p.created_by
        where p.org_id = ${ctx.orgId} and ${visibleSql(ctx)} and ${where}
        order by p.created_at desc, p.id desc
        limit ${limit}`,
  );
}

/** One plan the caller may see; anything else (another team's, another organisation's) is 404. */
export async function getActionPlan(ctx: Ctx, id: string, now = new Date()): Promise<ActionPlanView> {
  const [row] = await selectPlans(ctx, sql`p.id = ${id}`, 1, now);
  if (!row) throw notFound('Action plan');
  const [view] = await attachMovements(ctx, [toView(row)], now);
  return view as ActionPlanView;
}

export async function listActionPlans(ctx: Ctx, q: ListActionPlansQuery, now = new Date()) {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  if (after && Number.isNaN(new Date(after.k).getTime())) throw invalid('The cursor is not valid');
  const conditions: SQL[] = [sql`true`];
  if (q.teamId) conditions.push(sql`p.team_id = ${q.teamId}`);
  if (q.ownerId) conditions.push(sql`p.owner_id = ${q.ownerId}`);
  if (q.status) conditions.push(sql`p.status = ${q.status}`);
  if (q.pulseId) conditions.push(sql`p.pulse_id = ${q.pulseId}`);
  if (after)
    conditions.push(
      sql`(p.created_at, p.id) < (${new Date(after.k).toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  const rows = await selectPlans(ctx, sql.join(conditions, sql` and `), q.limit + 1, now);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await attachMovements(ctx, page.map(toView), now),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ k: iso(last.created_at), id: last.id }) : null,
  };
}

async function activeEmployee(db: Db, orgId: string, id: string): Promise<{ name: string } | null> {
  const [row] = await query<{ name: string }>(
    db,
    sql`select coalesce(preferred_name, name) as name from employees where org_id = ${orgId} and id = ${id} and active`,
  );
  return row ?? null;
}

/** A person with culture:actions but not culture:manage plans only for teams they manage or belong to. */
async function mayPlanFor(ctx: Ctx, teamId: string): Promise<boolean> {
  if (ctx.actor.type !== 'user' || can(ctx.actor, 'culture:manage')) return true;
  const me = ctx.actor.employeeId;
  const [row] = await query<{ yes: boolean }>(
    ctx.db,
    sql`select (${memberOfSql(ctx.orgId, me, sql`${teamId}::uuid`)} or ${managesTeamSql(ctx.orgId, me, sql`${teamId}::uuid`)}) as yes`,
  );
  return row?.yes === true;
}

/** The first moment after the due date in the organisation's time zone: when a plan is overdue. */
async function overdueAt(db: Db, orgId: string, dueDate: string): Promise<Date> {
  const [row] = await query<{ at: Date | string }>(
    db,
    sql`select ((${dueDate}::date + 1)::timestamp at time zone time_zone) as at from organisations where id = ${orgId}`,
  );
  if (!row) throw notFound('Organisation');
  return new Date(row.at);
}

/** One overdue check per (plan, due date): a changed due date plans a new one, the old one stops. */
async function scheduleOverdueCheck(db: Db, orgId: string, id: string, dueDate: string) {
  await enqueue(db, {
    orgId,
    queue: ACTION_PLAN_OVERDUE,
    payload: { actionPlanId: id, dueDate },
    runAt: await overdueAt(db, orgId, dueDate),
    singletonKey: `${id}:${dueDate}`,
  });
}

async function notifyAssigned(
  db: Db,
  orgId: string,
  plan: { id: string; title: string; ownerId: string; dueDate: string },
  actorId: string | null,
) {
  if (plan.ownerId === actorId) return;
  await notify(db, orgId, {
    to: plan.ownerId,
    kind: 'action_assigned',
    title: `Action assigned to you: ${plan.title}`,
    body: `Due ${plan.dueDate}. Post progress on its timeline so your team sees what was done.`,
    link: `/culture/action-plans?plan=${plan.id}`,
    dedupeKey: `action-assigned:${plan.id}:${plan.ownerId}`,
  });
}

export async function createActionPlan(
  ctx: Ctx,
  input: CreateActionPlanInput,
  now = new Date(),
): Promise<ActionPlanView> {
  authorize(ctx, 'culture:actions');
  const actorId = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const ownerId = input.ownerId ?? actorId;
  if (!ownerId) throw invalid('Name the owner of the action', { field: 'ownerId' });
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    const [team] = await query<{ id: string }>(
      tx,
      sql`select id from teams where org_id = ${ctx.orgId} and id = ${input.teamId}`,
    );
    if (!team) throw notFound('Team');
    if (!(await activeEmployee(tx, ctx.orgId, ownerId))) throw notFound('Owner');
    if (!(await mayPlanFor({ ...ctx, db: tx }, input.teamId)))
      throw forbidden('You can plan actions only for teams you manage or belong to');
    await tx.insert(actionPlans).values({
      orgId: ctx.orgId,
      id,
      teamId: input.teamId,
      ownerId,
      createdBy: actorId,
      sourceKind: input.source.kind,
      sourceKey: input.source.key,
      pulseId: input.source.pulseId ?? null,
      title: input.title,
      description: input.description ?? null,
      dueDate: input.dueDate,
      createdAt: now,
      updatedAt: now,
    });
    await scheduleOverdueCheck(tx, ctx.orgId, id, input.dueDate);
    await notifyAssigned(tx, ctx.orgId, { id, title: input.title, ownerId, dueDate: input.dueDate }, actorId);
  });
  return getActionPlan(ctx, id, now);
}

/** The plan, visible and editable by the caller, locked for the change; else 404 / 403. */
async function planToChange(ctx: Ctx, id: string) {
  const [row] = await query<{
    owner_id: string;
    due_date: string;
    title: string;
    status: ActionStatus;
    can_edit: boolean;
  }>(
    ctx.db,
    sql`select p.owner_id, p.due_date::text as due_date, p.title, p.status, ${editableSql(ctx)} as can_edit
        from action_plans p
        where p.org_id = ${ctx.orgId} and p.id = ${id} and ${visibleSql(ctx)}
        for update of p`,
  );
  if (!row) throw notFound('Action plan');
  return row;
}

export async function updateActionPlan(
  ctx: Ctx,
  id: string,
  input: UpdateActionPlanInput,
  now = new Date(),
): Promise<ActionPlanView> {
  const actorId = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const plan = await planToChange(txCtx, id);
    if (!plan.can_edit)
      throw forbidden('Only the owner, the creator, the team’s managers and leaders edit a plan');
    if (input.ownerId && !(await activeEmployee(tx, ctx.orgId, input.ownerId))) throw notFound('Owner');
    await tx.execute(
      sql`update action_plans set
            owner_id = coalesce(${input.ownerId ?? null}::uuid, owner_id),
            title = coalesce(${input.title ?? null}, title),
            description = ${input.description === undefined ? sql`description` : (input.description ?? null)},
            due_date = coalesce(${input.dueDate ?? null}::date, due_date),
            updated_at = ${now.toISOString()}::timestamptz
          where org_id = ${ctx.orgId} and id = ${id}`,
    );
    const dueDate = input.dueDate ?? plan.due_date;
    if (input.dueDate && input.dueDate !== plan.due_date)
      await scheduleOverdueCheck(tx, ctx.orgId, id, input.dueDate);
    if (input.ownerId && input.ownerId !== plan.owner_id)
      await notifyAssigned(
        tx,
        ctx.orgId,
        { id, title: input.title ?? plan.title, ownerId: input.ownerId, dueDate },
        actorId,
      );
  });
  return getActionPlan(ctx, id, now);
}

/**
 * A dated note on the plan's timeline, optionally moving its status. The owner may always report
 * progress on their own action; others need to be able to edit the plan.
 */
export async function addProgress(
  ctx: Ctx,
  id: string,
  input: ProgressInput,
  now = new Date(),
): Promise<ActionPlanView> {
  const actorId = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  await ctx.db.transaction(async (tx) => {
    const plan = await planToChange({ ...ctx, db: tx }, id);
    if (!plan.can_edit && plan.owner_id !== actorId)
      throw forbidden('Only the owner, the creator, the team’s managers and leaders report progress');
    await tx.insert(actionPlanUpdates).values({
      orgId: ctx.orgId,
      id: uuidv7(),
      actionPlanId: id,
      authorId: actorId,
      body: input.body,
      status: input.status && input.status !== plan.status ? input.status : null,
      createdAt: now,
    });
    const finished = input.status === 'done' || input.status === 'dropped';
    await tx.execute(
      sql`update action_plans set status = coalesce(${input.status ?? null}, status),
            completed_at = ${input.status === undefined ? sql`completed_at` : finished ? sql`coalesce(completed_at, ${now.toISOString()}::timestamptz)` : null},
            updated_at = ${now.toISOString()}::timestamptz
          where org_id = ${ctx.orgId} and id = ${id}`,
    );
  });
  return getActionPlan(ctx, id, now);
}

const emptyCounts = (): ActionCounts => ({
  planned: 0,
  inProgress: 0,
  done: 0,
  dropped: 0,
  overdue: 0,
  total: 0,
});

/**
 * "Actions taken on the last pulse": counts by status per owner and per team, for everyone with
 * culture:results. With `pulseId`, only the actions that answer that pulse.
 */
export async function actionReport(
  ctx: Ctx,
  q: ActionReportQuery,
  now = new Date(),
): Promise<ActionReportView> {
  authorize(ctx, 'culture:results');
  const rows = await query<{
    owner_id: string;
    owner_name: string;
    team_id: string;
    team_name: string;
    status: ActionStatus;
    overdue: boolean;
    n: number;
  }>(
    ctx.db,
    sql`select p.owner_id, coalesce(ow.preferred_name, ow.name) as owner_name, p.team_id, t.name as team_name,
          p.status, ${overdueSql(now)} as overdue, count(*)::int as n
        from action_plans p
        join organisations o on o.id = p.org_id
        join teams t on t.org_id = p.org_id and t.id = p.team_id
        join employees ow on ow.org_id = p.org_id and ow.id = p.owner_id
        where p.org_id = ${ctx.orgId}
          and ${q.pulseId ? sql`p.pulse_id = ${q.pulseId}` : sql`true`}
          and ${q.since ? sql`p.created_at >= (${q.since}::date::timestamp at time zone o.time_zone)` : sql`true`}
        group by 1, 2, 3, 4, 5, 6`,
  );
  const totals = emptyCounts();
  const owners = new Map<string, ActionReportView['byOwner'][number]>();
  const teams = new Map<string, ActionReportView['byTeam'][number]>();
  const add = (c: ActionCounts, r: (typeof rows)[number]) => {
    const key = r.status === 'in_progress' ? 'inProgress' : r.status;
    c[key] += r.n;
    c.total += r.n;
    if (r.overdue) c.overdue += r.n;
  };
  for (const r of rows) {
    add(totals, r);
    const o = owners.get(r.owner_id) ?? { owner: { id: r.owner_id, name: r.owner_name }, ...emptyCounts() };
    add(o, r);
    owners.set(r.owner_id, o);
    const t = teams.get(r.team_id) ?? { team: { id: r.team_id, name: r.team_name }, ...emptyCounts() };
    add(t, r);
    teams.set(r.team_id, t);
  }
  const byName =
    <T extends { total: number }>(name: (x: T) => string) =>
    (a: T, b: T) =>
      b.total - a.total || name(a).localeCompare(name(b));
  return {
    pulseId: q.pulseId ?? null,
    since: q.since ?? null,
    totals,
    byOwner: [...owners.values()].sort(byName((x) => x.owner.name)),
    byTeam: [...teams.values()].sort(byName((x) => x.team.name)),
  };
}
