import { sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { AnswerValue } from '../responses/responses.tables.ts';
import { type SurveyDefinition, type SurveyKind, scaleOf } from '../surveys/surveys.api.ts';
import type { AnalyticsFilters, DriversView } from './analytics.api.ts';
import { correlations, relativeWeights } from './drivers.ts';
import { appliedFilters, resolveScope } from './scope.ts';
import { higherIsBetter } from './statistics.ts';
import { metricOfKind, responseConditions } from './tallies.ts';

/** Key drivers need at least this many responses that answered the score and every driver. */
export const MIN_DRIVER_RESPONSES = 30;
/** The newest responses analysed; plenty for stable weights, and bounded work per request. */
const MAX_DRIVER_RESPONSES = 20_000;

/**
 * Extra drivers that are not survey questions: 0/1 (or numeric) values per response. The
 * text-analytics capability registers comment themes here ("theme present in the comment"), and
 * they are weighed together with the questions.
 */
export interface DriverSource {
  name: string;
  drivers(
    db: Db,
    orgId: string,
    responseIds: readonly string[],
  ): Promise<{ key: string; label: string; values: Map<string, number> }[]>;
}
const driverSources: DriverSource[] = [];
export function registerDriverSource(source: DriverSource): void {
  if (!driverSources.some((s) => s.name === source.name)) driverSources.push(source);
}

/**
 * Relative importance of a survey's rating questions (and registered themes) for its first score,
 * by Johnson's relative weights, beside each question's performance (mean on 0–100): the data of an
 * importance-vs-performance chart. Without a survey filter it analyses the survey with the most
 * responses in scope that has driver questions.
 */
export async function getKeyDrivers(ctx: Ctx, q: AnalyticsFilters): Promise<DriversView> {
  authorize(ctx, 'analytics:read');
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const where = sql`r.org_id = ${ctx.orgId} and ${responseConditions(scope)} and r.score is not null`;
  const surveys = await query<{ id: string; kind: SurveyKind; definition: SurveyDefinition; n: number }>(
    ctx.db,
    sql`select s.id, s.kind, s.definition, count(r.id)::int as n from surveys s
        left join responses r on r.org_id = s.org_id and r.survey_id = s.id and ${where}
        where s.org_id = ${ctx.orgId} ${scope.surveyId ? sql`and s.id = ${scope.surveyId}` : sql``}
        group by s.id, s.kind, s.definition order by n desc, s.id`,
  );
  const predictorsOf = (d: SurveyDefinition) => d.questions.slice(1).filter((question) => scaleOf(question));
  const survey = surveys.find((s) => predictorsOf(s.definition).length > 0) ?? surveys[0];
  const base = {
    filters: appliedFilters(scope),
    surveyId: survey?.id ?? null,
    minimum: MIN_DRIVER_RESPONSES,
    rSquared: null,
    drivers: [],
  };
  if (!survey) return { ...base, status: 'no_survey', responses: 0 };
  const rows = await query<{ id: string; score: number; answers: Record<string, AnswerValue> }>(
    ctx.db,
    sql`select r.id, r.score, r.answers from responses r where ${where} and r.survey_id = ${survey.id}
        order by r.submitted_at desc limit ${MAX_DRIVER_RESPONSES}`,
  );
  const extra = (
    await Promise.all(
      driverSources.map((s) =>
        s.drivers(
          ctx.db,
          ctx.orgId,
          rows.map((r) => r.id),
        ),
      ),
    )
  ).flat();
  const questions = predictorsOf(survey.definition).map((question) => {
    const scale = scaleOf(question) ?? { min: 0, max: 1 };
    const values = new Map<string, number>();
    for (const r of rows) {
      const v = r.answers[question.id];
      if (typeof v === 'number') values.set(r.id, v);
    }
    return { key: question.id, label: question.label.en, source: 'question' as const, values, scale };
  });
  const themes = extra.map((t) => ({ ...t, source: 'theme' as const, scale: { min: 0, max: 1 } }));
  // A driver answered by fewer than half the responses (skip logic, optional) would shrink the
  // complete cases too far; it is left out rather than imputed.
  const candidates = [...questions, ...themes].filter(
    (d) => d.values.size * 2 >= rows.length && rows.length > 0,
  );
  if (candidates.length === 0) return { ...base, status: 'no_drivers', responses: rows.length };
  const complete = rows.filter((r) => candidates.every((d) => d.values.has(r.id)));
  if (complete.length < MIN_DRIVER_RESPONSES)
    return { ...base, status: 'too_few_responses', responses: complete.length };
  const xs = complete.map((r) => candidates.map((d) => d.values.get(r.id) ?? 0));
  const y = complete.map((r) => r.score);
  const { rxx, rxy } = correlations(xs, y);
  const weights = relativeWeights(rxx, rxy);
  const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    ...base,
    status: 'ok',
    responses: complete.length,
    rSquared: round(weights.rSquared),
    drivers: candidates
      .map((d, j) => {
        const mean = xs.reduce((a, row) => a + (row[j] ?? 0), 0) / xs.length;
        const share = (100 * (mean - d.scale.min)) / (d.scale.max - d.scale.min || 1);
        // A theme that goes with worse scores (a complaint) performs well when few comments raise
        // it. Worse is lower, except where lower is better (effort, CES).
        const towardBetter = (rxy[j] ?? 0) * (higherIsBetter(metricOfKind(survey.kind)) ? 1 : -1);
        const worseWith = towardBetter < 0;
        const performance = d.source === 'theme' && worseWith ? 100 - share : share;
        return {
          key: d.key,
          label: d.label,
          source: d.source,
          importance: round(weights.shares[j] ?? 0),
          rawWeight: round(weights.weights[j] ?? 0),
          correlation: round(rxy[j] ?? 0),
          performance: round(performance, 2),
          n: complete.length,
        };
      })
      .sort((a, b) => b.importance - a.importance),
  };
}
