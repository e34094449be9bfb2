import { sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { type Question, type SurveyDefinition, scaleOf } from '../surveys/surveys.api.ts';
import type { AnalyticsFilters, QuestionResultsView } from './analytics.api.ts';
import { appliedFilters, resolveScope } from './scope.ts';
import { responseConditions } from './tallies.ts';

/**
 * Per-question results for each survey in scope: answer counts per scale value or option, and the
 * mean of scaled questions. Read from raw answers (the rollups hold only the first score), so it
 * costs a scan of the range's responses; give a survey and a date range on large volumes.
 */
export async function getQuestionResults(ctx: Ctx, q: AnalyticsFilters): Promise<QuestionResultsView> {
  authorize(ctx, 'analytics:read');
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const where = sql`r.org_id = ${ctx.orgId} and ${responseConditions(scope)}`;
  const [surveyRows, counts, answers] = await Promise.all([
    query<{ id: string; name: string; kind: string; definition: SurveyDefinition }>(
      ctx.db,
      sql`select id, name, kind, definition from surveys where org_id = ${ctx.orgId}
          ${scope.surveyId ? sql`and id = ${scope.surveyId}` : sql``} order by name, id`,
    ),
    query<{ survey_id: string; n: number }>(
      ctx.db,
      sql`select r.survey_id, count(*)::int as n from responses r where ${where} group by 1`,
    ),
    query<{ survey_id: string; question: string; value: string; n: number }>(
      ctx.db,
      sql`select r.survey_id, a.key as question,
            -- Option ids are at most 40 characters; longer strings are free text, counted, not listed.
            case when jsonb_typeof(a.value) = 'string' and length(a.value #>> '{}') > 40 then '"text"'
              else a.value::text end as value, count(*)::int as n
          from responses r cross join lateral jsonb_each(r.answers) a
          where ${where}
          group by 1, 2, 3`,
    ),
  ]);
  const responseCount = new Map(counts.map((c) => [c.survey_id, c.n]));
  return {
    filters: appliedFilters(scope),
    surveys: surveyRows
      .filter((s) => responseCount.has(s.id) || scope.surveyId)
      .map((s) => ({
        surveyId: s.id,
        name: s.name,
        kind: s.kind,
        responses: responseCount.get(s.id) ?? 0,
        questions: s.definition.questions.map((question) =>
          resultOf(
            question,
            answers.filter((a) => a.survey_id === s.id && a.question === question.id),
          ),
        ),
      })),
  };
}

function resultOf(question: Question, rows: { value: string; n: number }[]) {
  const label = question.label.en;
  const scale = scaleOf(question);
  if (question.type === 'text')
    return {
      questionId: question.id,
      type: question.type,
      label,
      answered: rows.reduce((a, r) => a + r.n, 0),
      mean: null,
      distribution: [],
    };
  const counts = new Map<string, number>();
  for (const row of rows) {
    // A multiple-choice answer is a JSON array: each chosen option counts once.
    const values = row.value.startsWith('[')
      ? (JSON.parse(row.value) as string[])
      : [row.value.replace(/^"|"$/g, '')];
    for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + row.n);
  }
  const answered = rows.reduce((a, r) => a + r.n, 0);
  if (scale) {
    const distribution = [];
    let sum = 0;
    for (let v = scale.min; v <= scale.max; v++) {
      const count = counts.get(String(v)) ?? 0;
      sum += v * count;
      distribution.push({ value: String(v), count });
    }
    return {
      questionId: question.id,
      type: question.type,
      label,
      answered,
      mean: answered > 0 ? Math.round((100 * sum) / answered) / 100 : null,
      distribution,
    };
  }
  const options = 'options' in question ? question.options.map((o) => o.id) : [];
  return {
    questionId: question.id,
    type: question.type,
    label,
    answered,
    mean: null,
    distribution: options.map((id) => ({ value: id, count: counts.get(id) ?? 0 })),
  };
}
