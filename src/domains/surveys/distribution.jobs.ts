import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { type Clock, defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import type { Ctx } from '../auth/context.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { findDistributionRule, SEND_INVITATION, SEND_REMINDER } from './distribution.service.ts';
import { renderInvitationEmail } from './invitation-email.ts';
import { LANGUAGES, type Language } from './surveys.api.ts';
import { findSurvey, isOpen } from './surveys.service.ts';
import { invitations } from './surveys.tables.ts';

const SendInvitationPayload = z.object({ invitationId: z.uuid(), ruleId: z.uuid().nullable().optional() });
const SendReminderPayload = z.object({ invitationId: z.uuid() });

type InvitationRow = typeof invitations.$inferSelect;

/** A 5xx SMTP reply (mailbox unknown, rejected): retrying cannot help, so the invitation bounced. */
export function isPermanentSmtpFailure(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

async function findInvitation(db: Db, orgId: string, id: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)));
  return row;
}

/**
 * Everything needed to email the invitation now, or null when it must not go out: answered,
 * bounced, the customer unsubscribed or withdrew consent or has no email, the survey closed.
 * Checked at send time, not only when planned, because any of these can change in between.
 */
async function deliverable(db: Db, orgId: string, invitation: InvitationRow, clock: Clock) {
  if (invitation.answeredAt || invitation.bouncedAt) return null;
  const system: Ctx = { db, orgId, actor: { type: 'system' } };
  const customer = await getCustomer(system, invitation.customerId);
  if (!customer.email || !customer.consentEmail || customer.unsubscribedAt) return null;
  const survey = await findSurvey(db, orgId, invitation.surveyId);
  if (!survey || !isOpen(survey, clock.now())) return null;
  const org = await getOrganisation(system);
  const locale: Language = LANGUAGES.find((l) => l === invitation.locale) ?? 'en';
  return { customer: { ...customer, email: customer.email }, survey, org, locale };
}

/** The `send-invitation` and `send-reminder` job handlers; they need the mailer and public URL. */
export function distributionHandlers(deps: { db: Db; mailer: Mailer; publicUrl: string }): JobHandlers {
  const { mailer, publicUrl } = deps;

  async function send(
    db: Db,
    invitation: InvitationRow,
    target: NonNullable<Awaited<ReturnType<typeof deliverable>>>,
    clock: Clock,
    reminder: boolean,
  ): Promise<'sent' | 'bounced'> {
    const email = renderInvitationEmail({
      to: target.customer.email,
      definition: target.survey.definition,
      orgName: target.org.name,
      customerName: target.customer.name,
      locale: target.locale,
      token: invitation.token,
      publicUrl,
      reminder,
    });
    try {
      await mailer.send(email);
      return 'sent';
    } catch (err) {
      if (!isPermanentSmtpFailure(err)) throw err;
      await db
        .update(invitations)
        .set({ bouncedAt: clock.now() })
        .where(and(eq(invitations.orgId, invitation.orgId), eq(invitations.id, invitation.id)));
      return 'bounced';
    }
  }

  return {
    [SEND_INVITATION]: defineJob(SendInvitationPayload, async ({ invitationId, ruleId }, job) => {
      const invitation = await findInvitation(job.db, job.orgId, invitationId);
      if (!invitation || invitation.sentAt) return;
      const target = await deliverable(job.db, job.orgId, invitation, job.clock);
      if (!target) return;
      if ((await send(job.db, invitation, target, job.clock, false)) === 'bounced') return;
      const sentAt = job.clock.now();
      const rule = ruleId ? await findDistributionRule(job.db, job.orgId, ruleId) : undefined;
      await job.db.transaction(async (tx) => {
        await tx
          .update(invitations)
          .set({ sentAt })
          .where(
            and(
              eq(invitations.orgId, job.orgId),
              eq(invitations.id, invitationId),
              isNull(invitations.sentAt),
            ),
          );
        if (rule?.reminderDays)
          await enqueue(tx, {
            orgId: job.orgId,
            queue: SEND_REMINDER,
            payload: { invitationId },
            runAt: new Date(sentAt.getTime() + rule.reminderDays * 86_400_000),
            singletonKey: invitationId,
          });
      });
    }),
    [SEND_REMINDER]: defineJob(SendReminderPayload, async ({ invitationId }, job) => {
      const invitation = await findInvitation(job.db, job.orgId, invitationId);
      if (!invitation?.sentAt || invitation.remindedAt) return;
      const target = await deliverable(job.db, job.orgId, invitation, job.clock);
      if (!target) return;
      if ((await send(job.db, invitation, target, job.clock, true)) === 'bounced') return;
      await job.db
        .update(invitations)
        .set({ remindedAt: job.clock.now() })
        .where(
          and(
            eq(invitations.orgId, job.orgId),
            eq(invitations.id, invitationId),
            isNull(invitations.remindedAt),
          ),
        );
    }),
  };
}
