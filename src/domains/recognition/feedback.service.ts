import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query } from '../../db/client.ts';
import type { Clock } from '../../jobs/jobs.ts';
import { realClock } from '../../jobs/jobs.ts';
import { forbidden, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can, requireUser } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { resolveEmployeeRefs } from '../people/employees.service.ts';
import { checkEvidence } from './evidence.ts';
import { isManagerOf, isoOf, managesSql, teamAndBelow } from './managers.ts';
import type { CoverageView, FeedbackView, GiveFeedbackInput } from './recognition.api.ts';
import { feedback, feedbackReplies } from './recognition.tables.ts';
import { loadRecognitionSettings } from './settings.service.ts';

/**
 * Private feedback. Only three kinds of people ever see a piece of feedback: who gave it, who it
 * is about, and that person's managers. Not admins, not leaders, not API keys: every read goes
 * through `visibleTo` (feedback.int.test.ts proves it for every role).
 */
export function visibleTo(orgId: string, viewerId: string): SQL {
  return sql`(f.giver_id = ${viewerId} or f.employee_id = ${viewerId}
    or ${managesSql(orgId, viewerId, sql`f.employee_id`)})`;
}

interface FeedbackRow {
  id: string;
  giver_id: string;
  giver_name: string;
  employee_id: string;
  employee_name: string;
  kind: FeedbackView['kind'];
  message: string;
  evidence_type: NonNullable<FeedbackView['evidence']>['type'] | null;
  evidence_id: string | null;
  evidence_at: Date | string | null;
  acknowledged_at: Date | string | null;
  created_at: Date | string;
  replies: { id: string; author_id: string; author_name: string; body: string; created_at: string }[];
}

const hoursBetween = (from: Date | string, to: Date | string) =>
  Math.round(((new Date(to).getTime() - new Date(from).getTime()) / 3_600_000) * 10) / 10;

const toView = (r: FeedbackRow): FeedbackView => ({
  id: r.id,
  giver: { id: r.giver_id, name: r.giver_name },
  employee: { id: r.employee_id, name: r.employee_name },
  kind: r.kind,
  message: r.message,
  evidence: r.evidence_type && r.evidence_id ? { type: r.evidence_type, id: r.evidence_id } : null,
  evidenceAt: r.evidence_at ? isoOf(r.evidence_at) : null,
  immediacyHours: r.evidence_at ? hoursBetween(r.evidence_at, r.created_at) : null,
  acknowledgedAt: r.acknowledged_at ? isoOf(r.acknowledged_at) : null,
  createdAt: isoOf(r.created_at),
  replies: r.replies.map((x) => ({
    id: x.id,
    author: { id: x.author_id, name: x.author_name },
    body: x.body,
    createdAt: isoOf(x.created_at),
  })),
});

async function selectFeedback(db: Db, orgId: string, where: SQL, limit: number): Promise<FeedbackView[]> {
  const rows = await query<FeedbackRow>(
    db,
    sql`select f.id, f.giver_id, g.name as giver_name, f.employee_id, e.name as employee_name, f.kind, f.message,
          f.evidence_type, f.evidence_id, f.evidence_at, f.acknowledged_at, f.created_at,
          coalesce((select json_agg(json_build_object('id', x.id, 'author_id', x.author_id, 'author_name', a.name,
              'body', x.body, 'created_at', x.created_at) order by x.created_at, x.id)
            from feedback_replies x join employees a on a.org_id = x.org_id and a.id = x.author_id
            where x.org_id = f.org_id and x.feedback_id = f.id), '[]'::json) as replies
        from feedback f
        join employees g on g.org_id = f.org_id and g.id = f.giver_id
        join employees e on e.org_id = f.org_id and e.id = f.employee_id
        where f.org_id = ${orgId} and ${where}
        order by f.created_at desc, f.id desc limit ${limit}`,
  );
  return rows.map(toView);
}

/** One piece of feedback the signed-in person may see; anything else is "not found". */
export async function getFeedback(ctx: Ctx, id: string): Promise<FeedbackView> {
  authorize(ctx, 'feedback:give');
  // Not requireUser: an API key sees no feedback, so for it every id is "not found", like any other.
  const viewer = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  if (!viewer) throw notFound('Feedback');
  const [found] = await selectFeedback(
    ctx.db,
    ctx.orgId,
    sql`f.id = ${id} and ${visibleTo(ctx.orgId, viewer)}`,
    1,
  );
  if (!found) throw notFound('Feedback');
  return found;
}

