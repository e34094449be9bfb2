import { and, asc, between, desc, eq, lte } from 'drizzle-orm';
import { type Db, query, sql } from '../../db/client.ts';
import { type Clock, realClock } from '../../jobs/jobs.ts';
import { notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can } from '../auth/context.ts';
import { teams as teamsTable } from '../people/people.tables.ts';
import { analyserFor } from '../text/text.service.ts';
import {
  type CellQuery,
  decideCommentRelease,
  decideRelease,
  type GuardTeam,
  type Release,
  teamsTopDown,
} from './anonymity.ts';
import { loadCultureSettings } from './bank.service.ts';
import { CONSTRUCTS, type Construct, FAVOURABLE_FROM } from './constructs.ts';
import type { CellView, CommentsView, HeatmapView } from './pulse.api.ts';
import { culturePulses } from './pulse.tables.ts';

/** The filterable attributes of an answer, in the guard's priority order. */
const ATTRIBUTES = ['role', 'tenure'] as const;

interface AnswerFacts {
  teamId: string | null;
  attributes: { role: string; tenure: string };
  enps: number;
  /** Per construct: sum of scores, number of scores, number favourable. */
  constructs: Map<string, { sum: number; count: number; favourable: number }>;
}

export interface PulseData {
  pulse: typeof culturePulses.$inferSelect;
  teams: (GuardTeam & { name: string })[];
  answers: AnswerFacts[];
  release: Release;
  minGroupSize: number;
  minCommentGroupSize: number;
}

export async function orgTeams(db: Db, orgId: string) {
  const rows = await db
    .select({ id: teamsTable.id, parentId: teamsTable.parentId, name: teamsTable.name })
    .from(teamsTable)
    .where(eq(teamsTable.orgId, orgId));
  return teamsTopDown(rows) as typeof rows;
}

