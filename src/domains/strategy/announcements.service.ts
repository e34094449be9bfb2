import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import { query } from '../../db/client.ts';
import { enqueue } from '../../jobs/jobs.ts';
import { AppError, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can, requireUser } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { existingTeamIds } from '../people/teams.service.ts';
import { getStory } from '../recognition/kudos.service.ts';
import type { WallStoryView } from '../recognition/recognition.api.ts';
import { forReader, type Quiz, type QuizAnswers, type QuizResult, scoreQuiz } from '../training/quiz.ts';
import { namesOf, resolveAudience, teamNamesOf } from './audience.ts';
import type { AnnouncementView, CreateAnnouncementInput, ReachView } from './strategy.api.ts';
import {
  type AnnouncementKind,
  strategyAcknowledgements,
  strategyAnnouncements,
  strategyVersions,
} from './strategy.tables.ts';

export const STRATEGY_REMINDER = 'strategy-reminder';
const DAY_MS = 86_400_000;

type AnnouncementRow = typeof strategyAnnouncements.$inferSelect;
type AckRow = typeof strategyAcknowledgements.$inferSelect;

export interface NewAnnouncement {
  kind: AnnouncementKind;
  title: string;
  body: string;
  strategyVersionId?: string | null;
  storyId?: string | null | undefined;
  teamIds?: string[] | undefined;
  requireAcknowledgement: boolean;
  quiz?: Quiz | undefined;
  remindAfterDays?: number | null | undefined;
}

async function storyOrNull(ctx: Ctx, id: string | null): Promise<WallStoryView | null> {
  if (!id) return null;
  try {
    return await getStory(ctx, id);
  } catch (err) {
    // Erased from the wall since, or a reader (an API key) without recognition:read.
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN')) return null;
    throw err;
  }
}

/**
 * Publishes an announcement in the caller's transaction and asks its audience: one row per person
 * asked, with their team now. With a reminder delay, a durable job reminds those who have not
 * acknowledged by then.
 */
export async function createAnnouncementIn(
  ctx: Ctx,
  input: NewAnnouncement,
  now = new Date(),
): Promise<AnnouncementView> {
  authorize(ctx, 'strategy:manage');
  const teamIds = input.teamIds && input.teamIds.length > 0 ? [...new Set(input.teamIds)] : null;
  if (teamIds) {
    const known = await existingTeamIds(ctx.db, ctx.orgId, teamIds);
    const unknown = teamIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw invalid('Unknown team', { field: 'teamIds', teamIds: unknown });
  }
  if (input.storyId && !(await storyOrNull(ctx, input.storyId)))
    throw invalid('Unknown story on the service wall', { field: 'storyId' });
  const id = uuidv7();
  await ctx.db.insert(strategyAnnouncements).values({
    orgId: ctx.orgId,
    id,
    kind: input.kind,
    title: input.title,
    body: input.body,
    strategyVersionId: input.strategyVersionId ?? null,
    storyId: input.storyId ?? null,
    audienceTeamIds: teamIds,
    requiresAcknowledgement: input.requireAcknowledgement,
    quiz: input.quiz ?? null,
    remindAfterDays: input.requireAcknowledgement ? (input.remindAfterDays ?? null) : null,
    publishedBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
    publishedAt: now,
  });
  const audience = await resolveAudience(ctx.db, ctx.orgId, teamIds);
  for (let i = 0; i < audience.length; i += 500)
    await ctx.db
      .insert(strategyAcknowledgements)
      .values(audience.slice(i, i + 500).map((a) => ({ orgId: ctx.orgId, announcementId: id, ...a })));
  // Everyone asked hears of it at once, in the app and (unless they turned the topic off) by
  // email; the reminders later go only to those who have not acknowledged.
  if (input.requireAcknowledgement) {
    const publisher = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
    await notify(ctx.db, ctx.orgId, {
      to: audience.map((a) => a.employeeId).filter((e) => e !== publisher),
      kind: 'strategy_ask',
      title: `Please read and acknowledge: ${input.title}`,
      body: input.body ? input.body.slice(0, 300) : null,
      link: `/strategy?announcement=${id}`,
      dedupeKey: `strategy-ask:${id}`,
      at: now,
    });
  }
  if (input.requireAcknowledgement && input.remindAfterDays)
    await enqueue(ctx.db, {
      orgId: ctx.orgId,
      queue: STRATEGY_REMINDER,
      payload: { announcementId: id, round: 1 },
      runAt: new Date(now.getTime() + input.remindAfterDays * DAY_MS),
      singletonKey: `${id}:1`,
    });
  return getAnnouncement(ctx, id);
}

