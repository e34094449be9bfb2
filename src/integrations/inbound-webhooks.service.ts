import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { recordAudit } from '../domains/auth/audit.service.ts';
import { authorize, type Ctx } from '../domains/auth/context.ts';
import { randomToken } from '../domains/auth/secrets.ts';
import type { Channel } from '../domains/customers/customers.tables.ts';
import { createInteractionIn } from '../domains/customers/interactions.service.ts';
import { teamsByName } from '../domains/customers/interactions-import.ts';
import { employees } from '../domains/people/people.tables.ts';
import { AppError, invalid, notFound, statusOf } from '../server/errors.ts';
import { hasUnstorableText } from '../server/http.ts';
import { idempotencyKeys } from '../server/idempotency.tables.ts';
import { newestFirstAfter, pageOf } from '../server/pagination.ts';
import {
  FRESHDESK_BODY_TEMPLATE,
  GenericMapping,
  MalformedPayload,
  type MappedTicket,
  type MappingResult,
  mapFreshdesk,
  mapGeneric,
  mapZendesk,
  ZENDESK_BODY_TEMPLATE,
} from './helpdesk-mappings.ts';
import type {
  CreateInboundWebhookInput,
  DeliveryReceipt,
  InboundWebhookView,
  ListDeliveriesQuery,
  UpdateInboundWebhookInput,
  WebhookDeliveryView,
} from './inbound-webhooks.api.ts';
import {
  type DeliveryStatus,
  inboundWebhooks,
  type WebhookKind,
  webhookDeliveries,
} from './inbound-webhooks.tables.ts';

/** Zendesk signs a timestamp with each delivery; one further from now than this is a replay. */
export const SIGNATURE_TOLERANCE_MS = 15 * 60_000;
/** Deliveries keep at most this much of a payload. */
export const PAYLOAD_LOG_BYTES = 64 * 1024;

type WebhookRow = typeof inboundWebhooks.$inferSelect;

const SIGNATURES: Record<WebhookKind, string> = {
  zendesk:
    'X-Zendesk-Webhook-Signature: base64(HMAC-SHA256(secret, X-Zendesk-Webhook-Signature-Timestamp + raw body)); paste the signing secret Zendesk shows for the webhook here (PATCH secret)',
  freshdesk:
    'X-Serviceloop-Token: <secret> as a custom header of the Freshdesk webhook action (Freshdesk cannot sign), or X-Serviceloop-Signature: sha256=<hex HMAC-SHA256(secret, raw body)> from a signing relay',
  generic: 'X-Serviceloop-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>',
};

export const webhookUrl = (publicUrl: string, id: string) => `${publicUrl}/hooks/${id}`;

function toView(row: WebhookRow, publicUrl: string): InboundWebhookView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: webhookUrl(publicUrl, row.id),
    secret: row.secret,
    signature: SIGNATURES[row.kind],
    bodyTemplate:
      row.kind === 'zendesk'
        ? ZENDESK_BODY_TEMPLATE
        : row.kind === 'freshdesk'
          ? FRESHDESK_BODY_TEMPLATE
          : null,
    mapping: row.kind === 'generic' ? GenericMapping.parse(row.mapping) : null,
    defaultChannel: row.defaultChannel,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

async function findWebhook(db: Db, orgId: string, id: string): Promise<WebhookRow> {
  const [row] = await db
    .select()
    .from(inboundWebhooks)
    .where(and(eq(inboundWebhooks.orgId, orgId), eq(inboundWebhooks.id, id)));
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listInboundWebhooks(ctx: Ctx, publicUrl: string): Promise<InboundWebhookView[]> {
  authorize(ctx, 'organisation:write');
  const rows = await ctx.db
    .select()
    .from(inboundWebhooks)
    .where(eq(inboundWebhooks.orgId, ctx.orgId))
    .orderBy(inboundWebhooks.createdAt, inboundWebhooks.id);
  return rows.map((r) => toView(r, publicUrl));
}

export async function getInboundWebhook(
  ctx: Ctx,
  id: string,
  publicUrl: string,
): Promise<InboundWebhookView> {
  authorize(ctx, 'organisation:write');
  return toView(await findWebhook(ctx.db, ctx.orgId, id), publicUrl);
}

export async function createInboundWebhook(
  ctx: Ctx,
  input: CreateInboundWebhookInput,
  publicUrl: string,
): Promise<InboundWebhookView> {
  authorize(ctx, 'organisation:write');
  const id = uuidv7();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboundWebhooks)
      .values({
        orgId: ctx.orgId,
        id,
        name: input.name,
        kind: input.kind,
        secret: input.secret ?? randomToken(32),
        mapping: input.mapping ?? null,
        defaultChannel: input.defaultChannel,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(
      { ...ctx, db: tx },
      'inbound_webhook.created',
      { type: 'inbound_webhook', id },
      {
        kind: input.kind,
      },
    );
    return toView(row, publicUrl);
  });
}

