import { authorize, type Ctx } from '../auth/context.ts';
import { trainSentimentClassifier } from './organisation-model.ts';
import { startReanalysisIn } from './reanalysis.ts';
import type { TextModelView } from './text.api.ts';
import { listModels, saveModel, weakSentimentLabels } from './text.service.ts';

/**
 * Trains the organisation's sentiment model from its weak labels (null when there are too few).
 * When the new model is used (it beat the default on held-out comments), every comment is
 * re-analysed with it, in the background; a model that is not used changes nothing stored.
 */
export async function trainOrganisationSentiment(ctx: Ctx): Promise<TextModelView | null> {
  authorize(ctx, 'text:manage');
  const trained = trainSentimentClassifier(await weakSentimentLabels(ctx.db, ctx.orgId));
  if (!trained) return null;
  const by = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  await ctx.db.transaction(async (tx) => {
    await saveModel(tx, ctx.orgId, 'sentiment', trained);
    if (trained.use) await startReanalysisIn(tx, ctx.orgId, 'The sentiment model was retrained', by);
  });
  return (await listModels(ctx)).find((m) => m.kind === 'sentiment') ?? null;
}
