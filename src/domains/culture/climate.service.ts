import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { query } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../server/errors.ts';
import { organisationClock } from '../analytics/scope.ts';
import { authorize, type Ctx, can, requireUser } from '../auth/context.ts';
import type {
  AssessmentSummaryView,
  AssessmentView,
  CreateAssessmentInput,
  UpdateAssessmentInput,
} from './climate.api.ts';
import { climateAnswers, climateAssessments } from './climate.tables.ts';
import { CLIMATE_QUESTIONS, type ClimateQuestionKey, MATURITY_LEVELS } from './climate-questions.ts';
import { CONSTRUCT_LABELS, CONSTRUCTS } from './constructs.ts';

/**
 * The climate self-assessment: a leader rates the organisation on the twelve questions (1 Not
 * started … 5 Leading) with notes. Assessments are dated and kept, so they can be repeated and
 * compared. Leaders (culture:manage) write their own; everyone with culture:results reads them.
 */

export function climateQuestions(ctx: Ctx) {
  authorize(ctx, 'culture:results');
  return {
    constructs: CONSTRUCTS.map((key) => ({ key, label: CONSTRUCT_LABELS[key] })),
    levels: MATURITY_LEVELS.map((l) => ({ level: l.level, name: l.name })),
    questions: CLIMATE_QUESTIONS.map((q) => ({ ...q, levels: [...q.levels] })),
  };
}

interface AssessmentRow {
  id: string;
  leader_id: string;
  leader_name: string;
  assessed_on: string;
  status: 'draft' | 'completed';
  completed_at: Date | string | null;
  answers: { question_key: ClimateQuestionKey; rating: number | null; notes: string | null }[];
}

const CONSTRUCT_OF = new Map(CLIMATE_QUESTIONS.map((q) => [q.key as string, q.construct]));
const mean = (xs: number[]) =>
  xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;

/** Mean rating per construct of one set of answers (questions not rated are left out). */
export function ratingsByConstruct(answers: readonly { question_key: string; rating: number | null }[]) {
  return CONSTRUCTS.map((construct) => ({
    construct,
    rating: mean(
      answers.flatMap((a) =>
        a.rating !== null && CONSTRUCT_OF.get(a.question_key) === construct ? [a.rating] : [],
      ),
    ),
  }));
}

function toSummary(r: AssessmentRow): AssessmentSummaryView {
  const rated = r.answers.flatMap((a) => (a.rating === null ? [] : [a.rating]));
  return {
    id: r.id,
    leader: { id: r.leader_id, name: r.leader_name },
    assessedOn: r.assessed_on,
    status: r.status,
    completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
    answered: rated.length,
    meanRating: mean(rated),
    byConstruct: ratingsByConstruct(r.answers),
  };
}

async function selectAssessments(ctx: Ctx, where: ReturnType<typeof sql>): Promise<AssessmentRow[]> {
  return query<AssessmentRow>(
    ctx.db,
    sql`select a.id, a.leader_id, coalesce(e.preferred_name, e.name) as leader_name, a.assessed_on::text as assessed_on,
          a.status, a.completed_at,
          coalesce((select json_agg(json_build_object('question_key', x.question_key, 'rating', x.rating, 'notes', x.notes))
            from climate_answers x where x.org_id = a.org_id and x.assessment_id = a.id), '[]'::json) as answers
        from climate_assessments a
        join employees e on e.org_id = a.org_id and e.id = a.leader_id
        where a.org_id = ${ctx.orgId} and ${where}
        order by a.assessed_on desc, a.created_at desc, a.id desc`,
  );
}

/** Every assessment, newest first (drafts only to their own leader). */
export async function listAssessments(ctx: Ctx, q: { leaderId?: string | undefined } = {}) {
  authorize(ctx, 'culture:results');
  const me = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const rows = await selectAssessments(
    ctx,
    sql`(a.status = 'completed' or a.leader_id = ${me}) and ${q.leaderId ? sql`a.leader_id = ${q.leaderId}` : sql`true`}`,
  );
  return { items: rows.map(toSummary) };
}

export async function getAssessment(ctx: Ctx, id: string): Promise<AssessmentView> {
  authorize(ctx, 'culture:results');
  const me = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const [row] = await selectAssessments(
    ctx,
    sql`a.id = ${id} and (a.status = 'completed' or a.leader_id = ${me})`,
  );
  if (!row) throw notFound('Assessment');
  const byKey = new Map(row.answers.map((a) => [a.question_key, a]));
  return {
    ...toSummary(row),
    answers: CLIMATE_QUESTIONS.map((q) => ({
      questionKey: q.key,
      rating: byKey.get(q.key)?.rating ?? null,
      notes: byKey.get(q.key)?.notes ?? null,
    })),
    canEdit: row.leader_id === me && can(ctx.actor, 'culture:manage'),
  };
}

