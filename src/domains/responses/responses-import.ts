import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { GroupCommitter } from '../../db/group-commit.ts';
import {
  emailListCell,
  emptyImportReport,
  finishReport,
  type ImportReport,
  type ImportRowError,
  optionalCell,
  readCsv,
  rowErrors,
} from '../../server/csv-import.ts';
import { AppError, invalid } from '../../server/errors.ts';
import { IsoDateTime } from '../../server/http.ts';
import { hashRequest } from '../../server/idempotency.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { ChannelSchema } from '../customers/customers.api.ts';
import { resolveCustomerRef } from '../customers/customers.service.ts';
import { interactions } from '../customers/customers.tables.ts';
import { type Attribution, attributionOf } from '../customers/interactions.service.ts';
import { employeesByEmail, existingKeys, teamsByName } from '../customers/interactions-import.ts';
import { resolveEmployeeRefs } from '../people/employees.service.ts';
import type { CheckedAnswers } from '../surveys/answers.ts';
import type { Question, SurveyDefinition } from '../surveys/surveys.api.ts';
import { scaleOf } from '../surveys/surveys.api.ts';
import { findSurvey } from '../surveys/surveys.service.ts';
import { RESPONSE_KEY_SCOPE } from './response-batch.ts';
import { answersFor, storeResponseOnce } from './responses.service.ts';

export const RESPONSE_COLUMNS = [
  'submitted_at',
  'score',
  'comment',
  'customer_external_id',
  'customer_email',
  'employee_emails',
  'team',
  'channel',
  'external_ref',
  'answer.<questionId>',
];

const ResponseRow = z.object({
  submitted_at: z.preprocess((v) => (v === '' ? undefined : v), IsoDateTime),
  score: optionalCell(z.coerce.number({ error: 'a whole number' }).int('a whole number').optional()),
  comment: optionalCell(z.string().max(5000).optional()),
  customer_external_id: optionalCell(z.string().max(200).optional()),
  customer_email: optionalCell(z.email('not a valid email address').max(254).optional()),
  employee_emails: optionalCell(emailListCell.optional()),
  team: optionalCell(z.string().max(200).optional()),
  channel: optionalCell(
    z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .trim()
              .toLowerCase()
              .replace(/[\s-]+/g, '_')
          : v,
      ChannelSchema.optional(),
    ),
  ),
  external_ref: optionalCell(z.string().max(200).optional()),
});
type ResponseRow = z.infer<typeof ResponseRow>;

/** A cell as the question expects it: a number for scales, a list for multiple choice; checkAnswers judges it. */
function cellAnswer(question: Question | undefined, cell: string): unknown {
  if (question && scaleOf(question)) return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
  if (question?.type === 'multiple')
    return cell
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return cell;
}

/** Answer problems as report errors, each naming the column the answer came from. */
function answerErrors(
  line: number,
  err: AppError,
  definition: SurveyDefinition,
  row: ResponseRow,
  answerColumns: Set<string>,
): ImportRowError[] {
  const problems = (err.details as { problems?: { questionId: string; message: string }[] } | undefined)
    ?.problems;
  if (!problems)
    return [{ row: line, field: (err.details as { field?: string })?.field ?? null, message: err.message }];
  const first = definition.questions[0];
  const text = definition.questions.find((q) => q.type === 'text');
  return problems.map((p) => ({
    row: line,
    field:
      p.questionId === first?.id && !answerColumns.has(p.questionId)
        ? 'score'
        : p.questionId === text?.id && row.comment !== undefined && !answerColumns.has(p.questionId)
          ? 'comment'
          : `answer.${p.questionId}`,
    message: p.message,
  }));
}

interface PlannedRow {
  key: string;
  record: Record<string, string>;
  checked: CheckedAnswers;
  submittedAt: Date;
  interactionId: string | null;
  customer: { externalId?: string; email?: string } | null;
  employeeIds: string[];
  teamId: string | null;
  channel: string | null;
}

/** The latest interaction for each external reference, a few thousand references at a time. */
async function interactionsByRef(db: Db, orgId: string, refs: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < refs.length; i += 5_000) {
    const rows = await db
      .select({ id: interactions.id, externalRef: interactions.externalRef })
      .from(interactions)
      .where(and(eq(interactions.orgId, orgId), inArray(interactions.externalRef, refs.slice(i, i + 5_000))))
      .orderBy(desc(interactions.occurredAt), desc(interactions.id));
    for (const r of rows) if (r.externalRef && !found.has(r.externalRef)) found.set(r.externalRef, r.id);
  }
  return found;
}

