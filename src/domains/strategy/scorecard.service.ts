import { sql } from 'drizzle-orm';
import type { ActivityWindow } from '../../db/activity-window.ts';
import { query } from '../../db/client.ts';
import { notFound } from '../../server/errors.ts';
import { getOverview } from '../analytics/overview.service.ts';
import { addDays, addMonths, monthStart, organisationClock, periodsOf } from '../analytics/scope.ts';
import { type Ctx, can } from '../auth/context.ts';
import { caseActivity } from '../cases/leadership-activity.ts';
import { actionPlanActivity } from '../culture/leadership-activity.ts';
import { pulseTrend } from '../culture/results.service.ts';
import { recognitionActivity } from '../recognition/leadership-activity.ts';
import { managesSql } from '../recognition/managers.ts';
import { communicationActivity } from './leadership-activity.ts';
import {
  SCORECARD_ACTIONS,
  type ScorecardAction,
  type ScorecardListView,
  type ScorecardQuery,
  type ScorecardSummaryView,
  type ScorecardView,
} from './scorecard.api.ts';

/**
 * The leadership scorecard: for each leader and manager, the visible actions the seeds ask of
 * them (kudos and feedback given and how soon, 1:1s held, cases owned and unblocked, announcements,
 * actions on pulses, their teams' acknowledgement of the strategy), month by month, beside their
 * teams' customer and culture scores. Each figure comes from the domain that owns it, through an
 * activity window (src/db/activity-window.ts).
 *
 * Who sees a card: its leader; the people who manage them (the same hierarchy as feedback and
 * coaching); and those with `scorecards:read` (admins, API keys given that scope).
 */

export const ACTION_LABELS: Record<ScorecardAction, string> = {
  kudos_given: 'Kudos given',
  effort_kudos_given: 'Kudos for effort given',
  feedback_given: 'Feedback given',
  one_on_ones_held: '1:1s held',
  cases_owned: 'Cases owned',
  cases_resolved: 'Cases resolved',
  cases_stepped_in: "Colleagues' cases unblocked",
  announcements: 'Announcements published',
  action_plans: 'Action plans on pulse results',
  action_plan_updates: 'Action plan updates',
};

interface Leader {
  id: string;
  name: string;
  role: ScorecardSummaryView['person']['role'];
  teams: { id: string; name: string }[];
}

const viewerOf = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.employeeId : null);
const seesEveryone = (ctx: Ctx) => can(ctx.actor, 'scorecards:read');

/**
 * Leaders and managers (by role, or because they manage a team) the caller may see, or the one
 * person asked for. A person always sees their own card, whatever their role.
 */
async function visibleLeaders(ctx: Ctx, only?: string): Promise<Leader[]> {
  const viewer = viewerOf(ctx);
  const visible = seesEveryone(ctx)
    ? sql`true`
    : viewer
      ? sql`(e.id = ${viewer} or ${managesSql(ctx.orgId, viewer, sql`e.id`)})`
      : sql`false`;
  const leaderish = only
    ? sql`e.id = ${only}`
    : sql`(e.role in ('leader', 'manager') or exists (select 1 from team_managers tm
        where tm.org_id = e.org_id and tm.employee_id = e.id))`;
  return query<Leader>(
    ctx.db,
    sql`select e.id, e.name, e.role,
          coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
            from team_managers tm join teams t on t.org_id = tm.org_id and t.id = tm.team_id
            where tm.org_id = e.org_id and tm.employee_id = e.id), '[]'::json) as teams
        from employees e
        where e.org_id = ${ctx.orgId} and e.active and ${leaderish} and ${visible}
        order by e.name, e.id`,
  );
}

async function windowOf(ctx: Ctx, q: ScorecardQuery, personIds: string[], grain: ActivityWindow['grain']) {
  const { timeZone, today } = await organisationClock(ctx.db, ctx.orgId);
  const from = addMonths(monthStart(today), -(q.months - 1));
  return { from, until: addDays(today, 1), today, timeZone, grain, personIds } satisfies ActivityWindow & {
    today: string;
  };
}

/** Every figure of the window, keyed by person and bucket. */
async function activityOf(ctx: Ctx, w: ActivityWindow) {
  const [recognition, cases, actionPlans, communication] = await Promise.all([
    recognitionActivity(ctx.db, ctx.orgId, w),
    caseActivity(ctx.db, ctx.orgId, w),
    actionPlanActivity(ctx.db, ctx.orgId, w),
    communicationActivity(ctx.db, ctx.orgId, w),
  ]);
  const figures = new Map<string, Figures>();
  const at = (person: string, bucket: string) => {
    const key = `${person}|${bucket}`;
    const found = figures.get(key);
    if (found) return found;
    const f = emptyFigures();
    figures.set(key, f);
    return f;
  };
  for (const r of recognition) {
    const f = at(r.person_id, r.bucket);
    f.kudos_given = r.kudos;
    f.effort_kudos_given = r.effort_kudos;
    f.feedback_given = r.feedback;
    f.one_on_ones_held = r.one_on_ones;
    f.timedFeedback = r.timed_feedback;
    f.medianHours = r.median_hours === null ? null : round1(Number(r.median_hours));
  }
  for (const r of cases) {
    const f = at(r.person_id, r.bucket);
    f.cases_owned = r.owned;
    f.cases_resolved = r.resolved;
    f.cases_stepped_in = r.stepped_in;
  }
  for (const r of actionPlans) {
    const f = at(r.person_id, r.bucket);
    f.action_plans = r.planned;
    f.action_plan_updates = r.updates;
  }
  for (const r of communication) {
    const f = at(r.person_id, r.bucket);
    f.announcements = r.announcements;
    f.asked = r.asked;
    f.acknowledged = r.acknowledged;
  }
  return (person: string, bucket: string) => figures.get(`${person}|${bucket}`) ?? emptyFigures();
}