/** Everything the guard needs about one pulse, and the guard's decision for it. */
export async function loadPulseData(db: Db, orgId: string, pulseId: string): Promise<PulseData> {
  const [pulse] = await db
    .select()
    .from(culturePulses)
    .where(and(eq(culturePulses.orgId, orgId), eq(culturePulses.id, pulseId)));
  if (!pulse) throw notFound('Pulse');
  const [teams, settings, rows] = await Promise.all([
    orgTeams(db, orgId),
    loadCultureSettings(db, orgId),
    query<{
      id: string;
      team_id: string | null;
      role: string;
      tenure_band: string;
      enps: number;
      construct: string;
      sum: number;
      count: number;
      favourable: number;
    }>(
      db,
      sql`select a.id, a.team_id, a.role, a.tenure_band, a.enps, s.construct,
            sum(s.score)::int as sum, count(*)::int as count,
            count(*) filter (where s.score >= ${FAVOURABLE_FROM})::int as favourable
          from culture_answers a join culture_answer_scores s on s.org_id = a.org_id and s.answer_id = a.id
          where a.org_id = ${orgId} and a.pulse_id = ${pulseId}
          group by a.id, a.team_id, a.role, a.tenure_band, a.enps, s.construct
          order by a.id`,
    ),
  ]);
  const byId = new Map<string, AnswerFacts>();
  for (const r of rows) {
    let a = byId.get(r.id);
    if (!a) {
      a = {
        teamId: r.team_id,
        attributes: { role: r.role, tenure: r.tenure_band },
        enps: r.enps,
        constructs: new Map(),
      };
      byId.set(r.id, a);
    }
    a.constructs.set(r.construct, { sum: r.sum, count: r.count, favourable: r.favourable });
  }
  const answers = [...byId.values()];
  const release = decideRelease({
    teams,
    respondents: answers,
    threshold: settings.minGroupSize,
    attributes: ATTRIBUTES,
  });
  return { pulse, teams, answers, release, ...settings };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** One cell's figures, computed only from the members the guard released. */
export function cellView(
  data: PulseData,
  cell: CellQuery,
  name: string,
  audience: ReadonlyMap<string | null, number> | null,
): CellView {
  const members = data.release.members(cell);
  if (!members) return { status: 'too_few_responses', teamId: cell.teamId, name };
  const answers = members.map((i) => data.answers[i] as AnswerFacts);
  const n = answers.length;
  const promoters = answers.filter((a) => a.enps >= 9).length;
  const detractors = answers.filter((a) => a.enps <= 6).length;
  const constructs: Extract<CellView, { status: 'ok' }>['constructs'] = {};
  for (const c of data.pulse.constructs) {
    let sum = 0;
    let count = 0;
    let favourable = 0;
    for (const a of answers) {
      const t = a.constructs.get(c);
      if (!t) continue;
      sum += t.sum;
      count += t.count;
      favourable += t.favourable;
    }
    constructs[c] =
      count === 0
        ? { status: 'too_few_responses' }
        : { status: 'ok', mean: round2(sum / count), favourable: round1((100 * favourable) / count) };
  }
  const invited = audience?.get(cell.teamId) ?? 0;
  return {
    status: 'ok',
    teamId: cell.teamId,
    name,
    responses: n,
    responseRate: audience && invited > 0 ? round1(Math.min(100, (100 * n) / invited)) : null,
    enps: Math.round((100 * (promoters - detractors)) / n),
    constructs,
  };
}

/** How many of the pulse's audience each team (with its sub-teams) and the organisation hold now. */
async function audienceByTeam(db: Db, data: PulseData): Promise<Map<string | null, number>> {
  const rows = await query<{ team_id: string | null }>(
    db,
    sql`select (select m.team_id from team_memberships m where m.org_id = e.org_id and m.employee_id = e.id
                 and m.ended_at is null order by m.started_at desc, m.team_id limit 1) as team_id
        from employees e where e.org_id = ${data.pulse.orgId} and e.active`,
  );
  const parentOf = new Map(data.teams.map((t) => [t.id, t.parentId]));
  const audience = new Set(data.pulse.audienceTeamIds);
  const out = new Map<string | null, number>();
  for (const r of rows) {
    const chain: string[] = [];
    for (let t = r.team_id; t && !chain.includes(t); t = parentOf.get(t) ?? null) chain.push(t);
    if (audience.size > 0 && !chain.some((t) => audience.has(t))) continue;
    for (const key of [null, ...chain]) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/**
 * The teams a reader may see: everything for those who run the programme (and integrations), the
 * teams they manage and everything below them for managers. The organisation total is for all.
 */
export async function visibleTeams(
  ctx: Ctx,
  teams: readonly (GuardTeam & { name: string })[],
): Promise<Set<string>> {
  if (ctx.actor.type !== 'user' || can(ctx.actor, 'culture:manage')) return new Set(teams.map((t) => t.id));
  const managed = await query<{ team_id: string }>(
    ctx.db,
    sql`select team_id from team_managers where org_id = ${ctx.orgId} and employee_id = ${ctx.actor.employeeId}`,
  );
  const visible = new Set(managed.map((m) => m.team_id));
  // Top-down order: a child is reached after its parent.
  for (const t of teams) if (t.parentId && visible.has(t.parentId)) visible.add(t.id);
  return visible;
}

function assertVisible(visible: Set<string>, teamId: string | undefined) {
  if (teamId !== undefined && !visible.has(teamId)) throw notFound('Team');
}

export async function pulseHeatmap(
  ctx: Ctx,
  pulseId: string,
  filters: { role?: string | undefined; tenure?: string | undefined },
): Promise<HeatmapView> {
  authorize(ctx, 'culture:results');
  const data = await loadPulseData(ctx.db, ctx.orgId, pulseId);
  const visible = await visibleTeams(ctx, data.teams);
  const filtered = filters.role !== undefined || filters.tenure !== undefined;
  const audience = filtered ? null : await audienceByTeam(ctx.db, data);
  return {
    pulseId,
    title: data.pulse.title,
    minGroupSize: data.release.threshold,
    constructs: CONSTRUCTS.filter((c) => data.pulse.constructs.includes(c)),
    organisation: cellView(data, { teamId: null, filters }, 'Organisation', audience),
    teams: data.teams
      .filter((t) => visible.has(t.id))
      .map((t) => cellView(data, { teamId: t.id, filters }, t.name, audience)),
  };
}

/**
 * The organisation's pulse score per construct (mean agreement 1–5, and how many answered), from
 * the newest pulse opened between `from` and `to` that asked about it and whose organisation figure
 * the guard releases; null for a construct no such pulse gives. Organisation-wide only, so it needs
 * no team visibility (the climate's perception gap reads it).
 */
export async function organisationConstructScores(
  db: Db,
  orgId: string,
  from: Date,
  to: Date,
): Promise<Record<Construct, { mean: number; n: number } | null>> {
  const scores = Object.fromEntries(CONSTRUCTS.map((c) => [c, null])) as Record<
    Construct,
    { mean: number; n: number } | null
  >;
  const pulses = await db
    .select({ id: culturePulses.id })
    .from(culturePulses)
    .where(and(eq(culturePulses.orgId, orgId), between(culturePulses.opensAt, from, to)))
    .orderBy(desc(culturePulses.opensAt), desc(culturePulses.id))
    .limit(24);
  for (const p of pulses) {
    if (CONSTRUCTS.every((c) => scores[c] !== null)) break;
    const data = await loadPulseData(db, orgId, p.id);
    const cell = cellView(data, { teamId: null }, 'Organisation', null);
    if (cell.status !== 'ok') continue;
    for (const c of CONSTRUCTS) {
      const figure = cell.constructs[c];
      if (scores[c] === null && figure?.status === 'ok') scores[c] = { mean: figure.mean, n: cell.responses };
    }
  }
  return scores;
}

/** One group's figures over the pulses that have opened, oldest first (the last twelve). */
export async function pulseTrend(ctx: Ctx, teamId: string | undefined, clock: Clock = realClock) {
  authorize(ctx, 'culture:results');
  const teams = await orgTeams(ctx.db, ctx.orgId);
  assertVisible(await visibleTeams(ctx, teams), teamId);
  const pulses = await ctx.db
    .select({ id: culturePulses.id, title: culturePulses.title, opensAt: culturePulses.opensAt })
    .from(culturePulses)
    .where(and(eq(culturePulses.orgId, ctx.orgId), lte(culturePulses.opensAt, clock.now())))
    .orderBy(asc(culturePulses.opensAt))
    .limit(500);
  const points = [];
  for (const p of pulses.slice(-12)) {
    const data = await loadPulseData(ctx.db, ctx.orgId, p.id);
    const name = teamId ? (teams.find((t) => t.id === teamId)?.name ?? '') : 'Organisation';
    points.push({
      pulseId: p.id,
      title: p.title,
      opensAt: p.opensAt.toISOString(),
      cell: cellView(data, { teamId: teamId ?? null }, name, null),
    });
  }
  return { teamId: teamId ?? null, points };
}

/** A group's comments and their themes, only when the comment guard releases the group. */
export async function pulseComments(
  ctx: Ctx,
  pulseId: string,
  teamId: string | undefined,
): Promise<CommentsView> {
  authorize(ctx, 'culture:results');
  const data = await loadPulseData(ctx.db, ctx.orgId, pulseId);
  assertVisible(await visibleTeams(ctx, data.teams), teamId);
  const rows = await query<{ team_id: string | null; body: string }>(
    ctx.db,
    sql`select team_id, body from culture_comments where org_id = ${ctx.orgId} and pulse_id = ${pulseId}
        order by md5(id::text)`,
  );
  const release = decideCommentRelease({
    teams: data.teams,
    commenters: rows.map((r) => ({ teamId: r.team_id })),
    threshold: data.minCommentGroupSize,
    numbers: data.release,
  });
  const members = release.members({ teamId: teamId ?? null });
  if (!members) return { status: 'too_few_responses', minCommentGroupSize: release.threshold };
  const comments = members.map((i) => (rows[i] as { body: string }).body).sort();
  const { analyser } = await analyserFor(ctx.db, ctx.orgId);
  const themes = new Map<string, { key: string; label: string; count: number }>();
  for (const c of comments)
    for (const t of analyser.analyse(c).themes) {
      const entry = themes.get(t.key) ?? { key: t.key, label: t.name, count: 0 };
      entry.count++;
      themes.set(t.key, entry);
    }
  return {
    status: 'ok',
    minCommentGroupSize: release.threshold,
    comments,
    themes: [...themes.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
  };
}
