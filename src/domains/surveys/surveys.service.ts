import { and, desc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { createRowCache } from '../../db/cache.ts';
import type { Db } from '../../db/client.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { randomToken } from '../auth/secrets.ts';
import { surveyTemplate } from './survey-templates.ts';
import type {
  CreateSurveyInput,
  SurveyDefinition,
  SurveyKind,
  SurveyView,
  UpdateSurveyInput,
} from './surveys.api.ts';
import { surveys } from './surveys.tables.ts';

type SurveyRow = typeof surveys.$inferSelect;

export const surveyUrl = (publicUrl: string, token: string) => `${publicUrl}/s/${token}`;

export function toSurveyView(row: SurveyRow, publicUrl: string): SurveyView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    definition: row.definition,
    activeFrom: row.activeFrom?.toISOString() ?? null,
    activeUntil: row.activeUntil?.toISOString() ?? null,
    linkUrl: row.linkToken ? surveyUrl(publicUrl, row.linkToken) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** NPS, CSAT and CES surveys open with their score question; skip logic and rollups rely on it. */
function checkKind(kind: SurveyKind, definition: SurveyDefinition): void {
  const first = definition.questions[0];
  if (kind !== 'custom' && first?.type !== kind)
    throw invalid(`A ${kind.toUpperCase()} survey starts with its ${kind.toUpperCase()} question`, {
      field: 'definition.questions.0.type',
    });
}

export async function listSurveys(ctx: Ctx, publicUrl: string): Promise<SurveyView[]> {
  authorize(ctx, 'surveys:read');
  const rows = await ctx.db
    .select()
    .from(surveys)
    .where(eq(surveys.orgId, ctx.orgId))
    .orderBy(desc(surveys.createdAt));
  return rows.map((r) => toSurveyView(r, publicUrl));
}

export async function findSurvey(db: Db, orgId: string, id: string): Promise<SurveyRow | undefined> {
  const [row] = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.orgId, orgId), eq(surveys.id, id)));
  return row;
}

// Responses arrive far more often than surveys change: the ingest path reads definitions from here.
const recentSurveys = createRowCache<SurveyRow>({ ttlMs: 5_000 });

/** findSurvey through a per-process cache; a change made in this process applies at once. */
export function findSurveyCached(db: Db, orgId: string, id: string): Promise<SurveyRow | undefined> {
  return recentSurveys.get(db, `${orgId}/${id}`, () => findSurvey(db, orgId, id));
}

export async function getSurvey(ctx: Ctx, id: string, publicUrl: string): Promise<SurveyView> {
  authorize(ctx, 'surveys:read');
  const row = await findSurvey(ctx.db, ctx.orgId, id);
  if (!row) throw notFound('Survey');
  return toSurveyView(row, publicUrl);
}

export async function createSurvey(
  ctx: Ctx,
  input: CreateSurveyInput,
  publicUrl: string,
): Promise<SurveyView> {
  authorize(ctx, 'surveys:manage');
  const definition = input.definition ?? surveyTemplate(input.kind);
  checkKind(input.kind, definition);
  const id = uuidv7();
  const [row] = await ctx.db
    .insert(surveys)
    .values({
      orgId: ctx.orgId,
      id,
      kind: input.kind,
      name: input.name,
      definition,
      activeFrom: input.activeFrom ? new Date(input.activeFrom) : null,
      activeUntil: input.activeUntil ? new Date(input.activeUntil) : null,
    })
    .returning();
  await recordAudit(ctx, 'survey.created', { type: 'survey', id }, { kind: input.kind });
  if (!row) throw new Error('insert returned nothing');
  return toSurveyView(row, publicUrl);
}

export async function updateSurvey(
  ctx: Ctx,
  id: string,
  input: UpdateSurveyInput,
  publicUrl: string,
): Promise<SurveyView> {
  authorize(ctx, 'surveys:manage');
  const existing = await findSurvey(ctx.db, ctx.orgId, id);
  if (!existing) throw notFound('Survey');
  if (input.definition) checkKind(existing.kind, input.definition);
  const [row] = await ctx.db
    .update(surveys)
    .set({
      name: input.name,
      status: input.status,
      definition: input.definition,
      ...(input.activeFrom !== undefined && {
        activeFrom: input.activeFrom ? new Date(input.activeFrom) : null,
      }),
      ...(input.activeUntil !== undefined && {
        activeUntil: input.activeUntil ? new Date(input.activeUntil) : null,
      }),
      updatedAt: new Date(),
    })
    .where(and(eq(surveys.orgId, ctx.orgId), eq(surveys.id, id)))
    .returning();
  if (!row) throw notFound('Survey');
  recentSurveys.delete(ctx.db, `${ctx.orgId}/${id}`);
  return toSurveyView(row, publicUrl);
}

/** Makes (once) the survey's shareable open link. */
export async function createSurveyLink(ctx: Ctx, id: string, publicUrl: string): Promise<SurveyView> {
  authorize(ctx, 'surveys:manage');
  const existing = await findSurvey(ctx.db, ctx.orgId, id);
  if (!existing) throw notFound('Survey');
  if (existing.linkToken) return toSurveyView(existing, publicUrl);
  const [row] = await ctx.db
    .update(surveys)
    .set({ linkToken: randomToken(16), updatedAt: new Date() })
    .where(and(eq(surveys.orgId, ctx.orgId), eq(surveys.id, id)))
    .returning();
  if (!row) throw notFound('Survey');
  return toSurveyView(row, publicUrl);
}

/** Whether the survey takes answers now: active, and inside its window. */
export function isOpen(
  row: Pick<SurveyRow, 'status' | 'activeFrom' | 'activeUntil'>,
  now = new Date(),
): boolean {
  return (
    row.status === 'active' &&
    (!row.activeFrom || row.activeFrom.getTime() <= now.getTime()) &&
    (!row.activeUntil || row.activeUntil.getTime() > now.getTime())
  );
}

/** The survey behind a shareable open-link token, in whatever organisation it belongs to. */
export async function findSurveyByLinkToken(db: Db, token: string): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(surveys).where(eq(surveys.linkToken, token));
  return row;
}