type Figures = Record<ScorecardAction, number> & {
  timedFeedback: number;
  medianHours: number | null;
  asked: number;
  acknowledged: number;
};

const emptyFigures = (): Figures => ({
  ...(Object.fromEntries(SCORECARD_ACTIONS.map((a) => [a, 0])) as Record<ScorecardAction, number>),
  timedFeedback: 0,
  medianHours: null,
  asked: 0,
  acknowledged: 0,
});

const round1 = (x: number) => Math.round(x * 10) / 10;
const acknowledgementOf = (f: Figures) => ({
  asked: f.asked,
  acknowledged: f.acknowledged,
  rate: f.asked === 0 ? null : Math.round((f.acknowledged / f.asked) * 1000) / 1000,
});

function summaryOf(leader: Leader, total: Figures): ScorecardSummaryView {
  return {
    person: { id: leader.id, name: leader.name, role: leader.role },
    teams: leader.teams,
    totals: Object.fromEntries(SCORECARD_ACTIONS.map((a) => [a, total[a]])) as Record<
      ScorecardAction,
      number
    >,
    feedbackMedianHours: total.medianHours,
    acknowledgement: acknowledgementOf(total),
  };
}

/** The cards the caller may see, with totals over the window (one query per domain for everyone). */
export async function listScorecards(ctx: Ctx, q: ScorecardQuery): Promise<ScorecardListView> {
  const leaders = await visibleLeaders(ctx);
  const w = await windowOf(
    ctx,
    q,
    leaders.map((l) => l.id),
    'total',
  );
  const figuresOf = await activityOf(ctx, w);
  return {
    period: { from: w.from, to: w.today },
    items: leaders.map((l) => summaryOf(l, figuresOf(l.id, 'total'))),
  };
}

/** One leader's card: every action month by month, and their teams' customer and culture scores. */
export async function getScorecard(ctx: Ctx, employeeId: string, q: ScorecardQuery): Promise<ScorecardView> {
  const [leader] = await visibleLeaders(ctx, employeeId);
  if (!leader) throw notFound('Scorecard');
  const monthly = await windowOf(ctx, q, [leader.id], 'month');
  const [byMonth, total, teamOutcomes] = await Promise.all([
    activityOf(ctx, monthly),
    activityOf(ctx, { ...monthly, grain: 'total' }),
    teamOutcomesOf(ctx, leader.teams, monthly.from, monthly.today),
  ]);
  const months = periodsOf('month', monthly.from, monthly.until);
  const series = months.map((m) => byMonth(leader.id, m));
  const totals = total(leader.id, 'total');
  return {
    ...summaryOf(leader, totals),
    period: { from: monthly.from, to: monthly.today },
    months,
    actions: SCORECARD_ACTIONS.map((key) => ({
      key,
      label: ACTION_LABELS[key],
      total: totals[key],
      byMonth: series.map((f) => f[key]),
    })),
    immediacy: {
      timedFeedback: totals.timedFeedback,
      byMonth: series.map((f) => ({ timedFeedback: f.timedFeedback, medianHours: f.medianHours })),
    },
    acknowledgementByMonth: series.map(acknowledgementOf),
    teamOutcomes,
  };
}

/**
 * The leader's teams' scores over the same months, read as the system: the card shows a team's
 * figures to whoever may see the card, but only as the analytics minimum sample and the culture
 * anonymity guard release them.
 */
async function teamOutcomesOf(
  ctx: Ctx,
  teams: Leader['teams'],
  from: string,
  to: string,
): Promise<ScorecardView['teamOutcomes']> {
  const system: Ctx = { ...ctx, actor: { type: 'system' } };
  return Promise.all(
    teams.map(async (team) => {
      const [overview, trend] = await Promise.all([
        getOverview(system, {
          from,
          to,
          teamId: team.id,
          subTeams: 'include',
          minSample: 30,
          interval: 'month',
        }),
        pulseTrend(system, team.id),
      ]);
      const customer = overview.scores
        .filter((s): s is typeof s & { metric: 'nps' | 'csat' } => s.metric === 'nps' || s.metric === 'csat')
        .map((s) => ({ metric: s.metric, current: s.current, previous: s.previous, change: s.change }));
      const released = trend.points.flatMap((p) =>
        p.cell.status === 'ok' ? [{ point: p, cell: p.cell, index: trend.points.indexOf(p) }] : [],
      );
      const figure = (r: (typeof released)[number] | undefined) => {
        if (!r) return null;
        const means = Object.values(r.cell.constructs).flatMap((c) => (c.status === 'ok' ? [c.mean] : []));
        return {
          pulseId: r.point.pulseId,
          title: r.point.title,
          opensAt: r.point.opensAt,
          responses: r.cell.responses,
          meanAgreement:
            means.length === 0
              ? null
              : Math.round((means.reduce((a, b) => a + b, 0) / means.length) * 100) / 100,
          enps: r.cell.enps,
        };
      };
      const current = released.at(-1);
      return {
        team,
        customer,
        culture: {
          current: figure(current),
          previous: figure(released.at(-2)),
          withheld: trend.points.length - 1 - (current?.index ?? -1),
        },
      };
    }),
  );
}
