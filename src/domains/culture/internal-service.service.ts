import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../../db/client.ts';
import { type Clock, realClock } from '../../jobs/jobs.ts';
import { conflict, invalid, notFound } from '../../server/errors.ts';
import { emptyTally, estimate, momentsOf } from '../analytics/statistics.ts';
import { authorize, type Ctx, requireUser } from '../auth/context.ts';
import { existingTeamIds } from '../people/teams.service.ts';
import {
  decideCommentRelease,
  decideRelease,
  type GuardTeam,
  LOWEST_MIN_GROUP_SIZE,
  type Release,
} from './anonymity.ts';
import { loadCultureSettings } from './bank.service.ts';
import {
  type AnswerInternalRoundInput,
  type CreateInternalRoundInput,
  INTERNAL_NPS_QUESTION,
  type InternalCellView,
  type InternalMatrixView,
  type InternalRoundView,
  SERVQUAL_DIMENSIONS,
  SERVQUAL_ITEMS,
  type ServqualDimension,
} from './internal-service.api.ts';
import {
  internalServiceComments,
  internalServiceParticipation,
  internalServiceRatings,
  internalServiceRounds,
} from './internal-service.tables.ts';
import { inAudience, pulseStatus } from './pulses.service.ts';
import { orgTeams, visibleTeams } from './results.service.ts';

type RoundRow = typeof internalServiceRounds.$inferSelect;
type Team = GuardTeam & { name: string };

async function loadRound(db: Db, orgId: string, id: string): Promise<RoundRow> {
  const [row] = await db
    .select()
    .from(internalServiceRounds)
    .where(and(eq(internalServiceRounds.orgId, orgId), eq(internalServiceRounds.id, id)));
  if (!row) throw notFound('Internal service round');
  return row;
}

const teamRefs = (ids: readonly string[], teams: readonly Team[]) =>
  ids.flatMap((id) => {
    const team = teams.find((t) => t.id === id);
    return team ? [{ id, name: team.name }] : [];
  });

function toView(r: RoundRow, teams: readonly Team[], now: Date): InternalRoundView {
  return {
    id: r.id,
    title: r.title,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt.toISOString(),
    status: pulseStatus(r, now),
    providers: teamRefs(r.providerTeamIds, teams).sort((a, b) => a.name.localeCompare(b.name)),
    audienceTeamIds: r.audienceTeamIds,
  };
}

export async function createInternalRound(
  ctx: Ctx,
  input: CreateInternalRoundInput,
  clock: Clock = realClock,
): Promise<InternalRoundView> {
  authorize(ctx, 'culture:manage');
  const opensAt = new Date(input.opensAt);
  const closesAt = new Date(input.closesAt);
  if (closesAt <= opensAt) throw invalid('A round must close after it opens', { field: 'closesAt' });
  const providers = [...new Set(input.providerTeamIds)];
  const audience = [...new Set(input.audienceTeamIds)];
  const known = await existingTeamIds(ctx.db, ctx.orgId, [...providers, ...audience]);
  for (const [field, ids] of [
    ['providerTeamIds', providers],
    ['audienceTeamIds', audience],
  ] as const) {
    const unknown = ids.filter((t) => !known.has(t));
    if (unknown.length > 0) throw invalid('Unknown team', { field, unknown });
  }
  const [row] = await ctx.db
    .insert(internalServiceRounds)
    .values({
      orgId: ctx.orgId,
      id: uuidv7(),
      title: input.title,
      opensAt,
      closesAt,
      providerTeamIds: providers,
      audienceTeamIds: audience,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
    })
    .returning();
  return toView(row as RoundRow, await orgTeams(ctx.db, ctx.orgId), clock.now());
}

export async function listInternalRounds(ctx: Ctx, clock: Clock = realClock): Promise<InternalRoundView[]> {
  authorize(ctx, 'culture:results');
  const [rows, teams] = await Promise.all([
    ctx.db
      .select()
      .from(internalServiceRounds)
      .where(eq(internalServiceRounds.orgId, ctx.orgId))
      .orderBy(desc(internalServiceRounds.opensAt), desc(internalServiceRounds.id))
      .limit(200),
    orgTeams(ctx.db, ctx.orgId),
  ]);
  return rows.map((r) => toView(r, teams, clock.now()));
}