export async function listFeedback(
  ctx: Ctx,
  q: { employeeId?: string | undefined; direction: 'received' | 'given'; limit: number },
) {
  authorize(ctx, 'feedback:give');
  const me = requireUser(ctx);
  const about =
    q.direction === 'given'
      ? sql`f.giver_id = ${me.employeeId}`
      : sql`f.employee_id = ${q.employeeId ?? me.employeeId}`;
  return {
    items: await selectFeedback(
      ctx.db,
      ctx.orgId,
      sql`${about} and ${visibleTo(ctx.orgId, me.employeeId)}`,
      q.limit,
    ),
  };
}

/** Feedback about a person as `viewer` may see it, or null when they may see none of it (profiles). */
export async function feedbackForProfile(ctx: Ctx, employeeId: string): Promise<FeedbackView[] | null> {
  if (ctx.actor.type !== 'user') return null;
  const viewer = ctx.actor.employeeId;
  if (viewer !== employeeId && !(await isManagerOf(ctx.db, ctx.orgId, viewer, employeeId))) return null;
  return selectFeedback(
    ctx.db,
    ctx.orgId,
    sql`f.employee_id = ${employeeId} and ${visibleTo(ctx.orgId, viewer)}`,
    50,
  );
}

export async function giveFeedback(
  ctx: Ctx,
  input: GiveFeedbackInput,
  clock: Clock = realClock,
): Promise<FeedbackView> {
  authorize(ctx, 'feedback:give');
  const me = requireUser(ctx);
  if (input.employeeId === me.employeeId)
    throw invalid('Feedback is for a colleague, not yourself', { field: 'employeeId' });
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await resolveEmployeeRefs(tx, ctx.orgId, [input.employeeId], []);
    const evidenceAt = input.evidence ? await checkEvidence(tx, ctx.orgId, input.evidence) : null;
    const at = clock.now();
    await tx.insert(feedback).values({
      orgId: ctx.orgId,
      id,
      giverId: me.employeeId,
      employeeId: input.employeeId,
      kind: input.kind,
      message: input.message,
      evidenceType: input.evidence?.type ?? null,
      evidenceId: input.evidence?.id ?? null,
      evidenceAt,
      createdAt: at,
    });
    await notify(tx, ctx.orgId, {
      to: input.employeeId,
      kind: 'feedback',
      title: input.kind === 'praise' ? 'You have new feedback: praise' : 'You have new feedback to look at',
      // The email carries no content: private feedback is read in the app, where access is checked.
      body: 'A colleague gave you feedback. Open Serviceloop to read it, acknowledge it and reply.',
      link: `/recognition/me?feedback=${id}`,
      dedupeKey: `feedback:${id}`,
      at,
    });
  });
  return getFeedback(ctx, id);
}

/** The person the feedback is about acknowledges they have read it. */
export async function acknowledgeFeedback(
  ctx: Ctx,
  id: string,
  clock: Clock = realClock,
): Promise<FeedbackView> {
  const found = await getFeedback(ctx, id);
  if (found.employee.id !== requireUser(ctx).employeeId)
    throw forbidden('Only the person the feedback is about can acknowledge it');
  if (!found.acknowledgedAt)
    await query(
      ctx.db,
      sql`update feedback set acknowledged_at = ${clock.now().toISOString()}::timestamptz
          where org_id = ${ctx.orgId} and id = ${id} and acknowledged_at is null`,
    );
  return getFeedback(ctx, id);
}

export async function replyToFeedback(ctx: Ctx, id: string, body: string): Promise<FeedbackView> {
  const found = await getFeedback(ctx, id);
  const me = requireUser(ctx);
  const replyId = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(feedbackReplies).values({
      orgId: ctx.orgId,
      id: replyId,
      feedbackId: id,
      authorId: me.employeeId,
      body,
      createdAt: new Date(),
    });
    // The other side of the conversation hears about it.
    const to = me.employeeId === found.employee.id ? found.giver.id : found.employee.id;
    await notify(tx, ctx.orgId, {
      to,
      kind: 'feedback_reply',
      title: 'A reply to feedback',
      body: 'There is a new reply in a feedback conversation. Open Serviceloop to read it.',
      link: `/recognition/me?feedback=${id}`,
      dedupeKey: `feedback-reply:${replyId}`,
    });
  });
  return getFeedback(ctx, id);
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * For every report of the caller (leaders and admins: everyone, optionally one team): days since
 * their last feedback and last recognition, a nudge past the organisation's threshold, and how
 * soon feedback follows its evidence. Dates and counts only, never what the feedback says.
 */