export async function updateInboundWebhook(
  ctx: Ctx,
  id: string,
  input: UpdateInboundWebhookInput,
  publicUrl: string,
): Promise<InboundWebhookView> {
  authorize(ctx, 'organisation:write');
  if (input.rotateSecret && input.secret)
    throw invalid('Give either rotateSecret or a secret, not both', { field: 'secret' });
  return ctx.db.transaction(async (tx) => {
    const before = await findWebhook(tx, ctx.orgId, id);
    if (input.mapping && before.kind !== 'generic')
      throw invalid('Only a generic webhook has a mapping; Zendesk and Freshdesk have theirs built in', {
        field: 'mapping',
      });
    const secret = input.rotateSecret ? randomToken(32) : input.secret;
    const set = Object.fromEntries(
      Object.entries({
        name: input.name,
        mapping: input.mapping,
        defaultChannel: input.defaultChannel,
        active: input.active,
        secret,
      }).filter(([, v]) => v !== undefined),
    );
    const [row] =
      Object.keys(set).length > 0
        ? await tx
            .update(inboundWebhooks)
            .set(set)
            .where(and(eq(inboundWebhooks.orgId, ctx.orgId), eq(inboundWebhooks.id, id)))
            .returning()
        : [before];
    if (!row) throw notFound('Webhook');
    await recordAudit(
      { ...ctx, db: tx },
      'inbound_webhook.updated',
      { type: 'inbound_webhook', id },
      {
        fields: Object.keys(set).map((k) => (k === 'secret' ? 'secret (new)' : k)),
      },
    );
    return toView(row, publicUrl);
  });
}

export async function listWebhookDeliveries(ctx: Ctx, webhookId: string, q: ListDeliveriesQuery) {
  authorize(ctx, 'organisation:write');
  await findWebhook(ctx.db, ctx.orgId, webhookId);
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.orgId, ctx.orgId),
        eq(webhookDeliveries.webhookId, webhookId),
        q.status ? eq(webhookDeliveries.status, q.status) : undefined,
        newestFirstAfter(q.cursor, webhookDeliveries.receivedAt, webhookDeliveries.id),
      ),
    )
    .orderBy(desc(webhookDeliveries.receivedAt), desc(webhookDeliveries.id))
    .limit(q.limit + 1);
  return pageOf(
    rows,
    q.limit,
    (last) => ({ k: last.receivedAt.toISOString(), id: last.id }),
    (r): WebhookDeliveryView => ({
      id: r.id,
      webhookId: r.webhookId,
      receivedAt: r.receivedAt.toISOString(),
      signatureOk: r.signatureOk,
      status: r.status,
      httpStatus: r.httpStatus,
      error: r.error,
      payload: r.payload,
      interactionId: r.interactionId,
    }),
  );
}

