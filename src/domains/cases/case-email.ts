import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Mailer } from '../../integrations/email.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { invalid } from '../../server/errors.ts';
import { authorize, type Ctx, requireUser, withDb } from '../auth/context.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { findVisibleCase } from './case-access.ts';
import type { EmailCustomerInput } from './cases.api.ts';
import { caseEvents } from './cases.tables.ts';
import { findPeople } from './people-lookup.ts';

export const CASE_CUSTOMER_EMAIL = 'case-customer-email';

/** Starting points a person edits before sending; `{name}`, `{org}` and `{sender}` are filled in. */
export const CUSTOMER_EMAIL_TEMPLATES = {
  apology: {
    subject: 'We are sorry — {org}',
    body: 'Dear {name},\n\nThank you for telling us about your experience. We are sorry we let you down, and I would like to put it right.\n\nI will be your contact until it is resolved; just reply to this email.\n\nKind regards,\n{sender}\n{org}',
  },
  follow_up: {
    subject: 'Following up on your feedback — {org}',
    body: 'Dear {name},\n\nI am following up on your recent feedback. Could you tell me a good time to call you, or reply with what would make this right for you?\n\nKind regards,\n{sender}\n{org}',
  },
  custom: { subject: '', body: '' },
} as const;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(name|org|sender)\}/g, (_, k: string) => values[k] ?? '');

/**
 * Emails the case's customer from the case: the email is logged as an event at once and sent by a
 * durable job (retried on failure), which marks the event sent.
 *
 * Consent: this is a service email about the customer's own complaint, written by a person, so the
 * survey-email consent (`consent_email`) and the survey unsubscribe (`unsubscribed_at`, set by the
 * link in survey emails, which promises "no more survey emails") do not stop it. Customers have no
 * "no email at all" flag today; when one exists, check it here and in the job below.
 */
export async function emailCustomer(ctx: Ctx, caseId: string, input: EmailCustomerInput, now = new Date()) {
  authorize(ctx, 'cases:write');
  return ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const kase = await findVisibleCase(c, caseId, true);
    const user = requireUser(ctx);
    if (!kase.customerId) throw invalid('This case has no customer to email');
    const customer = await getCustomer({ ...c, actor: { type: 'system' } }, kase.customerId);
    if (!customer.email) throw invalid('The customer has no email address');
    const org = await getOrganisation(c);
    const sender =
      (await findPeople(tx, ctx.orgId, [user.employeeId])).get(user.employeeId)?.name ?? org.name;
    const template = CUSTOMER_EMAIL_TEMPLATES[input.template];
    const values = { name: customer.name ?? 'customer', org: org.name, sender };
    const subject = fill(input.subject ?? template.subject, values).trim();
    const body = fill(input.body ?? template.body, values).trim();
    if (!subject || !body)
      throw invalid('Write a subject and a message', { field: input.subject ? 'body' : 'subject' });
    const id = uuidv7();
    await tx.insert(caseEvents).values({
      orgId: ctx.orgId,
      id,
      caseId,
      kind: 'email',
      actorId: user.employeeId,
      channel: 'email',
      body,
      details: { to: customer.email, subject, template: input.template, status: 'queued' },
      at: now,
    });
    await enqueue(tx, {
      orgId: ctx.orgId,
      queue: CASE_CUSTOMER_EMAIL,
      payload: { eventId: id },
      singletonKey: id,
    });
    return { id, to: customer.email, subject };
  });
}

export function caseEmailHandlers(deps: { mailer: Mailer }): JobHandlers {
  return {
    [CASE_CUSTOMER_EMAIL]: defineJob(z.object({ eventId: z.uuid() }), async ({ eventId }, job) => {
      const where = and(eq(caseEvents.orgId, job.orgId), eq(caseEvents.id, eventId));
      const [event] = await job.db.select().from(caseEvents).where(where);
      if (!event || event.details.status === 'sent') return;
      const to = String(event.details.to ?? '');
      const subject = String(event.details.subject ?? '');
      await deps.mailer.send({ to, subject, text: event.body ?? '' });
      await job.db
        .update(caseEvents)
        .set({ details: { ...event.details, status: 'sent', sentAt: job.clock.now().toISOString() } })
        .where(where);
    }),
  };
}
