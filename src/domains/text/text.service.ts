import { and, count, eq, sql } from 'drizzle-orm';
import { anyUuid, type Db } from '../../db/client.ts';
import { notFound } from '../../server/errors.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { employees } from '../people/people.tables.ts';
import type { ResponseStep } from '../responses/response-pipeline.ts';
import { responses } from '../responses/responses.tables.ts';
import { type Analyser, createAnalyser } from './analyser.ts';
import { deserializeLinearModel, type SerializedLinearModel } from './linear-model.ts';
import type { RosterEntry } from './mentions.ts';
import type { LabelledComment, TrainedClassifier } from './organisation-model.ts';
import type {
  PutThemeInput,
  ResponseTextView,
  TextAnalysisRecord,
  TextModelView,
  ThemeView,
} from './text.api.ts';
import { responseText, responseThemeLabels, textModels, textThemes } from './text.tables.ts';
import { DEFAULT_THEMES, mergeThemes, type ThemeDefinition } from './themes.ts';

/** Bumped when the default lexicons or weights change, so a re-analysis can find stale rows. */
export const DEFAULT_MODEL_VERSION = 'default-1';

/** The active roster as the mention matcher reads it: "Lena Brandt" → Lena / Brandt. */
async function rosterOf(db: Db, orgId: string): Promise<RosterEntry[]> {
  const rows = await db
    .select({ id: employees.id, name: employees.name, preferredName: employees.preferredName })
    .from(employees)
    .where(and(eq(employees.orgId, orgId), eq(employees.active, true)));
  return rows.map((r) => {
    const [firstName = '', ...rest] = r.name.trim().split(/\s+/);
    return { id: r.id, firstName, lastName: rest.join(' '), preferredName: r.preferredName };
  });
}

async function organisationThemes(
  db: Db,
  orgId: string,
): Promise<Array<ThemeDefinition & { phrases: string[] }>> {
  const rows = await db
    .select({ key: textThemes.key, name: textThemes.name, phrases: textThemes.phrases })
    .from(textThemes)
    .where(eq(textThemes.orgId, orgId));
  return rows;
}

/** The default taxonomy with the organisation's themes and phrases merged in. */
export async function organisationThemeDefinitions(db: Db, orgId: string): Promise<ThemeDefinition[]> {
  return mergeThemes(DEFAULT_THEMES, await organisationThemes(db, orgId));
}

/** The analyser for one organisation: its roster, its themes, its sentiment model when in use. */
export async function analyserFor(db: Db, orgId: string): Promise<{ analyser: Analyser; version: string }> {
  const [roster, themes, models] = await Promise.all([
    rosterOf(db, orgId),
    organisationThemeDefinitions(db, orgId),
    db
      .select({ kind: textModels.kind, model: textModels.model, trainedAt: textModels.trainedAt })
      .from(textModels)
      .where(and(eq(textModels.orgId, orgId), eq(textModels.inUse, true))),
  ]);
  const of = (kind: 'sentiment' | 'themes') => models.find((m) => m.kind === kind);
  const load = (kind: 'sentiment' | 'themes') => {
    const m = of(kind);
    return m ? deserializeLinearModel(m.model as SerializedLinearModel) : null;
  };
  const analyser = createAnalyser({
    roster,
    themes,
    organisation: { sentiment: load('sentiment'), themes: load('themes') },
  });
  const version = [
    DEFAULT_MODEL_VERSION,
    ...(['sentiment', 'themes'] as const).flatMap((k) => {
      const m = of(k);
      return m ? [`org-${k}-${m.trainedAt.toISOString()}`] : [];
    }),
  ].join('+');
  return { analyser, version };
}

/**
 * Analyses the comments of `responseIds` and stores the results, replacing what was there, so
 * running it twice changes nothing. A response whose comment was removed loses its row.
 */