export async function getInternalRound(ctx: Ctx, id: string, clock: Clock = realClock) {
  authorize(ctx, 'culture:results');
  const [row, teams] = await Promise.all([loadRound(ctx.db, ctx.orgId, id), orgTeams(ctx.db, ctx.orgId)]);
  return toView(row, teams, clock.now());
}

export async function closeInternalRound(ctx: Ctx, id: string, clock: Clock = realClock) {
  authorize(ctx, 'culture:manage');
  await loadRound(ctx.db, ctx.orgId, id);
  await ctx.db
    .update(internalServiceRounds)
    .set({ closedAt: clock.now() })
    .where(
      and(
        eq(internalServiceRounds.orgId, ctx.orgId),
        eq(internalServiceRounds.id, id),
        isNull(internalServiceRounds.closedAt),
      ),
    );
  return getInternalRound(ctx, id, clock);
}

/**
 * The teams a person may not rate: every team they are a current member of, and those teams'
 * parents (rating one's own department is rating oneself too).
 */
async function ownTeams(db: Db, orgId: string, employeeId: string, teams: readonly Team[]) {
  const rows = await query<{ team_id: string }>(
    db,
    sql`select team_id from team_memberships
        where org_id = ${orgId} and employee_id = ${employeeId} and ended_at is null`,
  );
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  const own = new Set<string>();
  for (const r of rows)
    for (let t: string | null = r.team_id; t && !own.has(t); t = parentOf.get(t) ?? null) own.add(t);
  return own;
}

/** The person's current team (the newest membership): the row of the matrix their rating counts in. */
async function currentTeam(db: Db, orgId: string, employeeId: string): Promise<string | null> {
  const [row] = await query<{ team_id: string }>(
    db,
    sql`select team_id from team_memberships where org_id = ${orgId} and employee_id = ${employeeId}
          and ended_at is null order by started_at desc, team_id limit 1`,
  );
  return row?.team_id ?? null;
}

const servqualItems = () =>
  SERVQUAL_DIMENSIONS.map((dimension) => ({ dimension, ...SERVQUAL_ITEMS[dimension] }));

/** The open rounds the signed-in person is asked, has not answered, and has someone to rate in. */
export async function myOpenInternalRounds(ctx: Ctx, clock: Clock = realClock) {
  const me = requireUser(ctx);
  const now = clock.now().toISOString();
  const rows = await query<{ id: string }>(
    ctx.db,
    sql`select r.id from internal_service_rounds r
        where r.org_id = ${ctx.orgId} and r.closed_at is null
          and r.opens_at <= ${now}::timestamptz and r.closes_at > ${now}::timestamptz
          and not exists (select 1 from internal_service_participation p
            where p.org_id = r.org_id and p.round_id = r.id and p.employee_id = ${me.employeeId})
        order by r.closes_at, r.id`,
  );
  if (rows.length === 0) return { items: [] };
  const teams = await orgTeams(ctx.db, ctx.orgId);
  const own = await ownTeams(ctx.db, ctx.orgId, me.employeeId, teams);
  const items = [];
  for (const { id } of rows) {
    const round = await loadRound(ctx.db, ctx.orgId, id);
    if (!(await inAudience(ctx.db, ctx.orgId, round, me.employeeId))) continue;
    const providers = teamRefs(
      round.providerTeamIds.filter((t) => !own.has(t)),
      teams,
    ).sort((a, b) => a.name.localeCompare(b.name));
    if (providers.length === 0) continue;
    items.push({
      id: round.id,
      title: round.title,
      closesAt: round.closesAt.toISOString(),
      providers,
      npsQuestion: INTERNAL_NPS_QUESTION,
      items: servqualItems(),
    });
  }
  return { items };
}