export async function createAnnouncement(ctx: Ctx, input: CreateAnnouncementInput, now = new Date()) {
  authorize(ctx, 'strategy:manage');
  return ctx.db.transaction((tx) => createAnnouncementIn({ ...ctx, db: tx }, input, now));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function viewsOf(ctx: Ctx, rows: AnnouncementRow[]): Promise<AnnouncementView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const mine = await myRows(ctx, ids);
  const mineBy = new Map(mine.map((r) => [r.announcementId, r]));
  const totals = can(ctx.actor, 'strategy:manage')
    ? new Map(
        (
          await ctx.db
            .select({
              id: strategyAcknowledgements.announcementId,
              asked: sql<number>`count(*)::int`,
              seen: sql<number>`count(${strategyAcknowledgements.seenAt})::int`,
              acknowledged: sql<number>`count(${strategyAcknowledgements.acknowledgedAt})::int`,
            })
            .from(strategyAcknowledgements)
            .where(
              and(
                eq(strategyAcknowledgements.orgId, ctx.orgId),
                inArray(strategyAcknowledgements.announcementId, ids),
              ),
            )
            .groupBy(strategyAcknowledgements.announcementId)
        ).map(({ id, ...figures }) => [id, figures]),
      )
    : null;
  const versionIds = rows.flatMap((r) => (r.strategyVersionId ? [r.strategyVersionId] : []));
  const versions = new Map(
    versionIds.length > 0
      ? (
          await ctx.db
            .select({ id: strategyVersions.id, number: strategyVersions.number })
            .from(strategyVersions)
            .where(and(eq(strategyVersions.orgId, ctx.orgId), inArray(strategyVersions.id, versionIds)))
        ).map((v) => [v.id, v])
      : [],
  );
  const names = await namesOf(
    ctx.db,
    ctx.orgId,
    rows.map((r) => r.publishedBy),
  );
  const views: AnnouncementView[] = [];
  for (const r of rows) {
    const ack = mineBy.get(r.id);
    const publisher = r.publishedBy ? names.get(r.publishedBy) : undefined;
    views.push({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      strategyVersion: (r.strategyVersionId && versions.get(r.strategyVersionId)) || null,
      story: await storyOrNull(ctx, r.storyId),
      audienceTeamIds: r.audienceTeamIds,
      requiresAcknowledgement: r.requiresAcknowledgement,
      quiz: r.quiz ? forReader(r.quiz) : null,
      remindAfterDays: r.remindAfterDays,
      publishedAt: r.publishedAt.toISOString(),
      publishedBy: r.publishedBy && publisher ? { id: r.publishedBy, name: publisher } : null,
      me: ack
        ? { seenAt: iso(ack.seenAt), acknowledgedAt: iso(ack.acknowledgedAt), quizScore: ack.quizScore }
        : null,
      reach: totals ? (totals.get(r.id) ?? { asked: 0, seen: 0, acknowledged: 0 }) : null,
    });
  }
  return views;
}

/**
 * Announcements the reader may see: those they were asked to read, and every one for those who
 * publish them (strategy:manage); `mine`: only those the reader was asked to read; `pending`: still
 * waiting for the reader's acknowledgement.
 */
export async function listAnnouncements(ctx: Ctx, q: { filter: 'all' | 'mine' | 'pending'; limit: number }) {
  const me = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const everyone = can(ctx.actor, 'strategy:manage') && q.filter === 'all';
  if (!everyone && !me) return { items: [] };
  const asked = me
    ? sql`exists (select 1 from strategy_acknowledgements a where a.org_id = ${strategyAnnouncements.orgId}
        and a.announcement_id = ${strategyAnnouncements.id} and a.employee_id = ${me}
        ${q.filter === 'pending' ? sql`and a.acknowledged_at is null` : sql``})`
    : undefined;
  const rows = await ctx.db
    .select()
    .from(strategyAnnouncements)
    .where(
      and(
        eq(strategyAnnouncements.orgId, ctx.orgId),
        everyone ? undefined : asked,
        q.filter === 'pending' ? eq(strategyAnnouncements.requiresAcknowledgement, true) : undefined,
      ),
    )
    .orderBy(desc(strategyAnnouncements.publishedAt), desc(strategyAnnouncements.id))
    .limit(q.limit);
  return { items: await viewsOf(ctx, rows) };
}

