import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Db, query } from '../../db/client.ts';
import { enqueueDailyRun, tomorrowOfOrganisations } from '../../jobs/daily.ts';
import { type Clock, defineJob, type JobHandlers, realClock } from '../../jobs/jobs.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { isoOf } from '../recognition/managers.ts';
import { listThemes } from '../text/text.service.ts';
import { negativeThemeByTeam } from '../text/theme-by-team.ts';
import { insertAssignments } from './assignments.service.ts';
import { loadModule, pathModuleIds } from './catalogue.service.ts';
import type { RuleInput, RuleView } from './training.api.ts';
import { trainingRules } from './training.tables.ts';

type RuleRow = typeof trainingRules.$inferSelect;

// --- Rules: the catalogue editor's side -------------------------------------------------------------

async function ruleViews(db: Db, orgId: string, id?: string): Promise<RuleView[]> {
  const rows = await query<{
    id: string;
    name: string;
    kind: RuleRow['kind'];
    active: boolean;
    theme: string | null;
    min_share: number;
    min_count: number;
    window_days: number;
    due_in_days: number;
    module_id: string | null;
    path_id: string | null;
    target_name: string | null;
    last_run_at: Date | string | null;
    assigned: number;
  }>(
    db,
    sql`select r.id, r.name, r.kind, r.active, r.theme, r.min_share, r.min_count, r.window_days,
          r.due_in_days, r.module_id, r.path_id, coalesce(m.title, p.name) as target_name, r.last_run_at,
          (select count(*)::int from training_assignments a where a.org_id = r.org_id and a.rule_id = r.id) as assigned
        from training_rules r
        left join training_modules m on m.org_id = r.org_id and m.id = r.module_id
        left join training_paths p on p.org_id = r.org_id and p.id = r.path_id
        where r.org_id = ${orgId} ${id ? sql`and r.id = ${id}` : sql``}
        order by r.created_at, r.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    active: r.active,
    theme: r.theme,
    minShare: Number(r.min_share),
    minCount: r.min_count,
    windowDays: r.window_days,
    dueInDays: r.due_in_days,
    moduleId: r.module_id,
    pathId: r.path_id,
    targetName: r.target_name ?? '',
    lastRunAt: r.last_run_at ? isoOf(r.last_run_at) : null,
    assigned: r.assigned,
  }));
}

export async function listRules(ctx: Ctx): Promise<RuleView[]> {
  authorize(ctx, 'training:manage');
  return ruleViews(ctx.db, ctx.orgId);
}

async function ruleView(db: Db, orgId: string, id: string): Promise<RuleView> {
  const [view] = await ruleViews(db, orgId, id);
  if (!view) throw notFound('Rule');
  return view;
}

export async function createRule(ctx: Ctx, input: RuleInput): Promise<RuleView> {
  authorize(ctx, 'training:manage');
  if (input.moduleId) await loadModule(ctx.db, ctx.orgId, input.moduleId);
  if (input.pathId) await pathModuleIds(ctx.db, ctx.orgId, input.pathId);
  if (input.theme) {
    // The text-analytics taxonomy: the default themes and the organisation's own.
    const themes = await listThemes({ ...ctx, actor: { type: 'system' } });
    if (!themes.some((t) => t.key === input.theme))
      throw invalid(`There is no theme "${input.theme}"`, { field: 'theme' });
  }
  const id = uuidv7();
  await ctx.db.insert(trainingRules).values({ orgId: ctx.orgId, id, ...input });
  return ruleView(ctx.db, ctx.orgId, id);
}

export async function updateRule(
  ctx: Ctx,
  id: string,
  input: Partial<Pick<RuleRow, 'name' | 'active' | 'minShare' | 'minCount' | 'windowDays' | 'dueInDays'>>,
): Promise<RuleView> {
  authorize(ctx, 'training:manage');
  // Nothing to change is not an error: the rule is shown as it is (or "not found").
  if (Object.values(input).every((v) => v === undefined)) return ruleView(ctx.db, ctx.orgId, id);
  const [row] = await ctx.db
    .update(trainingRules)
    .set(input)
    .where(and(eq(trainingRules.orgId, ctx.orgId), eq(trainingRules.id, id)))
    .returning({ id: trainingRules.id });
  if (!row) throw notFound('Rule');
  return ruleView(ctx.db, ctx.orgId, id);
}

/** Runs the rules and reminders now, as the daily job does (training:manage). */
export async function runRulesNow(ctx: Ctx, clock: Clock = realClock) {
  authorize(ctx, 'training:manage');
  return ctx.db.transaction((tx) => runTrainingRules(tx, ctx.orgId, clock.now()));
}

// --- Evaluation ---------------------------------------------------------------------------------------

/**
 * The teams whose comments in the window show the theme with negative sentiment often enough:
 * at least `minCount` such comments, and at least `minShare` of the team's analysed comments.
 * The counts come from the text-analytics domain.
 */
export async function teamsShowingTheme(
  db: Db,
  orgId: string,
  rule: Pick<RuleRow, 'theme' | 'minShare' | 'minCount' | 'windowDays'>,
  now: Date,
): Promise<{ teamId: string; comments: number; negative: number }[]> {
  if (!rule.theme) return [];
  const since = new Date(now.getTime() - rule.windowDays * 86_400_000);
  const teams = await negativeThemeByTeam(db, orgId, rule.theme, since, now);
  return teams.filter((t) => t.negative >= rule.minCount && t.negative / t.comments >= rule.minShare);
}

/** Who a rule is about now: the current members of the teams that show the theme, or new starters. */
async function peopleOfRule(db: Db, orgId: string, rule: RuleRow, now: Date, today: string) {
  if (rule.kind === 'new_employee') {
    const rows = await query<{ id: string }>(
      db,
      sql`select id from employees where org_id = ${orgId} and active and start_date is not null
          and start_date <= ${today}::date and start_date > ${today}::date - ${rule.windowDays}::int`,
    );
    return rows.map((r) => r.id);
  }
  const teams = await teamsShowingTheme(db, orgId, rule, now);
  if (teams.length === 0) return [];
  const rows = await query<{ id: string }>(
    db,
    sql`select distinct e.id from team_memberships m join employees e on e.org_id = m.org_id and e.id = m.employee_id
        where m.org_id = ${orgId} and m.ended_at is null and e.active
          and m.team_id in ${teams.map((t) => t.teamId)}`,
  );
  return rows.map((r) => r.id);
}

/**
 * Evaluates every active rule and sends the due reminders. Idempotent: a rule never assigns a
 * module to someone with an open assignment of it (any source), nor to someone it was assigned to
 * within the rule's window (so a completed module is not handed straight back on the next run).
 */
export async function runTrainingRules(
  db: Db,
  orgId: string,
  now: Date,
  options: { silent?: boolean } = {},
): Promise<{ assigned: number; reminded: number }> {
  const [org] = await query<{ today: string }>(
    db,
    sql`select (${now.toISOString()}::timestamptz at time zone time_zone)::date::text as today from organisations where id = ${orgId}`,
  );
  if (!org) return { assigned: 0, reminded: 0 };
  const rules = await db
    .select()
    .from(trainingRules)
    .where(and(eq(trainingRules.orgId, orgId), eq(trainingRules.active, true)));
  let assigned = 0;
  for (const rule of rules) {
    const moduleIds = rule.moduleId
      ? (
          await query<{ id: string }>(
            db,
            sql`select id from training_modules where org_id = ${orgId} and id = ${rule.moduleId} and active`,
          )
        ).map((m) => m.id)
      : rule.pathId
        ? await pathModuleIds(db, orgId, rule.pathId)
        : [];
    const people = await peopleOfRule(db, orgId, rule, now, org.today);
    const since = new Date(now.getTime() - rule.windowDays * 86_400_000).toISOString();
    for (const moduleId of moduleIds) {
      if (people.length === 0) break;
      const recent = new Set(
        (
          await query<{ employee_id: string }>(
            db,
            sql`select employee_id from training_assignments where org_id = ${orgId} and module_id = ${moduleId}
                and (completed_at is null or assigned_at >= ${since}::timestamptz) and employee_id in ${people}`,
          )
        ).map((r) => r.employee_id),
      );
      const created = await insertAssignments(db, orgId, {
        employeeIds: people.filter((p) => !recent.has(p)),
        moduleIds: [moduleId],
        source: 'rule',
        ruleId: rule.id,
        pathId: rule.pathId,
        dueDate: addDays(org.today, rule.dueInDays),
        at: now,
        silent: options.silent ?? false,
      });
      assigned += created.length;
    }
    await db
      .update(trainingRules)
      .set({ lastRunAt: now })
      .where(and(eq(trainingRules.orgId, orgId), eq(trainingRules.id, rule.id)));
  }
  return { assigned, reminded: options.silent ? 0 : await remindDue(db, orgId, now, org.today) };
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Reminders: once when an open assignment is due within two days, once when it is overdue. */
async function remindDue(db: Db, orgId: string, now: Date, today: string): Promise<number> {
  const due = await query<{
    id: string;
    employee_id: string;
    module_id: string;
    title: string;
    due_date: string;
  }>(
    db,
    sql`select a.id, a.employee_id, a.module_id, m.title, a.due_date::text as due_date
        from training_assignments a
        join training_modules m on m.org_id = a.org_id and m.id = a.module_id and m.active
        join employees e on e.org_id = a.org_id and e.id = a.employee_id and e.active
        where a.org_id = ${orgId} and a.completed_at is null and a.due_date is not null
          and a.due_date <= ${addDays(today, 2)}::date
        order by a.due_date, a.id`,
  );
  let reminded = 0;
  for (const a of due) {
    const overdue = a.due_date < today;
    reminded += await notify(db, orgId, {
      to: a.employee_id,
      kind: 'training_due',
      title: overdue ? `Overdue training: ${a.title}` : `Training due ${a.due_date}: ${a.title}`,
      body: overdue ? `It was due on ${a.due_date}.` : `Please complete it by ${a.due_date}.`,
      link: `/training/modules/${a.module_id}`,
      dedupeKey: `training-${overdue ? 'overdue' : 'due'}:${a.id}:${a.due_date}`,
      at: now,
    });
  }
  return reminded;
}

// --- The daily job ------------------------------------------------------------------------------------

export const TRAINING_RULES = 'training-rules';
const RulesPayload = z.object({ day: z.iso.date() });

/** Enqueues the run of local day `day` at 06:00 in the organisation's time zone (once per day). */
export async function scheduleRulesRun(db: Db, orgId: string, day: string): Promise<void> {
  await enqueueDailyRun(db, orgId, TRAINING_RULES, day, 6);
}

/** Makes sure every organisation (or one) has its next daily run scheduled; safe to repeat. */
export async function scheduleTrainingRules(db: Db, clock: Clock = realClock, orgId?: string): Promise<void> {
  for (const org of await tomorrowOfOrganisations(db, clock, orgId))
    await scheduleRulesRun(db, org.id, org.tomorrow);
}

export function trainingJobHandlers(): JobHandlers {
  return {
    [TRAINING_RULES]: defineJob(RulesPayload, async ({ day }, job) => {
      // Tomorrow's run first: a run that keeps failing must not stop the ones after it.
      await scheduleRulesRun(job.db, job.orgId, addDays(day, 1));
      await job.db.transaction((tx) => runTrainingRules(tx, job.orgId, job.clock.now()));
    }),
  };
}