export async function feedbackCoverage(
  ctx: Ctx,
  q: { teamId?: string | undefined },
  clock: Clock = realClock,
): Promise<CoverageView> {
  authorize(ctx, 'feedback:coverage');
  const settings = await loadRecognitionSettings(ctx.db, ctx.orgId);
  const now = clock.now();
  const everyone = ctx.actor.type !== 'user' || can(ctx.actor, 'recognition:manage');
  const viewer = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const scope = everyone || !viewer ? sql`true` : managesSql(ctx.orgId, viewer, sql`e.id`);
  const team = q.teamId
    ? sql`exists (select 1 from team_memberships m where m.org_id = e.org_id and m.employee_id = e.id
        and m.ended_at is null and m.team_id in ${teamAndBelow(ctx.orgId, q.teamId)})`
    : sql`true`;
  const since = new Date(now.getTime() - 90 * 86_400_000).toISOString();
  const rows = await query<{
    id: string;
    name: string;
    teams: { id: string; name: string }[];
    last_feedback: Date | string | null;
    last_recognition: Date | string | null;
    feedback_90d: number;
    immediacy_hours: number[] | null;
  }>(
    ctx.db,
    sql`select e.id, e.name,
          coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
            from team_memberships m join teams t on t.org_id = m.org_id and t.id = m.team_id
            where m.org_id = e.org_id and m.employee_id = e.id and m.ended_at is null), '[]'::json) as teams,
          (select max(f.created_at) from feedback f where f.org_id = e.org_id and f.employee_id = e.id) as last_feedback,
          (select max(k.created_at) from kudos_recipients r join kudos k on k.org_id = r.org_id and k.id = r.kudos_id
            where r.org_id = e.org_id and r.employee_id = e.id) as last_recognition,
          (select count(*)::int from feedback f where f.org_id = e.org_id and f.employee_id = e.id
            and f.created_at >= ${since}::timestamptz) as feedback_90d,
          (select array_agg((extract(epoch from (f.created_at - f.evidence_at)) / 3600.0)::float8)
            from feedback f where f.org_id = e.org_id and f.employee_id = e.id and f.evidence_at is not null
              and f.created_at >= ${since}::timestamptz) as immediacy_hours
        from employees e
        where e.org_id = ${ctx.orgId} and e.active and e.id <> ${viewer ?? '00000000-0000-0000-0000-000000000000'}
          and ${scope} and ${team}
        order by e.name, e.id`,
  );
  const days = (at: Date | string | null) =>
    at === null ? null : Math.floor((now.getTime() - new Date(at).getTime()) / 86_400_000);
  const all: number[] = [];
  const result = rows.map((r) => {
    const hours = (r.immediacy_hours ?? []).map(Number);
    all.push(...hours);
    const sinceFeedback = days(r.last_feedback);
    const sinceRecognition = days(r.last_recognition);
    const late = (d: number | null) => d === null || d > settings.feedbackNudgeDays;
    const m = median(hours);
    return {
      employee: { id: r.id, name: r.name },
      teams: r.teams,
      lastFeedbackAt: r.last_feedback ? isoOf(r.last_feedback) : null,
      daysSinceFeedback: sinceFeedback,
      lastRecognitionAt: r.last_recognition ? isoOf(r.last_recognition) : null,
      daysSinceRecognition: sinceRecognition,
      nudge: late(sinceFeedback) || late(sinceRecognition),
      feedbackCount90d: r.feedback_90d,
      medianImmediacyHours: m === null ? null : Math.round(m * 10) / 10,
    };
  });
  const overall = median(all);
  return {
    nudgeDays: settings.feedbackNudgeDays,
    rows: result,
    medianImmediacyHours: overall === null ? null : Math.round(overall * 10) / 10,
  };
}
