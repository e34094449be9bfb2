import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { invalid } from '../../server/errors.ts';
import { newestFirstAfter, pageOf } from '../../server/pagination.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { randomToken } from '../auth/secrets.ts';
import { resolveCustomerRef } from '../customers/customers.service.ts';
import { customers } from '../customers/customers.tables.ts';
import { attributionOf } from '../customers/interactions.service.ts';
import {
  type CreateInvitationInput,
  type InvitationStatus,
  type InvitationView,
  LANGUAGES,
  type Language,
  type ListInvitationsQuery,
} from './surveys.api.ts';
import { findSurvey, surveyUrl } from './surveys.service.ts';
import { invitations } from './surveys.tables.ts';

/** The customer's language if the survey offers it, else English. */
export function chooseLocale(
  customerLocale: string | null | undefined,
  offered: readonly Language[],
): Language {
  const base = customerLocale?.slice(0, 2).toLowerCase();
  return offered.find((l) => l === base) ?? 'en';
}

const statusOf = (row: typeof invitations.$inferSelect): z.infer<typeof InvitationStatus> =>
  row.answeredAt
    ? 'answered'
    : row.bouncedAt
      ? 'bounced'
      : row.openedAt
        ? 'opened'
        : row.sentAt
          ? 'sent'
          : row.scheduledFor
            ? 'scheduled'
            : 'created';

/** Creates an invitation inside `tx`; the link is /s/<token>. */
export async function createInvitationIn(
  tx: Db,
  orgId: string,
  input: CreateInvitationInput & { scheduledFor?: Date | null },
): Promise<typeof invitations.$inferSelect> {
  const survey = await findSurvey(tx, orgId, input.surveyId);
  if (!survey) throw invalid('Unknown survey', { field: 'surveyId' });
  let customerId: string | null = null;
  if (input.interactionId) {
    const attribution = await attributionOf(tx, orgId, input.interactionId);
    if (!attribution) throw invalid('Unknown interaction', { field: 'interactionId' });
    customerId = attribution.customerId;
  }
  if (input.customer) customerId = await resolveCustomerRef(tx, orgId, input.customer);
  if (!customerId) throw invalid('An invitation needs a customer');
  const [customer] = await tx
    .select({ locale: customers.locale })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)));
  const locale = input.locale ?? chooseLocale(customer?.locale, survey.definition.languages ?? LANGUAGES);
  const [row] = await tx
    .insert(invitations)
    .values({
      orgId,
      id: uuidv7(),
      surveyId: survey.id,
      customerId,
      interactionId: input.interactionId ?? null,
      channel: input.channel,
      token: randomToken(18),
      locale,
      scheduledFor: input.scheduledFor ?? null,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

function toView(
  row: typeof invitations.$inferSelect & { customerName: string | null; customerEmail: string | null },
  publicUrl: string,
): InvitationView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    surveyId: row.surveyId,
    customerId: row.customerId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    interactionId: row.interactionId,
    channel: row.channel,
    locale: row.locale,
    url: surveyUrl(publicUrl, row.token),
    status: statusOf(row),
    scheduledFor: iso(row.scheduledFor),
    sentAt: iso(row.sentAt),
    openedAt: iso(row.openedAt),
    answeredAt: iso(row.answeredAt),
    bouncedAt: iso(row.bouncedAt),
    remindedAt: iso(row.remindedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createInvitation(
  ctx: Ctx,
  input: CreateInvitationInput,
  publicUrl: string,
): Promise<InvitationView> {
  authorize(ctx, 'customers:write');
  const row = await ctx.db.transaction((tx) => createInvitationIn(tx, ctx.orgId, input));
  const [customer] = await ctx.db
    .select({ name: customers.name, email: customers.email })
    .from(customers)
    .where(and(eq(customers.orgId, ctx.orgId), eq(customers.id, row.customerId)));
  return toView(
    { ...row, customerName: customer?.name ?? null, customerEmail: customer?.email ?? null },
    publicUrl,
  );
}

export async function listInvitations(ctx: Ctx, q: z.infer<typeof ListInvitationsQuery>, publicUrl: string) {
  authorize(ctx, 'responses:read');
  const statusFilter = {
    answered: isNotNull(invitations.answeredAt),
    bounced: and(isNull(invitations.answeredAt), isNotNull(invitations.bouncedAt)),
    opened: and(
      isNull(invitations.answeredAt),
      isNull(invitations.bouncedAt),
      isNotNull(invitations.openedAt),
    ),
    sent: and(
      isNull(invitations.answeredAt),
      isNull(invitations.bouncedAt),
      isNull(invitations.openedAt),
      isNotNull(invitations.sentAt),
    ),
    scheduled: and(
      isNull(invitations.sentAt),
      isNotNull(invitations.scheduledFor),
      isNull(invitations.answeredAt),
    ),
    created: and(
      isNull(invitations.sentAt),
      isNull(invitations.scheduledFor),
      isNull(invitations.answeredAt),
    ),
  };
  const rows = await ctx.db
    .select({ invitation: invitations, customerName: customers.name, customerEmail: customers.email })
    .from(invitations)
    .innerJoin(
      customers,
      and(eq(customers.orgId, invitations.orgId), eq(customers.id, invitations.customerId)),
    )
    .where(
      and(
        eq(invitations.orgId, ctx.orgId),
        q.surveyId ? eq(invitations.surveyId, q.surveyId) : undefined,
        q.customerId ? eq(invitations.customerId, q.customerId) : undefined,
        q.status ? statusFilter[q.status] : undefined,
        newestFirstAfter(q.cursor, invitations.createdAt, invitations.id),
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(q.limit + 1);
  return pageOf(
    rows,
    q.limit,
    (last) => ({ k: last.invitation.createdAt.toISOString(), id: last.invitation.id }),
    (r) =>
      toView({ ...r.invitation, customerName: r.customerName, customerEmail: r.customerEmail }, publicUrl),
  );
}

/** The invitation behind a public token, in whatever organisation it belongs to. */
export async function findInvitationByToken(db: Db, token: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.token, token));
  return row;
}

export async function markOpened(db: Db, invitation: typeof invitations.$inferSelect): Promise<void> {
  if (invitation.openedAt) return;
  await db
    .update(invitations)
    .set({ openedAt: sql`coalesce(${invitations.openedAt}, now())` })
    .where(and(eq(invitations.orgId, invitation.orgId), eq(invitations.id, invitation.id)));
}
