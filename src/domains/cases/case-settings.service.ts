import { and, asc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx, type Role } from '../auth/context.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { findSurvey } from '../surveys/surveys.service.ts';
import type { BusinessHours } from './business-hours.ts';
import type {
  CaseRuleView,
  CaseSettingsView,
  CreateCaseRuleInput,
  UpdateCaseRuleInput,
  UpdateCaseSettingsInput,
} from './cases.api.ts';
import { caseRules, caseSettings, type GoodwillLimits } from './cases.tables.ts';

export type CaseSettingsRow = typeof caseSettings.$inferSelect;
type RuleRow = typeof caseRules.$inferSelect;

export const DEFAULT_GOODWILL_LIMITS: GoodwillLimits = {
  employee: 50,
  manager: 500,
  leader: 5000,
  admin: 5000,
};
export const DEFAULT_ROOT_CAUSES = [
  'Waiting time',
  'Communication',
  'Staff attitude',
  'Product fault',
  'Billing',
  'Process / policy',
  'Missed appointment',
];

/** The rules every organisation starts with: the triggers, editable afterwards. */
const DEFAULT_RULES: { name: string; kind: RuleRow['kind']; threshold: number | null; active: boolean }[] = [
  { name: 'NPS detractor (0–6)', kind: 'nps_detractor', threshold: 6, active: true },
  { name: 'CSAT 2 or lower', kind: 'csat_low', threshold: 2, active: true },
  { name: 'CES 5 or higher (high effort)', kind: 'ces_high', threshold: 5, active: true },
  // Inactive until text analytics exists in the organisation; switching it on is a setting.
  { name: 'Negative comment', kind: 'negative_sentiment', threshold: null, active: false },
];

/**
 * The organisation's settings, creating them with the default rules on first use. `on conflict do
 * nothing` makes concurrent first uses (two pipeline jobs) create the defaults once.
 */
export async function loadCaseSettings(db: Db, orgId: string): Promise<CaseSettingsRow> {
  const [existing] = await db.select().from(caseSettings).where(eq(caseSettings.orgId, orgId));
  if (existing) return existing;
  const created = await db
    .insert(caseSettings)
    .values({ orgId, goodwillLimits: DEFAULT_GOODWILL_LIMITS, rootCauses: DEFAULT_ROOT_CAUSES })
    .onConflictDoNothing()
    .returning();
  if (created[0]) {
    await db
      .insert(caseRules)
      .values(DEFAULT_RULES.map((r) => ({ orgId, id: uuidv7(), ...r })))
      .onConflictDoNothing();
    return created[0];
  }
  const [row] = await db.select().from(caseSettings).where(eq(caseSettings.orgId, orgId));
  if (!row) throw new Error('case settings vanished');
  return row;
}

export async function businessHoursOf(
  db: Db,
  orgId: string,
  settings: CaseSettingsRow,
): Promise<BusinessHours> {
  const org = await getOrganisation({ db, orgId, actor: { type: 'system' } });
  return {
    timeZone: org.timeZone,
    days: settings.businessDays,
    startMinute: settings.businessStartMinute,
    endMinute: settings.businessEndMinute,
    holidays: settings.holidays,
  };
}

export const limitOf = (settings: CaseSettingsRow, role: Role): number =>
  Number({ ...DEFAULT_GOODWILL_LIMITS, ...settings.goodwillLimits }[role] ?? 0);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (hhmmText: string) => {
  const [h, m] = hhmmText.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

async function toSettingsView(ctx: Ctx, s: CaseSettingsRow): Promise<CaseSettingsView> {
  const org = await getOrganisation(ctx);
  return {
    businessDays: [...s.businessDays].sort(),
    businessStart: hhmm(s.businessStartMinute),
    businessEnd: hhmm(s.businessEndMinute),
    holidays: s.holidays,
    timeZone: org.timeZone,
    currency: org.currency,
    firstContactHours: s.firstContactHours,
    resolutionDays: s.resolutionDays,
    reminderHours: s.reminderHours,
    escalationHours: s.escalationHours,
    ownerRule: s.ownerRule,
    rootCauses: s.rootCauses,
    goodwillLimits: { ...DEFAULT_GOODWILL_LIMITS, ...s.goodwillLimits },
    lostAfterDays: s.lostAfterDays,
    followUpEnabled: s.followUpEnabled,
    followUpDelayHours: s.followUpDelayHours,
  };
}

export async function getCaseSettings(ctx: Ctx): Promise<CaseSettingsView> {
  authorize(ctx, 'cases:read');
  return toSettingsView(ctx, await loadCaseSettings(ctx.db, ctx.orgId));
}

export async function updateCaseSettings(
  ctx: Ctx,
  input: UpdateCaseSettingsInput,
): Promise<CaseSettingsView> {
  authorize(ctx, 'cases:admin');
  return ctx.db.transaction(async (tx) => {
    const current = await loadCaseSettings(tx, ctx.orgId);
    const start = input.businessStart ? minutesOf(input.businessStart) : current.businessStartMinute;
    const end = input.businessEnd ? minutesOf(input.businessEnd) : current.businessEndMinute;
    if (end <= start) throw invalid('Business hours must end after they start', { field: 'businessEnd' });
    const { businessStart: _s, businessEnd: _e, ...rest } = input;
    const [row] = await tx
      .update(caseSettings)
      .set({
        ...rest,
        ...(input.rootCauses && { rootCauses: [...new Set(input.rootCauses)] }),
        businessStartMinute: start,
        businessEndMinute: end,
        updatedAt: new Date(),
      })
      .where(eq(caseSettings.orgId, ctx.orgId))
      .returning();
    if (!row) throw notFound('Case settings');
    await recordAudit(
      { ...ctx, db: tx },
      'cases.settings_updated',
      { type: 'case_settings', id: null },
      input,
    );
    return toSettingsView({ ...ctx, db: tx }, row);
  });
}

const toRuleView = (r: RuleRow): CaseRuleView => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  threshold: r.threshold,
  keywords: r.keywords,
  surveyId: r.surveyId,
  active: r.active,
});