async function plan(db: Db, ctx: Ctx, input: { csv: string; dryRun: boolean; surveyId: string }) {
  const survey = await findSurvey(db, ctx.orgId, input.surveyId);
  if (!survey) throw invalid('Unknown survey', { field: 'surveyId' });
  const { definition } = survey;
  const report = emptyImportReport(input.dryRun);
  const planned: PlannedRow[] = [];
  const read = readCsv(input.csv, { required: ['submitted_at'] });
  report.errors.push(...read.errors);
  report.total = read.rows.length;
  if (report.errors.length > 0) return { survey, report: finishReport(report), planned };

  const people = await employeesByEmail(db, ctx.orgId);
  const teamIds = await teamsByName(db, ctx.orgId);
  const refs = [...new Set(read.rows.map((r) => r.record.external_ref).filter((r): r is string => !!r))];
  const interactionIds = await interactionsByRef(db, ctx.orgId, refs);
  const seenKeys = new Map<string, number>();

  for (const { line, record } of read.rows) {
    const parsed = ResponseRow.safeParse(record);
    if (!parsed.success) {
      report.errors.push(...rowErrors(line, parsed.error));
      continue;
    }
    const row = parsed.data;
    const errors: ImportRowError[] = [];
    const answers: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      if (!column.startsWith('answer.') || cell === '') continue;
      const id = column.slice('answer.'.length);
      answers[id] = cellAnswer(
        definition.questions.find((q) => q.id === id),
        cell,
      );
    }
    let checked: CheckedAnswers | null = null;
    try {
      checked = answersFor(definition, { answers, score: row.score, comment: row.comment });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push(...answerErrors(line, err, definition, row, new Set(Object.keys(answers))));
    }

    const interactionId = row.external_ref ? (interactionIds.get(row.external_ref) ?? null) : null;
    const unknown = (row.employee_emails ?? []).filter((e) => !people.has(e.toLowerCase()));
    if (!interactionId && unknown.length > 0)
      errors.push({
        row: line,
        field: 'employee_emails',
        message: `No employee has the email ${unknown.join(', ')}`,
      });
    let teamId: string | null = null;
    if (!interactionId && row.team) {
      const ids = teamIds.get(row.team.toLowerCase()) ?? [];
      if (ids.length !== 1)
        errors.push({
          row: line,
          field: 'team',
          message: ids.length === 0 ? `No team is called "${row.team}"` : 'Several teams have this name',
        });
      teamId = ids[0] ?? null;
    }
    // One response per external reference and survey; without one, the same row twice is one response.
    const key = `import:${survey.id}:${row.external_ref ? `ref:${row.external_ref}` : `row:${hashRequest(record)}`}`;
    const first = seenKeys.get(key);
    if (first !== undefined)
      errors.push({
        row: line,
        field: row.external_ref ? 'external_ref' : null,
        message: row.external_ref
          ? `A response with this external_ref is already on line ${first}`
          : `The same response is already on line ${first}`,
      });
    else seenKeys.set(key, line);
    if (errors.length > 0 || !checked) {
      report.errors.push(...errors);
      continue;
    }
    planned.push({
      key,
      record,
      checked,
      submittedAt: new Date(row.submitted_at),
      interactionId,
      customer:
        row.customer_external_id || row.customer_email
          ? {
              ...(row.customer_external_id && { externalId: row.customer_external_id }),
              ...(row.customer_email && { email: row.customer_email }),
            }
          : null,
      employeeIds: [
        ...new Set((row.employee_emails ?? []).map((e) => people.get(e.toLowerCase()) as string)),
      ],
      teamId,
      channel: row.channel ?? null,
    });
  }
  const imported = await existingKeys(
    db,
    ctx.orgId,
    RESPONSE_KEY_SCOPE,
    planned.map((p) => p.key),
  );
  const toWrite = planned.filter((p) => !imported.has(p.key));
  report.unchanged = planned.length - toWrite.length;
  report.created = toWrite.length;
  return { survey, report: finishReport(report), planned: toWrite };
}

/** The interaction's attribution when the row names a known one; otherwise the row's own columns. */
async function attributionFor(tx: Db, orgId: string, row: PlannedRow): Promise<Attribution> {
  const fromInteraction = row.interactionId ? await attributionOf(tx, orgId, row.interactionId) : null;
  if (fromInteraction) return fromInteraction;
  const people = await resolveEmployeeRefs(tx, orgId, row.employeeIds, []);
  return {
    customerId: row.customer ? await resolveCustomerRef(tx, orgId, row.customer) : null,
    interactionId: null,
    teamId: row.teamId ?? (people.length === 1 ? (people[0]?.teamId ?? null) : null),
    channel: row.channel,
    employeeIds: people.map((p) => p.id),
  };
}

/**
 * Imports historical responses to one survey from CSV (RESPONSE_COLUMNS). Every row is validated
 * first, its answers against the survey; rows are written only when `dryRun` is false and none has
 * an error, together. Each row is stored once (keyed by external_ref, else by the row's content),
 * so re-importing the file adds nothing. With a committer the import shares the group commit of
 * other response writes (src/db/group-commit.ts), inside its own savepoint.
 */
export async function importResponses(
  ctx: Ctx,
  input: { csv: string; dryRun: boolean; surveyId: string },
  committer?: GroupCommitter,
): Promise<ImportReport> {
  authorize(ctx, 'responses:write');
  if (input.dryRun) return (await plan(ctx.db, ctx, input)).report;
  const work = async (tx: Db) => {
    const { survey, report, planned } = await plan(tx, ctx, input);
    if (!report.ok) return report;
    for (const row of planned) {
      await storeResponseOnce(
        tx,
        {
          orgId: ctx.orgId,
          survey,
          attribution: await attributionFor(tx, ctx.orgId, row),
          checked: row.checked,
          locale: 'en',
          source: 'import',
          submittedAt: row.submittedAt,
        },
        row.key,
        row.record,
      );
    }
    const { errors: _, ...counts } = report;
    await recordAudit({ ...ctx, db: tx }, 'responses.imported', { type: 'survey', id: survey.id }, counts);
    return report;
  };
  return committer ? committer.run(work, ctx.orgId) : ctx.db.transaction(work);
}
