import { and, desc, eq, gte, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import type { GroupCommitter } from '../../db/group-commit.ts';
import { AppError, invalid, notFound } from '../../server/errors.ts';
import { type Created, createOnce } from '../../server/idempotency.ts';
import { newestFirstAfter, pageOf } from '../../server/pagination.ts';
import { applyRollupChanges, rollupChangesOf } from '../analytics/rollups.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { resolveCustomer } from '../customers/customers.service.ts';
import { customers } from '../customers/customers.tables.ts';
import { type Attribution, attributionOf, createInteractionIn } from '../customers/interactions.service.ts';
import { resolveEmployeeRefs } from '../people/employees.service.ts';
import { assertTeamExists } from '../people/teams.service.ts';
import { type CheckedAnswers, checkAnswers, InvalidAnswers } from '../surveys/answers.ts';
import type { SurveyDefinition } from '../surveys/surveys.api.ts';
import { findSurveyCached } from '../surveys/surveys.service.ts';
import { invitations, type surveys } from '../surveys/surveys.tables.ts';
import { loadResponseText, responseTextFilter } from '../text/text.service.ts';
import { RESPONSE_KEY_SCOPE, responseLane } from './response-batch.ts';
import { enqueueResponsePipeline } from './response-pipeline.ts';
import type { ListResponsesQuery, ResponseView, SubmitResponseInput } from './responses.api.ts';
import { type ResponseSource, responseEmployees, responses } from './responses.tables.ts';

/** An answer can be changed for this long after it is first given (the public page says so). */
export const AMEND_HOURS = 24;

type SurveyRow = typeof surveys.$inferSelect;

export interface StoredResponse extends Created {
  amended: boolean;
  /** The stored response, when it could be told without reading it back. */
  view?: ResponseView | undefined;
}

const responseColumns = {
  id: responses.id,
  surveyId: responses.surveyId,
  invitationId: responses.invitationId,
  customerId: responses.customerId,
  customerName: customers.name,
  interactionId: responses.interactionId,
  teamId: responses.teamId,
  // Qualified by hand: an unqualified `id` inside the subquery would bind to response_employees.
  employeeIds: sql<
    string[]
  >`coalesce((select array_agg(re.employee_id order by re.employee_id) from response_employees re
    where re.org_id = "responses"."org_id" and re.response_id = "responses"."id"), '{}')`,
  channel: responses.channel,
  source: responses.source,
  locale: responses.locale,
  score: responses.score,
  answers: responses.answers,
  comment: responses.comment,
  submittedAt: responses.submittedAt,
  updatedAt: responses.updatedAt,
};

function selectResponses(db: Db) {
  return db
    .select(responseColumns)
    .from(responses)
    .leftJoin(customers, and(eq(customers.orgId, responses.orgId), eq(customers.id, responses.customerId)));
}

type ResponseRow = Awaited<ReturnType<ReturnType<typeof selectResponses>['execute']>>[number];
const toView = (r: ResponseRow): ResponseView => ({
  ...r,
  submittedAt: r.submittedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A stored response as the API shows it; for callers that have just written it. */
export async function loadResponse(db: Db, orgId: string, id: string): Promise<ResponseView> {
  const [row] = await selectResponses(db).where(and(eq(responses.orgId, orgId), eq(responses.id, id)));
  if (!row) throw notFound('Response');
  return toView(row);
}

export async function getResponse(ctx: Ctx, id: string): Promise<ResponseView> {
  authorize(ctx, 'responses:read');
  const view = await loadResponse(ctx.db, ctx.orgId, id);
  return { ...view, text: await loadResponseText(ctx.db, ctx.orgId, id) };
}

export async function listResponses(ctx: Ctx, q: ListResponsesQuery) {
  authorize(ctx, 'responses:read');
  const rows = await selectResponses(ctx.db)
    .where(
      and(
        eq(responses.orgId, ctx.orgId),
        q.surveyId ? eq(responses.surveyId, q.surveyId) : undefined,
        q.teamId ? eq(responses.teamId, q.teamId) : undefined,
        q.customerId ? eq(responses.customerId, q.customerId) : undefined,
        q.scoreMin !== undefined ? gte(responses.score, q.scoreMin) : undefined,
        q.scoreMax !== undefined ? lte(responses.score, q.scoreMax) : undefined,
        q.hasComment === 'true'
          ? isNotNull(responses.comment)
          : q.hasComment === 'false'
            ? isNull(responses.comment)
            : undefined,
        q.from ? gte(responses.submittedAt, new Date(q.from)) : undefined,
        q.to ? lt(responses.submittedAt, new Date(q.to)) : undefined,
        q.employeeId
          ? sql`exists (select 1 from response_employees re where re.org_id = "responses"."org_id"
              and re.response_id = "responses"."id" and re.employee_id = ${q.employeeId})`
          : undefined,
        responseTextFilter(q),
        newestFirstAfter(q.cursor, responses.submittedAt, responses.id),
      ),
    )
    .orderBy(desc(responses.submittedAt), desc(responses.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (last) => ({ k: last.submittedAt.toISOString(), id: last.id }), toView);
}

/** Merges the API's score/comment shortcuts into answers and checks them against the survey. */
export function answersFor(
  definition: SurveyDefinition,
  input: { answers: Record<string, unknown>; score?: number | undefined; comment?: string | undefined },
): CheckedAnswers {
  const answers: Record<string, unknown> = { ...input.answers };
  const first = definition.questions[0];
  if (input.score !== undefined && first) answers[first.id] = input.score;
  const textQuestion = definition.questions.find((q) => q.type === 'text');
  if (input.comment !== undefined) {
    if (!textQuestion)
      throw invalid('This survey has no free-text question for a comment', { field: 'comment' });
    answers[textQuestion.id] = input.comment;
  }
  try {
    return checkAnswers(definition, answers);
  } catch (err) {
    if (err instanceof InvalidAnswers)
      throw invalid(`The answers do not fit the survey: ${err.message}`, { problems: err.problems });
    throw err;
  }
}

const sameAnswers = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

interface StoreArgs {
  orgId: string;
  survey: SurveyRow;
  attribution: Attribution;
  invitationId: string | null;
  checked: CheckedAnswers;
  locale: string;
  source: ResponseSource;
  submittedAt: Date;
}

async function insertResponse(tx: Db, id: string, a: StoreArgs) {
  const [row] = await tx
    .insert(responses)
    .values({
      orgId: a.orgId,
      id,
      surveyId: a.survey.id,
      invitationId: a.invitationId,
      customerId: a.attribution.customerId,
      interactionId: a.attribution.interactionId,
      teamId: a.attribution.teamId,
      channel: a.attribution.channel,
      source: a.source,
      locale: a.locale,
      score: a.checked.score,
      answers: a.checked.answers,
      comment: a.checked.comment,
      submittedAt: a.submittedAt,
      amendableUntil: new Date(a.submittedAt.getTime() + AMEND_HOURS * 3_600_000),
    })
    .returning();
  if (a.attribution.employeeIds.length > 0) {
    await tx
      .insert(responseEmployees)
      .values(
        a.attribution.employeeIds.map((employeeId) => ({ orgId: a.orgId, responseId: id, employeeId })),
      );
  }
  if (!row) throw new Error('insert returned nothing');
  await applyRollupChanges(tx, [
    {
      orgId: a.orgId,
      surveyId: a.survey.id,
      submittedAt: a.submittedAt,
      teamId: a.attribution.teamId,
      channel: a.attribution.channel,
      employeeIds: a.attribution.employeeIds,
      score: a.checked.score,
      sign: 1,
    },
  ]);
  await enqueueResponsePipeline(tx, a.orgId, [id], a.source === 'import' ? 'imported' : 'created');
  return row;
}

/** The response given to an invitation, if any: what the survey page shows and amends. */
export async function responseToInvitation(db: Db, orgId: string, invitationId: string) {
  const [row] = await db
    .select({ id: responses.id, answers: responses.answers, amendableUntil: responses.amendableUntil })
    .from(responses)
    .where(and(eq(responses.orgId, orgId), eq(responses.invitationId, invitationId)));
  return row;
}

/**
 * The one response of an invitation: stored the first time, the same record on a retry with the
 * same answers, changed when new answers arrive within AMEND_HOURS, refused after that. The
 * invitation row is locked so concurrent submissions take turns.
 */
export async function answerInvitation(
  tx: Db,
  args: Omit<StoreArgs, 'attribution' | 'invitationId'> & { invitation: typeof invitations.$inferSelect },
): Promise<StoredResponse> {
  const { invitation } = args;
  await tx.execute(
    sql`select 1 from invitations where org_id = ${invitation.orgId} and id = ${invitation.id} for update`,
  );
  const existing = await responseToInvitation(tx, args.orgId, invitation.id);
  if (existing) {
    if (sameAnswers(existing.answers, args.checked.answers))
      return { id: existing.id, replayed: true, amended: false };
    if (!existing.amendableUntil || existing.amendableUntil.getTime() < Date.now())
      throw new AppError(
        'CONFLICT',
        `This survey was answered more than ${AMEND_HOURS} hours ago and can no longer be changed`,
      );
    const previously = await rollupChangesOf(tx, args.orgId, [existing.id], -1);
    await tx
      .update(responses)
      .set({
        score: args.checked.score,
        answers: args.checked.answers,
        comment: args.checked.comment,
        locale: args.locale,
        updatedAt: new Date(),
      })
      .where(and(eq(responses.orgId, args.orgId), eq(responses.id, existing.id)));
    await applyRollupChanges(tx, [...previously, ...(await rollupChangesOf(tx, args.orgId, [existing.id]))]);
    await enqueueResponsePipeline(tx, args.orgId, [existing.id], 'amended');
    return { id: existing.id, replayed: false, amended: true };
  }
  const attribution = (invitation.interactionId &&
    (await attributionOf(tx, args.orgId, invitation.interactionId))) || {
    customerId: invitation.customerId,
    interactionId: null,
    teamId: null,
    channel: null,
    employeeIds: [],
  };
  const id = uuidv7();
  await insertResponse(tx, id, { ...args, attribution, invitationId: invitation.id });
  await tx
    .update(invitations)
    .set({ answeredAt: args.submittedAt })
    .where(and(eq(invitations.orgId, args.orgId), eq(invitations.id, invitation.id)));
  return { id, replayed: false, amended: false };
}

/** A response with no invitation (open link, embed, API without token), once per idempotency key. */
export async function storeResponseOnce(
  tx: Db,
  args: Omit<StoreArgs, 'invitationId'>,
  idempotencyKey: string | null | undefined,
  requestBody: unknown,
): Promise<StoredResponse> {
  let view: ResponseView | undefined;
  const created = await createOnce(
    tx,
    args.orgId,
    RESPONSE_KEY_SCOPE,
    idempotencyKey,
    requestBody,
    async (id) => {
      const row = await insertResponse(tx, id, { ...args, invitationId: null });
      // Built from what was just written, so the caller's reply needs no read-back (when the
      // customer's name came with the lookup).
      if (args.attribution.customerName !== undefined) {
        const { customerName } = args.attribution;
        const { orgId: _org, amendableUntil: _until, ...stored } = row;
        view = toView({ ...stored, customerName, employeeIds: [...args.attribution.employeeIds].sort() });
      }
    },
  );
  return { ...created, amended: false, view };
}

/**
 * Everything submitResponse checks, without storing: for integrators testing their payloads, and
 * the baseline of the ingest benchmark (the same request work minus the write).
 */
export async function validateResponse(ctx: Ctx, input: SubmitResponseInput) {
  authorize(ctx, 'responses:write');
  const survey = await findSurveyCached(ctx.db, ctx.orgId, input.surveyId);
  if (!survey) throw invalid('Unknown survey', { field: 'surveyId' });
  const { score, comment } = answersFor(survey.definition, input);
  return { valid: true as const, score, comment };
}

/** POST /api/v1/responses: validated before it queues, stored by group commit, acknowledged after commit. */
export async function submitResponse(
  ctx: Ctx,
  committer: GroupCommitter,
  input: SubmitResponseInput,
  idempotencyKey?: string | null,
  source: ResponseSource = 'api',
): Promise<{ response: ResponseView; stored: StoredResponse }> {
  authorize(ctx, 'responses:write');
  const survey = await findSurveyCached(ctx.db, ctx.orgId, input.surveyId);
  if (!survey) throw invalid('Unknown survey', { field: 'surveyId' });
  // A draft is still being written; archived surveys still take late and historical answers.
  if (survey.status === 'draft')
    throw invalid('This survey is a draft; activate it first', { field: 'surveyId' });
  const checked = answersFor(survey.definition, input);
  const base = {
    orgId: ctx.orgId,
    survey,
    checked,
    locale: input.locale ?? 'en',
    source,
    submittedAt: input.submittedAt ? new Date(input.submittedAt) : new Date(),
  };
  const alone = async (tx: Db): Promise<StoredResponse> => {
    if (input.invitationToken) return answerToken(tx, ctx.orgId, survey, input.invitationToken, base);
    return storeResponseOnce(
      tx,
      { ...base, attribution: await attributionFor(tx, ctx, input, idempotencyKey) },
      idempotencyKey,
      input,
    );
  };
  // Invitation answers (a row lock, amendments) and responses that create an interaction go one
  // by one; the common case is stored with the rest of its flush in a few multi-row statements.
  const stored: StoredResponse =
    input.invitationToken || input.interaction
      ? await committer.run(alone, ctx.orgId)
      : await committer
          .runIn(
            responseLane,
            {
              orgId: ctx.orgId,
              surveyId: survey.id,
              checked,
              locale: base.locale,
              source,
              submittedAt: base.submittedAt,
              amendableUntil: new Date(base.submittedAt.getTime() + AMEND_HOURS * 3_600_000),
              idempotencyKey: idempotencyKey ?? null,
              requestBody: input,
              customer: input.customer,
              interactionId: input.interactionId,
              employeeIds: input.employeeIds,
              teamId: input.teamId,
            },
            alone,
          )
          .then((r) => ({ amended: false, ...r }));
  return { response: stored.view ?? (await loadResponse(ctx.db, ctx.orgId, stored.id)), stored };
}

async function answerToken(
  tx: Db,
  orgId: string,
  survey: SurveyRow,
  token: string,
  base: Omit<StoreArgs, 'attribution' | 'invitationId'>,
): Promise<StoredResponse> {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.token, token)));
  if (!invitation || invitation.surveyId !== survey.id)
    throw invalid('Unknown invitation token for this survey', { field: 'invitationToken' });
  return answerInvitation(tx, { ...base, invitation });
}

async function attributionFor(
  tx: Db,
  ctx: Ctx,
  input: SubmitResponseInput,
  idempotencyKey: string | null | undefined,
): Promise<Attribution> {
  let attribution: Attribution = {
    customerId: null,
    interactionId: null,
    teamId: null,
    channel: null,
    employeeIds: [],
    customerName: null,
  };
  if (input.interactionId) {
    const found = await attributionOf(tx, ctx.orgId, input.interactionId);
    if (!found) throw invalid('Unknown interaction', { field: 'interactionId' });
    attribution = found;
  } else if (input.interaction) {
    const key = idempotencyKey ? `response:${idempotencyKey}` : null;
    const created = await createInteractionIn(tx, ctx, input.interaction, key);
    attribution = (await attributionOf(tx, ctx.orgId, created.id)) ?? attribution;
  } else if (input.customer) {
    const customer = await resolveCustomer(tx, ctx.orgId, input.customer);
    attribution.customerId = customer.id;
    attribution.customerName = customer.name;
  }
  if (input.employeeIds) {
    const employees = await resolveEmployeeRefs(tx, ctx.orgId, input.employeeIds, []);
    attribution.employeeIds = employees.map((e) => e.id);
    if (!input.teamId && !attribution.teamId && employees.length === 1)
      attribution.teamId = employees[0]?.teamId ?? null;
  }
  if (input.teamId) {
    await assertTeamExists(tx, ctx.orgId, input.teamId);
    attribution.teamId = input.teamId;
  }
  return attribution;
}