async function findAnnouncement(ctx: Ctx, id: string): Promise<AnnouncementRow> {
  const [row] = await ctx.db
    .select()
    .from(strategyAnnouncements)
    .where(and(eq(strategyAnnouncements.orgId, ctx.orgId), eq(strategyAnnouncements.id, id)));
  if (!row) throw notFound('Announcement');
  return row;
}

/** The signed-in person's own rows of these announcements (none for an API key). */
async function myRows(ctx: Ctx, ids: string[]): Promise<AckRow[]> {
  if (ctx.actor.type !== 'user' || ids.length === 0) return [];
  return ctx.db
    .select()
    .from(strategyAcknowledgements)
    .where(
      and(
        eq(strategyAcknowledgements.orgId, ctx.orgId),
        eq(strategyAcknowledgements.employeeId, ctx.actor.employeeId),
        inArray(strategyAcknowledgements.announcementId, ids),
      ),
    );
}

async function myRow(ctx: Ctx, id: string): Promise<AckRow | null> {
  return (await myRows(ctx, [id]))[0] ?? null;
}

/** An announcement is visible to the people asked and to those who publish; to others it is unknown. */
async function visibleAnnouncement(ctx: Ctx, id: string) {
  const row = await findAnnouncement(ctx, id);
  const mine = await myRow(ctx, id);
  if (!mine && !can(ctx.actor, 'strategy:manage')) throw notFound('Announcement');
  return { row, mine };
}

export async function getAnnouncement(ctx: Ctx, id: string): Promise<AnnouncementView> {
  const { row } = await visibleAnnouncement(ctx, id);
  const [view] = await viewsOf(ctx, [row]);
  if (!view) throw new Error('no view of an announcement');
  return view;
}

/** Updates the signed-in person's own row; they must have been asked. */
async function updateMine(ctx: Ctx, id: string, set: PgUpdateSetSource<typeof strategyAcknowledgements>) {
  const { mine } = await visibleAnnouncement(ctx, id);
  if (!mine) throw invalid('You were not asked to read this announcement');
  await ctx.db
    .update(strategyAcknowledgements)
    .set(set)
    .where(
      and(
        eq(strategyAcknowledgements.orgId, ctx.orgId),
        eq(strategyAcknowledgements.announcementId, id),
        eq(strategyAcknowledgements.employeeId, requireUser(ctx).employeeId),
      ),
    );
}

const firstTime = (column: typeof strategyAcknowledgements.seenAt, now: Date) =>
  sql`coalesce(${column}, ${now.toISOString()}::timestamptz)`;

/** The reader opened it (the first time counts). */
export async function markSeen(ctx: Ctx, id: string, now = new Date()) {
  await updateMine(ctx, id, { seenAt: firstTime(strategyAcknowledgements.seenAt, now) });
  return getAnnouncement(ctx, id);
}

/** The reader acknowledges it: read and understood (and so also seen). Repeating changes nothing. */
export async function acknowledge(ctx: Ctx, id: string, now = new Date()) {
  const row = await findAnnouncement(ctx, id);
  if (!row.requiresAcknowledgement) {
    await visibleAnnouncement(ctx, id);
    throw invalid('This announcement asks for no acknowledgement');
  }
  await updateMine(ctx, id, {
    seenAt: firstTime(strategyAcknowledgements.seenAt, now),
    acknowledgedAt: firstTime(strategyAcknowledgements.acknowledgedAt, now),
  });
  return getAnnouncement(ctx, id);
}

/** Scores the reader's quiz answers with the quiz module and keeps the latest attempt. */
export async function answerQuiz(
  ctx: Ctx,
  id: string,
  answers: QuizAnswers,
  now = new Date(),
): Promise<QuizResult> {
  const { row } = await visibleAnnouncement(ctx, id);
  if (!row.quiz) throw invalid('This announcement has no quiz');
  const result = scoreQuiz(row.quiz, answers);
  await updateMine(ctx, id, {
    seenAt: firstTime(strategyAcknowledgements.seenAt, now),
    quizScore: result.score,
    quizAnswers: answers,
    quizAnsweredAt: now,
  });
  return result;
}

interface Figures {
  asked: number;
  seen: number;
  acknowledged: number;
  notYet: number;
  quizAnswered: number;
  quizMeanScore: number | null;
  quizPassed: number;
}

