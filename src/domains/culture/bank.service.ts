import { and, asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { DEFAULT_MIN_COMMENT_GROUP_SIZE, DEFAULT_MIN_GROUP_SIZE } from './anonymity.ts';
import { CONSTRUCTS, DEFAULT_STATEMENTS } from './constructs.ts';
import type {
  CreateStatementInput,
  CultureSettingsView,
  StatementView,
  UpdateCultureSettingsInput,
  UpdateStatementInput,
} from './pulse.api.ts';
import { cultureSettings, cultureStatements } from './pulse.tables.ts';

/** Gives an organisation the default bank the first time it needs one; later calls do nothing. */
export async function ensureStatementBank(db: Db, orgId: string): Promise<void> {
  const [any] = await db
    .select({ id: cultureStatements.id })
    .from(cultureStatements)
    .where(eq(cultureStatements.orgId, orgId))
    .limit(1);
  if (any) return;
  // One lock per organisation, so two first uses at once seed the bank once.
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`culture-bank:${orgId}`}))`);
    const [again] = await tx
      .select({ id: cultureStatements.id })
      .from(cultureStatements)
      .where(eq(cultureStatements.orgId, orgId))
      .limit(1);
    if (again) return;
    await tx.insert(cultureStatements).values(
      CONSTRUCTS.flatMap((construct) =>
        DEFAULT_STATEMENTS[construct].map((text, position) => ({
          orgId,
          id: uuidv7(),
          construct,
          text,
          position,
        })),
      ),
    );
  });
}

const toView = (r: typeof cultureStatements.$inferSelect): StatementView => ({
  id: r.id,
  construct: r.construct,
  text: r.text,
  position: r.position,
  retired: r.retiredAt !== null,
});

export async function listStatements(ctx: Ctx): Promise<StatementView[]> {
  authorize(ctx, 'culture:manage');
  await ensureStatementBank(ctx.db, ctx.orgId);
  const rows = await ctx.db
    .select()
    .from(cultureStatements)
    .where(eq(cultureStatements.orgId, ctx.orgId))
    .orderBy(asc(cultureStatements.position), asc(cultureStatements.id));
  return rows.map(toView).sort((a, b) => CONSTRUCTS.indexOf(a.construct) - CONSTRUCTS.indexOf(b.construct));
}

export async function createStatement(
  ctx: Ctx,
  input: z.output<typeof CreateStatementInput>,
): Promise<StatementView> {
  authorize(ctx, 'culture:manage');
  await ensureStatementBank(ctx.db, ctx.orgId);
  const [{ next } = { next: 0 }] = await ctx.db
    .select({ next: sql<number>`coalesce(max(${cultureStatements.position}) + 1, 0)::int` })
    .from(cultureStatements)
    .where(and(eq(cultureStatements.orgId, ctx.orgId), eq(cultureStatements.construct, input.construct)));
  const [row] = await ctx.db
    .insert(cultureStatements)
    .values({ orgId: ctx.orgId, id: uuidv7(), construct: input.construct, text: input.text, position: next })
    .returning();
  return toView(row as typeof cultureStatements.$inferSelect);
}

/**
 * Rewords or retires a statement. Past pulses keep the wording they asked (culture_pulse_statements),
 * so rewording changes only future pulses; retiring keeps every past answer.
 */
export async function updateStatement(
  ctx: Ctx,
  id: string,
  input: z.output<typeof UpdateStatementInput>,
  now = new Date(),
): Promise<StatementView> {
  authorize(ctx, 'culture:manage');
  const [row] = await ctx.db
    .update(cultureStatements)
    .set({
      ...(input.text === undefined ? {} : { text: input.text }),
      ...(input.retired === undefined
        ? {}
        : {
            retiredAt: input.retired
              ? sql`coalesce(${cultureStatements.retiredAt}, ${now.toISOString()}::timestamptz)`
              : null,
          }),
      updatedAt: now,
    })
    .where(and(eq(cultureStatements.orgId, ctx.orgId), eq(cultureStatements.id, id)))
    .returning();
  if (!row) throw notFound('Statement');
  return toView(row);
}

export async function loadCultureSettings(db: Db, orgId: string): Promise<CultureSettingsView> {
  const [row] = await db.select().from(cultureSettings).where(eq(cultureSettings.orgId, orgId));
  return {
    minGroupSize: row?.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
    minCommentGroupSize: row?.minCommentGroupSize ?? DEFAULT_MIN_COMMENT_GROUP_SIZE,
  };
}

export async function getCultureSettings(ctx: Ctx): Promise<CultureSettingsView> {
  authorize(ctx, 'culture:results');
  return loadCultureSettings(ctx.db, ctx.orgId);
}

export async function updateCultureSettings(
  ctx: Ctx,
  input: z.output<typeof UpdateCultureSettingsInput>,
): Promise<CultureSettingsView> {
  authorize(ctx, 'culture:manage');
  const current = await loadCultureSettings(ctx.db, ctx.orgId);
  const next = {
    ...current,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  };
  if (next.minCommentGroupSize < next.minGroupSize)
    throw invalid('Comments need at least as many people as numbers', { field: 'minCommentGroupSize' });
  await ctx.db
    .insert(cultureSettings)
    .values({ orgId: ctx.orgId, ...next })
    .onConflictDoUpdate({ target: cultureSettings.orgId, set: { ...next, updatedAt: new Date() } });
  return next;
}
