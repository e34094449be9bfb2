import { and, asc, eq, notInArray } from 'drizzle-orm';
import { invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { responses } from '../responses/responses.tables.ts';
import { NO_LABEL } from './linear-model.ts';
import type { ThemeLabelsView } from './text.api.ts';
import { listThemes } from './text.service.ts';
import { responseThemeLabels } from './text.tables.ts';

/**
 * Theme labels a manager puts on a comment: what it is really about, whatever the analyser found.
 * They are the organisation's own labelled data (to train its theme classifier and to check the
 * default one), so they are kept apart from the analysis and never overwritten by it.
 */
async function assertResponse(ctx: Ctx, responseId: string) {
  const [row] = await ctx.db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.orgId, ctx.orgId), eq(responses.id, responseId)));
  if (!row) throw notFound('Response');
}

export async function getThemeLabels(ctx: Ctx, responseId: string): Promise<ThemeLabelsView> {
  authorize(ctx, 'responses:read');
  await assertResponse(ctx, responseId);
  const rows = await ctx.db
    .select({ theme: responseThemeLabels.theme, labelledAt: responseThemeLabels.labelledAt })
    .from(responseThemeLabels)
    .where(and(eq(responseThemeLabels.orgId, ctx.orgId), eq(responseThemeLabels.responseId, responseId)))
    .orderBy(asc(responseThemeLabels.theme));
  return {
    responseId,
    themes: rows.map((r) => r.theme),
    labelledAt: rows.reduce<string | null>((latest, r) => {
      const at = r.labelledAt.toISOString();
      return latest === null || at > latest ? at : latest;
    }, null),
  };
}

/**
 * Sets the comment's labels to exactly these themes (an empty list clears them). `none` on its
 * own says the manager read the comment and it is about none of the themes: the theme model
 * learns from such comments when to add nothing.
 */
export async function setThemeLabels(
  ctx: Ctx,
  responseId: string,
  themes: string[],
): Promise<ThemeLabelsView> {
  authorize(ctx, 'text:manage');
  await assertResponse(ctx, responseId);
  const wanted = [...new Set(themes)];
  if (wanted.includes(NO_LABEL) && wanted.length > 1)
    throw invalid(`"${NO_LABEL}" cannot go with other themes`, { field: 'themes' });
  const known = new Set([NO_LABEL, ...(await listThemes(ctx)).map((t) => t.key)]);
  const unknown = wanted.filter((t) => !known.has(t));
  if (unknown.length > 0) throw invalid('Unknown theme', { field: 'themes', themes: unknown });
  const by = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  await ctx.db.transaction(async (tx) => {
    const mine = and(
      eq(responseThemeLabels.orgId, ctx.orgId),
      eq(responseThemeLabels.responseId, responseId),
    );
    await tx
      .delete(responseThemeLabels)
      .where(wanted.length === 0 ? mine : and(mine, notInArray(responseThemeLabels.theme, wanted)));
    if (wanted.length > 0)
      await tx
        .insert(responseThemeLabels)
        .values(wanted.map((theme) => ({ orgId: ctx.orgId, responseId, theme, labelledBy: by })))
        .onConflictDoNothing();
  });
  return getThemeLabels(ctx, responseId);
}