export async function analyseResponses(
  db: Db,
  orgId: string,
  responseIds: readonly string[],
): Promise<number> {
  if (responseIds.length === 0) return 0;
  const rows = await db
    .select({ id: responses.id, comment: responses.comment })
    .from(responses)
    .where(and(eq(responses.orgId, orgId), sql`${responses.id} = ${anyUuid(responseIds)}`));
  const hasText = (r: { comment: string | null }) => !!r.comment && r.comment.trim().length > 0;
  const withText = rows.filter(hasText);
  const without = rows.filter((r) => !hasText(r)).map((r) => r.id);
  if (without.length > 0)
    await db
      .delete(responseText)
      .where(and(eq(responseText.orgId, orgId), sql`${responseText.responseId} = ${anyUuid(without)}`));
  if (withText.length === 0) return 0;
  const { analyser, version } = await analyserFor(db, orgId);
  const analysedAt = new Date().toISOString();
  const values = withText.map((r) => {
    const a = analyser.analyse(r.comment as string);
    return {
      response_id: r.id,
      sentiment: a.sentiment,
      sentiment_score: a.score,
      themes: a.themes.map((t) => t.key),
      mentioned_employee_ids: [...new Set(a.mentions.map((m) => m.employeeId))],
      praise: a.praise,
      complaint: a.complaint,
      analysis: { themes: a.themes, mentions: a.mentions } satisfies TextAnalysisRecord,
      model: a.model,
    };
  });
  // The rows as one JSON parameter (the rollups' upsert does the same): a 1,000-row VALUES list
  // was 12,000 parameters for drizzle to build and the server to parse and plan.
  await db.execute(sql`
    insert into response_text (org_id, response_id, sentiment, sentiment_score, themes, mentioned_employee_ids,
      praise, complaint, analysis, model, model_version, analysed_at)
    select ${orgId}, v.response_id, v.sentiment, v.sentiment_score, v.themes, v.mentioned_employee_ids,
      v.praise, v.complaint, v.analysis, v.model, ${version}, ${analysedAt}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(response_id uuid, sentiment text,
      sentiment_score real, themes text[], mentioned_employee_ids uuid[], praise boolean, complaint boolean,
      analysis jsonb, model text)
    on conflict (org_id, response_id) do update set
      sentiment = excluded.sentiment, sentiment_score = excluded.sentiment_score, themes = excluded.themes,
      mentioned_employee_ids = excluded.mentioned_employee_ids, praise = excluded.praise,
      complaint = excluded.complaint, analysis = excluded.analysis, model = excluded.model,
      model_version = excluded.model_version, analysed_at = excluded.analysed_at`);
  return values.length;
}

/** The response pipeline's text step (order 10: before cases and recognition read its results). */
export function textAnalysisStep(): ResponseStep {
  return {
    name: 'text-analysis',
    order: 10,
    run: async (db, orgId, responseIds) => {
      await analyseResponses(db, orgId, responseIds);
    },
  };
}

/** The stored analysis of one response, or null when it has no comment (or is not analysed yet). */
export async function loadResponseText(
  db: Db,
  orgId: string,
  responseId: string,
): Promise<ResponseTextView | null> {
  const [row] = await db
    .select()
    .from(responseText)
    .where(and(eq(responseText.orgId, orgId), eq(responseText.responseId, responseId)));
  if (!row) return null;
  return {
    sentiment: row.sentiment,
    sentimentScore: row.sentimentScore,
    praise: row.praise,
    complaint: row.complaint,
    themes: row.analysis.themes,
    mentions: row.analysis.mentions,
    model: row.model,
    modelVersion: row.modelVersion,
    analysedAt: row.analysedAt.toISOString(),
  };
}

/** SQL condition for the responses list: analysed with this sentiment / mentioning this theme. */
export function responseTextFilter(q: { sentiment?: string | undefined; theme?: string | undefined }) {
  if (!q.sentiment && !q.theme) return undefined;
  return sql`exists (select 1 from response_text rt where rt.org_id = "responses"."org_id"
    and rt.response_id = "responses"."id"
    ${q.sentiment ? sql`and rt.sentiment = ${q.sentiment}` : sql``}
    ${q.theme ? sql`and ${q.theme} = any(rt.themes)` : sql``})`;
}

// --- Themes ----------------------------------------------------------------------------------------

export async function listThemes(ctx: Ctx): Promise<ThemeView[]> {
  authorize(ctx, 'responses:read');
  const [own, labelRows] = await Promise.all([
    organisationThemes(ctx.db, ctx.orgId),
    ctx.db
      .select({ theme: responseThemeLabels.theme, n: count() })
      .from(responseThemeLabels)
      .where(eq(responseThemeLabels.orgId, ctx.orgId))
      .groupBy(responseThemeLabels.theme),
  ]);
  const labelled = (key: string) => labelRows.find((r) => r.theme === key)?.n ?? 0;
  const views: ThemeView[] = DEFAULT_THEMES.map((t) => {
    const extra = own.find((o) => o.key === t.key);
    return {
      key: t.key,
      name: extra?.name ?? t.name,
      phrases: [...t.phrases, ...(extra?.phrases ?? [])],
      builtIn: true,
      organisationPhrases: extra?.phrases ?? [],
      labelled: labelled(t.key),
    };
  });
  for (const o of own) {
    if (DEFAULT_THEMES.some((t) => t.key === o.key)) continue;
    views.push({
      key: o.key,
      name: o.name,
      phrases: o.phrases,
      builtIn: false,
      organisationPhrases: o.phrases,
      labelled: labelled(o.key),
    });
  }
  return views;
}

