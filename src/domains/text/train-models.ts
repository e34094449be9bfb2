import { authorize, type Ctx } from '../auth/context.ts';
import {
  type TrainedClassifier,
  trainSentimentClassifier,
  trainThemeClassifier,
} from './organisation-model.ts';
import { startReanalysisIn } from './reanalysis.ts';
import type { TextModelView } from './text.api.ts';
import {
  listModels,
  organisationThemeDefinitions,
  saveModel,
  themeLabelExamples,
  weakSentimentLabels,
} from './text.service.ts';

/**
 * Keeps a newly trained classifier and, when it is put in use (it beat the default on held-out
 * comments), re-analyses every comment with it in the background; a model that is not used
 * changes nothing stored.
 */
async function keep(ctx: Ctx, kind: 'sentiment' | 'themes', trained: TrainedClassifier | null) {
  if (!trained) return null;
  const by = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  await ctx.db.transaction(async (tx) => {
    await saveModel(tx, ctx.orgId, kind, trained);
    if (trained.use) await startReanalysisIn(tx, ctx.orgId, `The ${kind} model was retrained`, by);
  });
  return (await listModels(ctx)).find((m) => m.kind === kind) ?? null;
}

/** The sentiment model, from NPS comments whose score makes their sentiment obvious (null: too few). */
export async function trainOrganisationSentiment(ctx: Ctx): Promise<TextModelView | null> {
  authorize(ctx, 'text:manage');
  return keep(ctx, 'sentiment', trainSentimentClassifier(await weakSentimentLabels(ctx.db, ctx.orgId)));
}

/** The theme model, from the comments managers labelled with one theme (null: too few). */
export async function trainOrganisationThemes(ctx: Ctx): Promise<TextModelView | null> {
  authorize(ctx, 'text:manage');
  const [examples, themes] = await Promise.all([
    themeLabelExamples(ctx.db, ctx.orgId),
    organisationThemeDefinitions(ctx.db, ctx.orgId),
  ]);
  return keep(ctx, 'themes', trainThemeClassifier(examples, themes));
}