/** A new dated assessment by the signed-in leader, as a draft. */
export async function createAssessment(ctx: Ctx, input: CreateAssessmentInput): Promise<AssessmentView> {
  authorize(ctx, 'culture:manage');
  const me = requireUser(ctx);
  const assessedOn = input.assessedOn ?? (await organisationClock(ctx.db, ctx.orgId)).today;
  const id = uuidv7();
  await ctx.db
    .insert(climateAssessments)
    .values({ orgId: ctx.orgId, id, leaderId: me.employeeId, assessedOn });
  return getAssessment(ctx, id);
}

/** Answers (a partial set is fine for a draft), the date, and completing it: only its own leader. */
export async function updateAssessment(
  ctx: Ctx,
  id: string,
  input: UpdateAssessmentInput,
  now = new Date(),
): Promise<AssessmentView> {
  authorize(ctx, 'culture:manage');
  // Looked up before asking who acts, so an unknown id is 404 for an API key too.
  const me = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  await ctx.db.transaction(async (tx) => {
    const [row] = await query<{ leader_id: string; status: string }>(
      tx,
      sql`select leader_id, status from climate_assessments where org_id = ${ctx.orgId} and id = ${id}
            and (status = 'completed' or leader_id = ${me}) for update`,
    );
    if (!row) throw notFound('Assessment');
    if (row.leader_id !== me) throw forbidden('Only the leader who made an assessment changes it');
    const keys = (input.answers ?? []).map((a) => a.questionKey);
    if (new Set(keys).size !== keys.length) throw invalid('Answer each question once', { field: 'answers' });
    for (const a of input.answers ?? [])
      await tx
        .insert(climateAnswers)
        .values({
          orgId: ctx.orgId,
          assessmentId: id,
          questionKey: a.questionKey,
          rating: a.rating,
          notes: a.notes ?? null,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [climateAnswers.orgId, climateAnswers.assessmentId, climateAnswers.questionKey],
          // Notes left out keep what was written.
          set: { rating: a.rating, ...(a.notes === undefined ? {} : { notes: a.notes }), updatedAt: now },
        });
    if (input.status === 'completed') {
      const [rated] = await query<{ n: number }>(
        tx,
        sql`select count(*)::int as n from climate_answers
            where org_id = ${ctx.orgId} and assessment_id = ${id} and rating is not null`,
      );
      if ((rated?.n ?? 0) < CLIMATE_QUESTIONS.length)
        throw invalid('Rate all twelve questions before completing the assessment', { field: 'status' });
    }
    await tx.execute(
      sql`update climate_assessments set
            assessed_on = coalesce(${input.assessedOn ?? null}::date, assessed_on),
            status = coalesce(${input.status ?? null}, status),
            completed_at = ${
              input.status === 'completed'
                ? sql`coalesce(completed_at, ${now.toISOString()}::timestamptz)`
                : input.status === 'draft'
                  ? null
                  : sql`completed_at`
            },
            updated_at = ${now.toISOString()}::timestamptz
          where org_id = ${ctx.orgId} and id = ${id}`,
    );
  });
  return getAssessment(ctx, id);
}

/**
 * Leaders' self-rating per construct: each leader's latest completed assessment counts once, the
 * construct's rating being the mean over those leaders (1–5). `n` is how many leaders.
 */
export async function leaderConstructRatings(ctx: Ctx) {
  const rows = await selectAssessments(
    ctx,
    sql`a.status = 'completed' and not exists (select 1 from climate_assessments later
      where later.org_id = a.org_id and later.leader_id = a.leader_id and later.status = 'completed'
        and (later.assessed_on, later.created_at, later.id) > (a.assessed_on, a.created_at, a.id))`,
  );
  const perLeader = rows.map((r) => ratingsByConstruct(r.answers));
  return CONSTRUCTS.map((construct) => {
    const ratings = perLeader.flatMap((cs) => {
      const r = cs.find((c) => c.construct === construct)?.rating;
      return r === null || r === undefined ? [] : [r];
    });
    return { construct, rating: mean(ratings), n: ratings.length };
  });
}