/**
 * Records one person's ratings of the providers they use, with no link to the person: each rating
 * row has a random id, the rater's team and the scores; participation is a separate row with no
 * rating id and no time. A second answer, an unknown provider and one's own team are refused.
 */
export async function answerInternalRound(
  ctx: Ctx,
  roundId: string,
  input: AnswerInternalRoundInput,
  clock: Clock = realClock,
): Promise<{ status: 'recorded' }> {
  // The round first: another organisation's round is unknown, whoever asks.
  const round = await loadRound(ctx.db, ctx.orgId, roundId);
  const me = requireUser(ctx);
  if (!(await inAudience(ctx.db, ctx.orgId, round, me.employeeId))) throw notFound('Internal service round');
  if (pulseStatus(round, clock.now()) !== 'open') throw conflict('This round is not open');
  const providers = input.ratings.map((r) => r.providerTeamId);
  if (new Set(providers).size !== providers.length)
    throw invalid('Rate each team at most once', { field: 'ratings' });
  const notAsked = providers.filter((p) => !round.providerTeamIds.includes(p));
  if (notAsked.length > 0)
    throw invalid('This round does not ask about these teams', { field: 'ratings', unknown: notAsked });
  const teams = await orgTeams(ctx.db, ctx.orgId);
  const own = await ownTeams(ctx.db, ctx.orgId, me.employeeId, teams);
  if (providers.some((p) => own.has(p))) throw invalid('You cannot rate your own team', { field: 'ratings' });
  const raterTeamId = await currentTeam(ctx.db, ctx.orgId, me.employeeId);
  await ctx.db.transaction(async (tx) => {
    const took = await tx
      .insert(internalServiceParticipation)
      .values({ orgId: ctx.orgId, roundId, employeeId: me.employeeId })
      .onConflictDoNothing()
      .returning();
    if (took.length === 0) throw conflict('You have already answered this round');
    await tx.insert(internalServiceRatings).values(
      input.ratings.map((r) => ({
        orgId: ctx.orgId,
        id: randomUUID(),
        roundId,
        raterTeamId,
        providerTeamId: r.providerTeamId,
        nps: r.nps,
        reliability: r.reliability,
        assurance: r.assurance,
        tangibles: r.tangibles,
        empathy: r.empathy,
        responsiveness: r.responsiveness,
      })),
    );
    const comments = input.ratings.filter((r) => r.comment);
    if (comments.length > 0)
      await tx.insert(internalServiceComments).values(
        comments.map((r) => ({
          orgId: ctx.orgId,
          id: randomUUID(),
          roundId,
          raterTeamId,
          providerTeamId: r.providerTeamId,
          body: r.comment as string,
        })),
      );
  });
  return { status: 'recorded' };
}