/** Creates an organisation theme, or sets the phrases it adds to a default one. */
export async function putTheme(ctx: Ctx, input: PutThemeInput): Promise<ThemeView> {
  const { key } = input;
  authorize(ctx, 'text:manage');
  const phrases = [...new Set(input.phrases.map((p) => p.toLowerCase()))];
  await ctx.db
    .insert(textThemes)
    .values({ orgId: ctx.orgId, key, name: input.name, phrases })
    .onConflictDoUpdate({
      target: [textThemes.orgId, textThemes.key],
      set: { name: input.name, phrases, updatedAt: new Date() },
    });
  const view = (await listThemes(ctx)).find((t) => t.key === key);
  if (!view) throw notFound('Theme');
  return view;
}

export async function deleteTheme(ctx: Ctx, key: string): Promise<void> {
  authorize(ctx, 'text:manage');
  const deleted = await ctx.db
    .delete(textThemes)
    .where(and(eq(textThemes.orgId, ctx.orgId), eq(textThemes.key, key)))
    .returning({ key: textThemes.key });
  if (deleted.length === 0) throw notFound('Theme');
}

// --- The organisation's sentiment model -------------------------------------------------------------

/**
 * Weak labels from scores whose sentiment is obvious: NPS 9–10 positive, 0–4 negative. (CSAT and
 * CES scales differ; only 0–10 surveys are read here.)
 */
export async function weakSentimentLabels(db: Db, orgId: string): Promise<LabelledComment[]> {
  const rows = await db
    .select({ comment: responses.comment, score: responses.score })
    .from(responses)
    .where(
      and(
        eq(responses.orgId, orgId),
        sql`${responses.comment} is not null and length(trim(${responses.comment})) > 0`,
        sql`${responses.score} is not null and (${responses.score} >= 9 or ${responses.score} <= 4)`,
        sql`exists (select 1 from surveys s where s.org_id = ${responses.orgId} and s.id = ${responses.surveyId} and s.kind = 'nps')`,
      ),
    );
  return rows.map((r) => ({
    text: r.comment as string,
    label: (r.score as number) >= 9 ? 'positive' : 'negative',
  }));
}

/**
 * The comments managers labelled with exactly one theme, as training examples for the
 * organisation's theme classifier (a single-label model: a comment with several labels teaches
 * no one theme).
 */
export async function themeLabelExamples(db: Db, orgId: string): Promise<LabelledComment[]> {
  const rows = await db
    .select({ comment: responses.comment, themes: sql<string[]>`array_agg(${responseThemeLabels.theme})` })
    .from(responseThemeLabels)
    .innerJoin(
      responses,
      and(eq(responses.orgId, responseThemeLabels.orgId), eq(responses.id, responseThemeLabels.responseId)),
    )
    .where(
      and(eq(responseThemeLabels.orgId, orgId), sql`length(trim(coalesce(${responses.comment}, ''))) > 0`),
    )
    .groupBy(responses.id, responses.comment);
  return rows.flatMap((r) =>
    r.themes.length === 1 && r.comment ? [{ text: r.comment, label: r.themes[0] as string }] : [],
  );
}

export async function saveModel(
  db: Db,
  orgId: string,
  kind: 'sentiment' | 'themes',
  trained: TrainedClassifier,
) {
  const values = {
    model: trained.model,
    heldOutMacroF1: trained.heldOutMacroF1,
    defaultMacroF1: trained.defaultMacroF1,
    heldOutAccuracy: trained.heldOutAccuracy,
    trainedOn: trained.trainedOn,
    testedOn: trained.testedOn,
    inUse: trained.use,
    trainedAt: new Date(),
  };
  await db
    .insert(textModels)
    .values({ orgId, kind, ...values })
    .onConflictDoUpdate({ target: [textModels.orgId, textModels.kind], set: values });
}

export async function listModels(ctx: Ctx): Promise<TextModelView[]> {
  authorize(ctx, 'responses:read');
  const rows = await ctx.db.select().from(textModels).where(eq(textModels.orgId, ctx.orgId));
  return rows.map((r) => ({
    kind: r.kind,
    heldOutMacroF1: r.heldOutMacroF1,
    defaultMacroF1: r.defaultMacroF1,
    heldOutAccuracy: r.heldOutAccuracy,
    trainedOn: r.trainedOn,
    testedOn: r.testedOn,
    inUse: r.inUse,
    trainedAt: r.trainedAt.toISOString(),
  }));
}

/** For close-the-loop's "negative comment" rule: which of these responses text analysis found negative. */
export async function negativeSentimentOf(
  db: Db,
  orgId: string,
  responseIds: readonly string[],
): Promise<Set<string>> {
  if (responseIds.length === 0) return new Set();
  const rows = await db
    .select({ id: responseText.responseId })
    .from(responseText)
    .where(
      and(
        eq(responseText.orgId, orgId),
        sql`${responseText.responseId} = ${anyUuid(responseIds)}`,
        eq(responseText.sentiment, 'negative'),
      ),
    );
  return new Set(rows.map((r) => r.id));
}