/** Reach per team (the team each person was in when asked): seen, acknowledged, not yet, quiz. */
export async function getReach(ctx: Ctx, id: string): Promise<ReachView> {
  authorize(ctx, 'strategy:manage');
  const announcement = await findAnnouncement(ctx, id);
  const passMark = announcement.quiz?.passMark ?? 1;
  const rows = await query<{
    team_id: string | null;
    asked: number;
    seen: number;
    acknowledged: number;
    quiz_answered: number;
    quiz_score_sum: number | null;
    quiz_passed: number;
  }>(
    ctx.db,
    sql`select team_id, count(*)::int as asked, count(seen_at)::int as seen,
          count(acknowledged_at)::int as acknowledged, count(quiz_score)::int as quiz_answered,
          sum(quiz_score)::float8 as quiz_score_sum,
          count(*) filter (where quiz_score >= ${passMark} - 1e-6)::int as quiz_passed
        from strategy_acknowledgements where org_id = ${ctx.orgId} and announcement_id = ${id}
        group by team_id`,
  );
  const figures = (r: Omit<(typeof rows)[number], 'team_id'>): Figures => ({
    asked: r.asked,
    seen: r.seen,
    acknowledged: r.acknowledged,
    notYet: r.asked - r.acknowledged,
    quizAnswered: r.quiz_answered,
    quizMeanScore:
      r.quiz_answered > 0 && r.quiz_score_sum !== null
        ? Math.round((r.quiz_score_sum / r.quiz_answered) * 1000) / 1000
        : null,
    quizPassed: r.quiz_passed,
  });
  const sum = rows.reduce(
    (t, r) => ({
      asked: t.asked + r.asked,
      seen: t.seen + r.seen,
      acknowledged: t.acknowledged + r.acknowledged,
      quiz_answered: t.quiz_answered + r.quiz_answered,
      quiz_score_sum: (t.quiz_score_sum ?? 0) + (r.quiz_score_sum ?? 0),
      quiz_passed: t.quiz_passed + r.quiz_passed,
    }),
    {
      asked: 0,
      seen: 0,
      acknowledged: 0,
      quiz_answered: 0,
      quiz_score_sum: 0 as number | null,
      quiz_passed: 0,
    },
  );
  const teamNames = await teamNamesOf(
    ctx.db,
    ctx.orgId,
    rows.map((r) => r.team_id),
  );
  const teams = rows
    .map((r) => {
      const name = r.team_id ? teamNames.get(r.team_id) : undefined;
      return { team: r.team_id && name ? { id: r.team_id, name } : null, ...figures(r) };
    })
    .sort((a, b) => (a.team?.name ?? '\uffff').localeCompare(b.team?.name ?? '\uffff'));
  const pending = await ctx.db
    .select()
    .from(strategyAcknowledgements)
    .where(
      and(
        eq(strategyAcknowledgements.orgId, ctx.orgId),
        eq(strategyAcknowledgements.announcementId, id),
        isNull(strategyAcknowledgements.acknowledgedAt),
      ),
    );
  const names = await namesOf(
    ctx.db,
    ctx.orgId,
    pending.map((p) => p.employeeId),
  );
  return {
    announcementId: id,
    total: figures(sum),
    teams,
    notYet: pending
      .map((p) => ({
        id: p.employeeId,
        name: names.get(p.employeeId) ?? '',
        teamId: p.teamId,
        seen: p.seenAt !== null,
        reminders: p.reminders,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Queues a reminder round now for everyone asked who has not acknowledged. One job per round:
 * asking twice before it ran queues nothing more.
 */
export async function remindNow(ctx: Ctx, id: string, now = new Date()) {
  authorize(ctx, 'strategy:manage');
  const row = await findAnnouncement(ctx, id);
  if (!row.requiresAcknowledgement) throw invalid('This announcement asks for no acknowledgement');
  const [state] = await query<{ round: number; pending: number }>(
    ctx.db,
    sql`select coalesce(max(reminders), 0)::int + 1 as round,
          count(*) filter (where acknowledged_at is null)::int as pending
        from strategy_acknowledgements where org_id = ${ctx.orgId} and announcement_id = ${id}`,
  );
  const round = state?.round ?? 1;
  const pending = state?.pending ?? 0;
  if (pending === 0) return { queued: false, round, pending };
  const jobId = await enqueue(ctx.db, {
    orgId: ctx.orgId,
    queue: STRATEGY_REMINDER,
    payload: { announcementId: id, round },
    runAt: now,
    // Not the automatic round's key: asking now replaces a round still waiting for its day.
    singletonKey: `${id}:now:${round}`,
  });
  return { queued: jobId !== null, round, pending };
}