interface Rating {
  department: string | null;
  nps: number;
  scores: Record<ServqualDimension, number>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** A cell's figures from the ratings the guard released (internal NPS with its 95 % margin). */
function internalCell(
  fromTeamId: string | null,
  ratings: readonly Rating[],
  members: readonly number[] | null,
): InternalCellView {
  if (!members) return { status: 'too_few_responses', fromTeamId };
  const rows = members.map((i) => ratings[i] as Rating);
  const n = rows.length;
  const promoters = rows.filter((r) => r.nps >= 9).length;
  const detractors = rows.filter((r) => r.nps <= 6).length;
  const nps = estimate(
    momentsOf({ ...emptyTally(), promoters, detractors, passives: n - promoters - detractors }, 'nps'),
    'nps',
    1,
  );
  const servqual = Object.fromEntries(
    SERVQUAL_DIMENSIONS.map((d) => [d, round2(rows.reduce((s, r) => s + r.scores[d], 0) / n)]),
  ) as Record<ServqualDimension, number>;
  return {
    status: 'ok',
    fromTeamId,
    responses: n,
    nps: Math.round(nps.value ?? 0),
    npsMarginOfError: round1(nps.marginOfError ?? 0),
    servqual,
  };
}

/** Each team's department: its top-level ancestor. */
function departmentsOf(teams: readonly Team[]): Map<string, string> {
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  const out = new Map<string, string>();
  for (const t of teams) {
    let top = t.id;
    const seen = new Set([top]);
    for (let p = parentOf.get(top); p && parentOf.has(p) && !seen.has(p); p = parentOf.get(top)) {
      top = p;
      seen.add(p);
    }
    out.set(t.id, top);
  }
  return out;
}

/**
 * The department × provider matrix. Each provider's ratings are one guarded population: the
 * guard decides, for the provider's total and each rating department together, which cells may be
 * shown (minimum group, and no department whose complement in the total is a small group).
 * Leaders see every provider; managers see the providers they manage (with their sub-teams).
 */
export async function internalMatrix(ctx: Ctx, roundId: string): Promise<InternalMatrixView> {
  authorize(ctx, 'culture:results');
  const round = await loadRound(ctx.db, ctx.orgId, roundId);
  const [teams, settings, rows, commentRows] = await Promise.all([
    orgTeams(ctx.db, ctx.orgId),
    loadCultureSettings(ctx.db, ctx.orgId),
    ctx.db
      .select()
      .from(internalServiceRatings)
      .where(and(eq(internalServiceRatings.orgId, ctx.orgId), eq(internalServiceRatings.roundId, roundId))),
    query<{ provider_team_id: string; rater_team_id: string | null; body: string }>(
      ctx.db,
      sql`select provider_team_id, rater_team_id, body from internal_service_comments
          where org_id = ${ctx.orgId} and round_id = ${roundId} order by md5(id::text)`,
    ),
  ]);
  const visible = await visibleTeams(ctx, teams);
  const departmentOf = departmentsOf(teams);
  const departments = teams.filter((t) => t.parentId === null || !departmentOf.has(t.parentId));
  const guardTeams: GuardTeam[] = departments.map((d) => ({ id: d.id, parentId: null }));
  const deptOf = (team: string | null) => (team ? (departmentOf.get(team) ?? null) : null);

  const providers = teamRefs(
    round.providerTeamIds.filter((p) => visible.has(p)),
    teams,
  ).sort((a, b) => a.name.localeCompare(b.name));
  return {
    roundId,
    title: round.title,
    minGroupSize: Math.max(LOWEST_MIN_GROUP_SIZE, settings.minGroupSize),
    minCommentGroupSize: settings.minCommentGroupSize,
    dimensions: SERVQUAL_DIMENSIONS.map((dimension) => ({
      dimension,
      label: SERVQUAL_ITEMS[dimension].label,
    })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    providers: providers.map((provider) => {
      const ratings: Rating[] = rows
        .filter((r) => r.providerTeamId === provider.id)
        .map((r) => ({
          department: deptOf(r.raterTeamId),
          nps: r.nps,
          scores: {
            reliability: r.reliability,
            assurance: r.assurance,
            tangibles: r.tangibles,
            empathy: r.empathy,
            responsiveness: r.responsiveness,
          },
        }));
      const release: Release = decideRelease({
        teams: guardTeams,
        respondents: ratings.map((r) => ({ teamId: r.department, attributes: {} })),
        threshold: settings.minGroupSize,
      });
      const comments = commentRows.filter((c) => c.provider_team_id === provider.id);
      const commentRelease = decideCommentRelease({
        teams: guardTeams,
        commenters: comments.map((c) => ({ teamId: deptOf(c.rater_team_id) })),
        threshold: settings.minCommentGroupSize,
        numbers: release,
      });
      const released = commentRelease.members({ teamId: null });
      return {
        ...provider,
        total: internalCell(null, ratings, release.members({ teamId: null })),
        cells: departments.map((d) => internalCell(d.id, ratings, release.members({ teamId: d.id }))),
        comments: released
          ? {
              status: 'ok' as const,
              items: released.map((i) => (comments[i] as { body: string }).body).sort(),
            }
          : { status: 'too_few_responses' as const },
      };
    }),
  };
}