/** Active and inactive rules in the order they are tried. */
export async function loadRules(db: Db, orgId: string): Promise<RuleRow[]> {
  await loadCaseSettings(db, orgId);
  return db
    .select()
    .from(caseRules)
    .where(eq(caseRules.orgId, orgId))
    .orderBy(asc(caseRules.createdAt), asc(caseRules.id));
}

export async function listCaseRules(ctx: Ctx): Promise<CaseRuleView[]> {
  authorize(ctx, 'cases:read');
  return (await loadRules(ctx.db, ctx.orgId)).map(toRuleView);
}

async function checkRule(
  ctx: Ctx,
  rule: { kind: RuleRow['kind']; keywords: string[]; surveyId: string | null },
) {
  if (rule.kind === 'keyword' && rule.keywords.length === 0)
    throw invalid('A keyword rule needs at least one keyword', { field: 'keywords' });
  if (rule.surveyId && !(await findSurvey(ctx.db, ctx.orgId, rule.surveyId)))
    throw invalid('Unknown survey', { field: 'surveyId' });
}

export async function createCaseRule(ctx: Ctx, input: CreateCaseRuleInput): Promise<CaseRuleView> {
  authorize(ctx, 'cases:admin');
  const values = {
    orgId: ctx.orgId,
    id: uuidv7(),
    name: input.name,
    kind: input.kind,
    threshold: input.threshold ?? null,
    keywords: input.keywords ?? [],
    surveyId: input.surveyId ?? null,
    active: input.active ?? true,
  };
  await checkRule(ctx, values);
  return ctx.db.transaction(async (tx) => {
    await loadCaseSettings(tx, ctx.orgId);
    const [row] = await tx.insert(caseRules).values(values).returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit({ ...ctx, db: tx }, 'cases.rule_created', { type: 'case_rule', id: row.id }, input);
    return toRuleView(row);
  });
}

export async function updateCaseRule(
  ctx: Ctx,
  id: string,
  input: UpdateCaseRuleInput,
): Promise<CaseRuleView> {
  authorize(ctx, 'cases:admin');
  const where = and(eq(caseRules.orgId, ctx.orgId), eq(caseRules.id, id));
  const [current] = await ctx.db.select().from(caseRules).where(where);
  if (!current) throw notFound('Rule');
  await checkRule(ctx, {
    kind: current.kind,
    keywords: input.keywords ?? current.keywords,
    surveyId: input.surveyId === undefined ? current.surveyId : input.surveyId,
  });
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(caseRules)
      .set({ ...input, updatedAt: new Date() })
      .where(where)
      .returning();
    if (!row) throw notFound('Rule');
    await recordAudit({ ...ctx, db: tx }, 'cases.rule_updated', { type: 'case_rule', id }, input);
    return toRuleView(row);
  });
}

export async function deleteCaseRule(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'cases:admin');
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(caseRules)
      .where(and(eq(caseRules.orgId, ctx.orgId), eq(caseRules.id, id)))
      .returning({ id: caseRules.id });
    if (deleted.length === 0) throw notFound('Rule');
    await recordAudit({ ...ctx, db: tx }, 'cases.rule_deleted', { type: 'case_rule', id });
  });
}
