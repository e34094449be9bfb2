import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query } from '../../db/client.ts';
import { enqueue } from '../../jobs/jobs.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { getInteraction } from '../customers/interactions.service.ts';
import { assertTeamExists } from '../people/teams.service.ts';
import type {
  CreateDistributionRuleInput,
  DistributionRuleView,
  UpdateDistributionRuleInput,
} from './distribution.api.ts';
import { distributionRules } from './distribution.tables.ts';
import { createInvitationIn } from './invitations.service.ts';
import { findSurvey } from './surveys.service.ts';
import { invitations } from './surveys.tables.ts';

type RuleRow = typeof distributionRules.$inferSelect;

export const SEND_INVITATION = 'send-invitation';
export const SEND_REMINDER = 'send-reminder';

/**
 * An interaction recorded this long after its invitation would have gone out (a history import, a
 * late sync) invites nobody: a survey about something weeks old annoys more than it tells.
 */
const STALE_AFTER_MS = 7 * 86_400_000;

const toView = (r: RuleRow): DistributionRuleView => ({
  id: r.id,
  surveyId: r.surveyId,
  name: r.name,
  channels: r.channels,
  teamIds: r.teamIds,
  delayMinutes: r.delayMinutes,
  samplingPercent: r.samplingPercent,
  fatigueDays: r.fatigueDays,
  reminderDays: r.reminderDays,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

async function findRule(db: Db, orgId: string, id: string): Promise<RuleRow | undefined> {
  const [row] = await db
    .select()
    .from(distributionRules)
    .where(and(eq(distributionRules.orgId, orgId), eq(distributionRules.id, id)));
  return row;
}

/** The rule a send job came from, for its reminder setting (undefined once deleted). */
export const findDistributionRule = findRule;

async function checkReferences(ctx: Ctx, input: { surveyId?: string; teamIds?: string[] }): Promise<void> {
  if (input.surveyId && !(await findSurvey(ctx.db, ctx.orgId, input.surveyId)))
    throw invalid('Unknown survey', { field: 'surveyId' });
  for (const teamId of new Set(input.teamIds ?? [])) await assertTeamExists(ctx.db, ctx.orgId, teamId);
}

export async function listDistributionRules(
  ctx: Ctx,
  filter: { surveyId?: string | undefined } = {},
): Promise<DistributionRuleView[]> {
  authorize(ctx, 'surveys:read');
  const rows = await ctx.db
    .select()
    .from(distributionRules)
    .where(
      and(
        eq(distributionRules.orgId, ctx.orgId),
        filter.surveyId ? eq(distributionRules.surveyId, filter.surveyId) : undefined,
      ),
    )
    .orderBy(asc(distributionRules.createdAt), asc(distributionRules.id));
  return rows.map(toView);
}

export async function getDistributionRule(ctx: Ctx, id: string): Promise<DistributionRuleView> {
  authorize(ctx, 'surveys:read');
  const row = await findRule(ctx.db, ctx.orgId, id);
  if (!row) throw notFound('Distribution rule');
  return toView(row);
}

export async function createDistributionRule(
  ctx: Ctx,
  input: CreateDistributionRuleInput,
): Promise<DistributionRuleView> {
  authorize(ctx, 'surveys:manage');
  await checkReferences(ctx, input);
  const id = uuidv7();
  const [row] = await ctx.db
    .insert(distributionRules)
    .values({
      orgId: ctx.orgId,
      id,
      ...input,
      channels: [...new Set(input.channels)],
      teamIds: [...new Set(input.teamIds)],
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  await recordAudit(
    ctx,
    'distribution_rule.created',
    { type: 'distribution_rule', id },
    { surveyId: input.surveyId },
  );
  return toView(row);
}

export async function updateDistributionRule(
  ctx: Ctx,
  id: string,
  input: UpdateDistributionRuleInput,
): Promise<DistributionRuleView> {
  authorize(ctx, 'surveys:manage');
  if (!(await findRule(ctx.db, ctx.orgId, id))) throw notFound('Distribution rule');
  await checkReferences(ctx, input);
  const [row] = await ctx.db
    .update(distributionRules)
    .set({
      ...input,
      ...(input.channels && { channels: [...new Set(input.channels)] }),
      ...(input.teamIds && { teamIds: [...new Set(input.teamIds)] }),
      updatedAt: new Date(),
    })
    .where(and(eq(distributionRules.orgId, ctx.orgId), eq(distributionRules.id, id)))
    .returning();
  if (!row) throw notFound('Distribution rule');
  return toView(row);
}

/** Deleting a rule plans nothing new; invitations it already scheduled still go out. */
export async function deleteDistributionRule(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'surveys:manage');
  const deleted = await ctx.db
    .delete(distributionRules)
    .where(and(eq(distributionRules.orgId, ctx.orgId), eq(distributionRules.id, id)))
    .returning({ id: distributionRules.id });
  if (deleted.length === 0) throw notFound('Distribution rule');
  await recordAudit(ctx, 'distribution_rule.deleted', { type: 'distribution_rule', id });
}

/**
 * 0–99 from a hash of the interaction and rule: sampling decides the same on every retry and in
 * every process, and rules sample independently of each other.
 */
export function samplingBucket(interactionId: string, ruleId: string): number {
  return createHash('sha256').update(`${interactionId}:${ruleId}`).digest().readUInt32BE(0) % 100;
}

/**
 * Decides, inside the transaction that records an interaction, whether to invite its customer: the
 * first active rule that matches the channel and team, samples the interaction in, and finds the
 * customer emailable and not invited within its fatigue window creates one invitation and schedules
 * its email. At most one invitation per interaction.
 */
export async function planInvitations(
  tx: Db,
  orgId: string,
  interactionId: string,
  now: Date = new Date(),
): Promise<typeof invitations.$inferSelect | null> {
  const rules = await tx
    .select()
    .from(distributionRules)
    .where(and(eq(distributionRules.orgId, orgId), eq(distributionRules.active, true)))
    .orderBy(asc(distributionRules.createdAt), asc(distributionRules.id));
  if (rules.length === 0) return null;
  const system: Ctx = { db: tx, orgId, actor: { type: 'system' } };
  const interaction = await getInteraction(system, interactionId);
  const matching = rules.filter(
    (r) =>
      (r.channels.length === 0 || r.channels.includes(interaction.channel)) &&
      (r.teamIds.length === 0 || (interaction.teamId !== null && r.teamIds.includes(interaction.teamId))) &&
      samplingBucket(interactionId, r.id) < r.samplingPercent,
  );
  if (matching.length === 0) return null;

  const customer = await getCustomer(system, interaction.customerId);
  if (!customer.email || !customer.consentEmail || customer.unsubscribedAt) return null;
  // Two interactions of one customer recorded at once must not both pass the fatigue check.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`invite:${orgId}:${customer.id}`}, 0))`,
  );
  const [already] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.interactionId, interactionId)));
  if (already) return null;

  const occurredAt = new Date(interaction.occurredAt);
  for (const rule of matching) {
    const sendAt = new Date(occurredAt.getTime() + rule.delayMinutes * 60_000);
    if (sendAt.getTime() < now.getTime() - STALE_AFTER_MS) continue;
    const survey = await findSurvey(tx, orgId, rule.surveyId);
    if (survey?.status !== 'active') continue;
    if (rule.fatigueDays > 0) {
      // Scheduled invitations count too: they will have gone out by the time this one would.
      const since = new Date(sendAt.getTime() - rule.fatigueDays * 86_400_000).toISOString();
      const [recent] = await query<{ id: string }>(
        tx,
        sql`select id from invitations where org_id = ${orgId} and customer_id = ${customer.id}
            and coalesce(sent_at, scheduled_for, created_at) > ${since}::timestamptz limit 1`,
      );
      if (recent) continue;
    }
    const invitation = await createInvitationIn(tx, orgId, {
      surveyId: rule.surveyId,
      interactionId,
      channel: 'email',
      scheduledFor: sendAt,
    });
    await enqueue(tx, {
      orgId,
      queue: SEND_INVITATION,
      payload: { invitationId: invitation.id, ruleId: rule.id },
      runAt: sendAt,
      singletonKey: invitation.id,
    });
    return invitation;
  }
  return null;
}