// ---- Receiving deliveries ----

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Constant-time comparison of two digests; a digest of the wrong length is simply wrong. */
function sameDigest(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Why a delivery's signature is not valid, or null when it is. */
export function signatureProblem(
  kind: WebhookKind,
  secret: string,
  raw: Buffer,
  headers: Headers,
  now: Date = new Date(),
): string | null {
  if (kind === 'zendesk') {
    const signature = header(headers, 'x-zendesk-webhook-signature');
    const timestamp = header(headers, 'x-zendesk-webhook-signature-timestamp');
    if (!signature || !timestamp)
      return 'The X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp headers are required';
    const expected = createHmac('sha256', secret).update(timestamp).update(raw).digest();
    if (!sameDigest(expected, Buffer.from(signature, 'base64'))) return 'The signature does not match';
    const at = /^\d+$/.test(timestamp) ? Number(timestamp) * 1000 : Date.parse(timestamp);
    if (Number.isNaN(at) || Math.abs(now.getTime() - at) > SIGNATURE_TOLERANCE_MS)
      return 'The signature timestamp is more than 15 minutes from now (a replayed delivery?)';
    return null;
  }
  const signature = header(headers, 'x-serviceloop-signature');
  const token = header(headers, 'x-serviceloop-token');
  if (kind === 'freshdesk' && !signature && token) {
    // Freshdesk cannot compute an HMAC, but its webhook action sends fixed custom headers: the
    // secret itself then proves the sender (TLS keeps it private), without covering the body.
    const digest = (s: string) => createHmac('sha256', 'x-serviceloop-token').update(s).digest();
    return sameDigest(digest(secret), digest(token)) ? null : 'The X-Serviceloop-Token does not match';
  }
  const hex = signature ? /^sha256=([0-9a-f]{64})$/i.exec(signature.trim())?.[1] : undefined;
  if (!hex) return 'The X-Serviceloop-Signature header (sha256=<hex HMAC-SHA256 of the body>) is required';
  const expected = createHmac('sha256', secret).update(raw).digest();
  return sameDigest(expected, Buffer.from(hex, 'hex')) ? null : 'The signature does not match';
}

/** What a delivery log keeps: the parsed JSON when small and storable, else the start of the text. */
function loggedPayload(raw: Buffer, parsed: unknown): unknown {
  if (parsed !== undefined && raw.length <= PAYLOAD_LOG_BYTES && !hasUnstorableText(parsed)) return parsed;
  if (raw.length === 0) return null;
  const text = raw
    .subarray(0, PAYLOAD_LOG_BYTES)
    .toString('utf8')
    .replaceAll('\u0000', '')
    .replace(/\p{Cs}/gu, '\uFFFD');
  return { truncated: raw.length > PAYLOAD_LOG_BYTES, text };
}

function mapPayload(hook: WebhookRow, payload: unknown, receivedAt: Date): MappingResult {
  const channel = hook.defaultChannel as Channel;
  if (hook.kind === 'zendesk') return mapZendesk(payload, channel, receivedAt);
  if (hook.kind === 'freshdesk') return mapFreshdesk(payload, channel, receivedAt);
  const mapping = GenericMapping.safeParse(hook.mapping);
  if (!mapping.success) throw new MalformedPayload('The webhook has no valid mapping; fix it in Serviceloop');
  return mapGeneric(payload, mapping.data, channel, receivedAt);
}

interface Delivery {
  status: DeliveryStatus;
  httpStatus: number;
  signatureOk: boolean;
  error?: string | null;
  interactionId?: string | null;
}

/** The helpdesk's agent and group as our employee and team; unknown ones are left out and noted. */
async function attribute(
  tx: Db,
  orgId: string,
  ticket: MappedTicket,
): Promise<{ employeeIds: string[]; teamId: string | null; notes: string[] }> {
  const notes: string[] = [];
  const emails = ticket.interaction.employeeEmails.map((e) => e.toLowerCase());
  const people =
    emails.length > 0
      ? await tx
          .select({ id: employees.id, email: employees.email })
          .from(employees)
          .where(and(eq(employees.orgId, orgId), inArray(sql`lower(${employees.email})`, emails)))
      : [];
  for (const e of emails)
    if (!people.some((p) => p.email.toLowerCase() === e))
      notes.push(`No employee has the agent's email ${e}`);
  let teamId: string | null = null;
  if (ticket.teamName) {
    const ids = (await teamsByName(tx, orgId)).get(ticket.teamName.toLowerCase()) ?? [];
    if (ids.length === 1) teamId = ids[0] ?? null;
    else
      notes.push(
        ids.length === 0 ? `No team is called "${ticket.teamName}"` : 'Several teams have this name',
      );
  }
  return { employeeIds: people.map((p) => p.id), teamId, notes };
}

/**
 * One delivery to POST /hooks/:webhookId, always logged once it names a webhook. Errors are thrown
 * as AppError (after logging) for the one error handler; a solved ticket becomes one interaction
 * per (webhook, ticket, update time), however often the helpdesk retries.
 */
export async function receiveDelivery(
  db: Db,
  webhookId: string,
  raw: Buffer,
  headers: Headers,
  receivedAt: Date = new Date(),
): Promise<DeliveryReceipt> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(webhookId))
    throw notFound('Webhook');
  const [hook] = await db.select().from(inboundWebhooks).where(eq(inboundWebhooks.id, webhookId));
  if (!hook) throw notFound('Webhook');

  let parsed: unknown;
  const log = async (tx: Db, d: Delivery) => {
    const id = uuidv7();
    await tx.insert(webhookDeliveries).values({
      orgId: hook.orgId,
      id,
      webhookId: hook.id,
      receivedAt,
      signatureOk: d.signatureOk,
      status: d.status,
      httpStatus: d.httpStatus,
      error: d.error?.slice(0, 2000) ?? null,
      payload: loggedPayload(raw, parsed),
      interactionId: d.interactionId ?? null,
    });
    return id;
  };
  const reject = async (err: AppError, signatureOk = true): Promise<never> => {
    await log(db, { status: 'rejected', httpStatus: statusOf[err.code], signatureOk, error: err.message });
    throw err;
  };

  if (!hook.active) await reject(notFound('Webhook'), false);
  const problem = signatureProblem(hook.kind, hook.secret, raw, headers, receivedAt);
  if (problem) await reject(new AppError('UNAUTHENTICATED', problem), false);
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    await reject(invalid('The body is not valid JSON'));
  }
  if (hasUnstorableText(parsed)) {
    parsed = undefined;
    await reject(invalid('The body contains NUL characters or unpaired surrogates'));
  }

  let result: MappingResult;
  try {
    result = mapPayload(hook, parsed, receivedAt);
  } catch (err) {
    if (!(err instanceof MalformedPayload)) throw err;
    return reject(invalid(err.message));
  }
  if ('ignore' in result) {
    const deliveryId = await log(db, {
      status: 'ignored',
      httpStatus: 202,
      signatureOk: true,
      error: result.ignore,
    });
    return { status: 'ignored', deliveryId, interactionId: null, duplicate: false, reason: result.ignore };
  }

  const ticket = result;
  const key = `webhook:${hook.id}:${ticket.ticketId}:${ticket.updatedAt ?? 'solved'}`;
  const ctx: Ctx = { db, orgId: hook.orgId, actor: { type: 'system' } };
  try {
    return await db.transaction(async (tx) => {
      const { employeeIds, teamId, notes } = await attribute(tx, hook.orgId, ticket);
      const input = { ...ticket.interaction, employeeEmails: [], employeeIds, teamId };
      const created = await createInteractionIn(tx, ctx, input, key);
      const deliveryId = await log(tx, {
        status: 'accepted',
        httpStatus: 202,
        signatureOk: true,
        error:
          [...(created.replayed ? ['A retry of a delivery already recorded'] : []), ...notes].join('; ') ||
          null,
        interactionId: created.id,
      });
      return {
        status: 'accepted' as const,
        deliveryId,
        interactionId: created.id,
        duplicate: created.replayed,
      };
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Without an update time, a retry maps to the same key with another receipt time: still the same ticket.
    const [earlier] = await db
      .select({ id: idempotencyKeys.resourceId })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.orgId, hook.orgId),
          eq(idempotencyKeys.scope, 'interaction'),
          eq(idempotencyKeys.key, key),
        ),
      );
    if (err.code === 'CONFLICT' && earlier) {
      const deliveryId = await log(db, {
        status: 'accepted',
        httpStatus: 202,
        signatureOk: true,
        error: 'A retry of a delivery already recorded',
        interactionId: earlier.id,
      });
      return { status: 'accepted', deliveryId, interactionId: earlier.id, duplicate: true };
    }
    return reject(err);
  }
}
