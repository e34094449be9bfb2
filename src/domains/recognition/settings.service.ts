import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { RecognitionSettingsView, UpdateRecognitionSettingsInput } from './recognition.api.ts';
import { recognitionSettings } from './recognition.tables.ts';

/**
 * The seven constructs of a service climate (PRODUCT.md) and three everyday behaviours: what
 * kudos can be tagged with until an organisation writes its own values.
 */
export const DEFAULT_VALUE_TAGS = [
  'Strategy',
  'Characteristics',
  'Commander-in-chief',
  'Commitment',
  'Communication',
  'Competency',
  'Consequence',
  'Went the extra mile',
  'Helped a colleague',
  'Owned the problem',
] as const;

export const DEFAULT_SETTINGS: RecognitionSettingsView = {
  valueTags: [...DEFAULT_VALUE_TAGS],
  pointsEnabled: true,
  monthlyAllowance: 100,
  maxPointsPerKudos: 50,
  celebrateFirstPromoter: true,
  praiseMilestones: [10, 50, 100],
  celebrateAnniversaries: true,
  celebrateTeamTargets: true,
  celebrateRecoveries: true,
  publicWallEnabled: false,
  feedbackNudgeDays: 14,
};

/** The organisation's recognition settings (the defaults until an admin saves any). */
export async function loadRecognitionSettings(db: Db, orgId: string): Promise<RecognitionSettingsView> {
  const [row] = await db.select().from(recognitionSettings).where(eq(recognitionSettings.orgId, orgId));
  if (!row) return DEFAULT_SETTINGS;
  const { orgId: _org, updatedAt: _at, ...settings } = row;
  return settings;
}

export async function getRecognitionSettings(ctx: Ctx): Promise<RecognitionSettingsView> {
  authorize(ctx, 'recognition:read');
  return loadRecognitionSettings(ctx.db, ctx.orgId);
}

export async function updateRecognitionSettings(
  ctx: Ctx,
  input: UpdateRecognitionSettingsInput,
): Promise<RecognitionSettingsView> {
  authorize(ctx, 'recognition:manage');
  return ctx.db.transaction(async (tx) => {
    const current = await loadRecognitionSettings(tx, ctx.orgId);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const next: RecognitionSettingsView = {
      ...current,
      ...changes,
      praiseMilestones: [...new Set(input.praiseMilestones ?? current.praiseMilestones)].sort(
        (a, b) => a - b,
      ),
    };
    await tx
      .insert(recognitionSettings)
      .values({ orgId: ctx.orgId, ...next, updatedAt: new Date() })
      .onConflictDoUpdate({ target: recognitionSettings.orgId, set: { ...next, updatedAt: new Date() } });
    await recordAudit({ ...ctx, db: tx }, 'recognition.settings_updated', null, changes);
    return next;
  });
}
