import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { recordAudit } from '../domains/auth/audit.service.ts';
import { authorize, type Ctx } from '../domains/auth/context.ts';
import { randomToken } from '../domains/auth/secrets.ts';
import { organisations } from '../domains/people/people.tables.ts';
import { type Clock, defineJob, enqueue, type JobHandlers } from '../jobs/jobs.ts';
import { invalid, notFound } from '../server/errors.ts';
import { newestFirstAfter, pageOf } from '../server/pagination.ts';
import {
  type CreateOutboundWebhookInput,
  type ListOutboundDeliveriesQuery,
  OutboundStory,
  type OutboundWebhookView,
  type UpdateOutboundWebhookInput,
} from './outbound-webhooks.api.ts';
import { SIGNATURE_SCHEME, signDelivery, storyBody } from './outbound-webhooks.formats.ts';
import { outboundDeliveries, outboundWebhooks } from './outbound-webhooks.tables.ts';
import { refusedTarget, type TargetPolicy } from './outbound-webhooks.targets.ts';

export const OUTBOUND_WEBHOOK = 'outbound-webhook';
/** Attempts per delivery: with the job runner's backoff, retries over about a quarter of an hour. */
export const MAX_DELIVERY_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

type WebhookRow = typeof outboundWebhooks.$inferSelect;
type DeliveryRow = typeof outboundDeliveries.$inferSelect;

const toView = (r: WebhookRow): OutboundWebhookView => ({
  id: r.id,
  name: r.name,
  format: r.format,
  url: r.url,
  secret: r.secret,
  signature: SIGNATURE_SCHEME,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});

const toDeliveryView = (r: DeliveryRow) => ({
  id: r.id,
  webhookId: r.webhookId,
  event: r.event,
  status: r.status,
  attempts: r.attempts,
  responseStatus: r.responseStatus,
  lastError: r.lastError,
  payload: r.payload,
  createdAt: r.createdAt.toISOString(),
  lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
  deliveredAt: r.deliveredAt?.toISOString() ?? null,
});

async function assertAllowedTarget(url: string, policy: TargetPolicy): Promise<void> {
  const refusal = await refusedTarget(url, policy);
  if (refusal) throw invalid(refusal, { issues: [{ path: 'body.url', message: refusal }] });
}

async function findWebhook(db: Db, orgId: string, id: string): Promise<WebhookRow> {
  const [row] = await db
    .select()
    .from(outboundWebhooks)
    .where(and(eq(outboundWebhooks.orgId, orgId), eq(outboundWebhooks.id, id)));
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listOutboundWebhooks(ctx: Ctx): Promise<OutboundWebhookView[]> {
  authorize(ctx, 'organisation:write');
  const rows = await ctx.db
    .select()
    .from(outboundWebhooks)
    .where(eq(outboundWebhooks.orgId, ctx.orgId))
    .orderBy(outboundWebhooks.createdAt, outboundWebhooks.id);
  return rows.map(toView);
}

export async function getOutboundWebhook(ctx: Ctx, id: string): Promise<OutboundWebhookView> {
  authorize(ctx, 'organisation:write');
  return toView(await findWebhook(ctx.db, ctx.orgId, id));
}

export async function createOutboundWebhook(
  ctx: Ctx,
  input: CreateOutboundWebhookInput,
  targets: TargetPolicy,
): Promise<OutboundWebhookView> {
  authorize(ctx, 'organisation:write');
  await assertAllowedTarget(input.url, targets);
  const id = uuidv7();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(outboundWebhooks)
      .values({ orgId: ctx.orgId, id, ...input, secret: randomToken(32) })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(
      { ...ctx, db: tx },
      'outbound_webhook.created',
      { type: 'outbound_webhook', id },
      {
        format: input.format,
      },
    );
    return toView(row);
  });
}

export async function updateOutboundWebhook(
  ctx: Ctx,
  id: string,
  input: UpdateOutboundWebhookInput,
  targets: TargetPolicy,
): Promise<OutboundWebhookView> {
  authorize(ctx, 'organisation:write');
  if (input.url !== undefined) await assertAllowedTarget(input.url, targets);
  return ctx.db.transaction(async (tx) => {
    const before = await findWebhook(tx, ctx.orgId, id);
    const set = Object.fromEntries(
      Object.entries({
        name: input.name,
        url: input.url,
        active: input.active,
        secret: input.rotateSecret ? randomToken(32) : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    const [row] =
      Object.keys(set).length > 0
        ? await tx
            .update(outboundWebhooks)
            .set(set)
            .where(and(eq(outboundWebhooks.orgId, ctx.orgId), eq(outboundWebhooks.id, id)))
            .returning()
        : [before];
    if (!row) throw notFound('Webhook');
    if (input.active === false) await stopPendingDeliveries(tx, ctx.orgId, { webhookId: id });
    await recordAudit(
      { ...ctx, db: tx },
      'outbound_webhook.updated',
      { type: 'outbound_webhook', id },
      {
        fields: Object.keys(set).map((k) => (k === 'secret' ? 'secret (new)' : k)),
      },
    );
    return toView(row);
  });
}

export async function deleteOutboundWebhook(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'organisation:write');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(outboundWebhooks)
      .where(and(eq(outboundWebhooks.orgId, ctx.orgId), eq(outboundWebhooks.id, id)))
      .returning({ id: outboundWebhooks.id });
    if (!row) throw notFound('Webhook');
    await recordAudit({ ...ctx, db: tx }, 'outbound_webhook.deleted', { type: 'outbound_webhook', id });
  });
}

export async function listOutboundDeliveries(ctx: Ctx, webhookId: string, q: ListOutboundDeliveriesQuery) {
  authorize(ctx, 'organisation:write');
  await findWebhook(ctx.db, ctx.orgId, webhookId);
  const rows = await ctx.db
    .select()
    .from(outboundDeliveries)
    .where(
      and(
        eq(outboundDeliveries.orgId, ctx.orgId),
        eq(outboundDeliveries.webhookId, webhookId),
        q.status ? eq(outboundDeliveries.status, q.status) : undefined,
        newestFirstAfter(q.cursor, outboundDeliveries.createdAt, outboundDeliveries.id),
      ),
    )
    .orderBy(desc(outboundDeliveries.createdAt), desc(outboundDeliveries.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (last) => ({ k: last.createdAt.toISOString(), id: last.id }), toDeliveryView);
}

async function enqueueDelivery(
  db: Db,
  orgId: string,
  webhook: WebhookRow,
  story: OutboundStory,
  orgName: string,
): Promise<string> {
  const id = uuidv7();
  await db.insert(outboundDeliveries).values({
    orgId,
    id,
    webhookId: webhook.id,
    event: 'wall.story',
    // The story, not the formatted body: links are made absolute with PUBLIC_URL when it is sent.
    payload: { organisation: orgName, story },
    createdAt: new Date(),
  });
  await enqueue(db, {
    orgId,
    queue: OUTBOUND_WEBHOOK,
    payload: { deliveryId: id },
    singletonKey: id,
    maxAttempts: MAX_DELIVERY_ATTEMPTS,
  });
  return id;
}

/**
 * Posts a wall story to every active outbound webhook: a delivery row and a durable job each, in
 * the caller's transaction, so a story is posted iff it was stored.
 */
export async function publishWallStory(db: Db, orgId: string, story: OutboundStory): Promise<number> {
  const hooks = await db
    .select()
    .from(outboundWebhooks)
    .where(and(eq(outboundWebhooks.orgId, orgId), eq(outboundWebhooks.active, true)));
  if (hooks.length === 0) return 0;
  const [org] = await db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, orgId));
  for (const hook of hooks) await enqueueDelivery(db, orgId, hook, story, org?.name ?? '');
  return hooks.length;
}

/** Sends a sample story to one webhook, so an admin can check the channel receives it. */
export async function sendTestDelivery(ctx: Ctx, id: string) {
  authorize(ctx, 'organisation:write');
  return ctx.db.transaction(async (tx) => {
    const hook = await findWebhook(tx, ctx.orgId, id);
    const [org] = await tx
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, ctx.orgId));
    const deliveryId = await enqueueDelivery(
      tx,
      ctx.orgId,
      hook,
      {
        type: 'kudos',
        id: uuidv7(),
        at: new Date().toISOString(),
        headline: 'Serviceloop test message',
        text: 'If you can read this, wall stories will arrive here.',
        valueTags: [],
        url: '/recognition/wall',
      },
      org?.name ?? '',
    );
    const [row] = await tx
      .select()
      .from(outboundDeliveries)
      .where(and(eq(outboundDeliveries.orgId, ctx.orgId), eq(outboundDeliveries.id, deliveryId)));
    if (!row) throw new Error('delivery not stored');
    return toDeliveryView(row);
  });
}

const Payload = z.object({ deliveryId: z.uuid() });
const StoredPayload = z.object({ organisation: z.string(), story: OutboundStory });

async function recordAttempt(db: Db, orgId: string, id: string, clock: Clock, set: Partial<DeliveryRow>) {
  await db
    .update(outboundDeliveries)
    .set({ ...set, attempts: sql`${outboundDeliveries.attempts} + 1`, lastAttemptAt: clock.now() })
    .where(and(eq(outboundDeliveries.orgId, orgId), eq(outboundDeliveries.id, id)));
}

/** A switched-off webhook's pending deliveries end as failed, saying why, instead of waiting forever. */
async function stopPendingDeliveries(
  db: Db,
  orgId: string,
  which: { webhookId: string } | { deliveryId: string },
): Promise<void> {
  await db
    .update(outboundDeliveries)
    .set({ status: 'failed', lastError: SWITCHED_OFF })
    .where(
      and(
        eq(outboundDeliveries.orgId, orgId),
        eq(outboundDeliveries.status, 'pending'),
        'webhookId' in which
          ? eq(outboundDeliveries.webhookId, which.webhookId)
          : eq(outboundDeliveries.id, which.deliveryId),
      ),
    );
}

export const SWITCHED_OFF = 'Not sent: the webhook was switched off';

/**
 * The `outbound-webhook` job: POSTs the stored body, signed. A non-2xx answer or a network error
 * throws, so the job runner retries with backoff; the last attempt marks the delivery failed.
 */
export function outboundWebhookHandlers(deps: {
  publicUrl: string;
  outboundWebhooksAllowPrivate?: boolean;
  lookup?: TargetPolicy['lookup'];
}): JobHandlers {
  const targets: TargetPolicy = {
    allowPrivate: deps.outboundWebhooksAllowPrivate ?? false,
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
  };
  return {
    [OUTBOUND_WEBHOOK]: defineJob(Payload, async ({ deliveryId }, job) => {
      const [row] = await job.db
        .select({ delivery: outboundDeliveries, webhook: outboundWebhooks })
        .from(outboundDeliveries)
        .innerJoin(
          outboundWebhooks,
          and(
            eq(outboundWebhooks.orgId, outboundDeliveries.orgId),
            eq(outboundWebhooks.id, outboundDeliveries.webhookId),
          ),
        )
        .where(and(eq(outboundDeliveries.orgId, job.orgId), eq(outboundDeliveries.id, deliveryId)));
      if (row?.delivery.status !== 'pending') return;
      // Switched off after this delivery was queued (switching off stops the pending ones too).
      if (!row.webhook.active) return stopPendingDeliveries(job.db, job.orgId, { deliveryId });
      const stored = StoredPayload.safeParse(row.delivery.payload);
      if (!stored.success) throw new Error(`delivery ${deliveryId} has an unreadable payload`);
      const { organisation, story } = stored.data;
      const absolute = { ...story, url: new URL(story.url, deps.publicUrl).toString() };
      const body = JSON.stringify(storyBody(row.webhook.format, absolute, { name: organisation }));
      const timestamp = String(Math.floor(job.clock.now().getTime() / 1000));
      const last = job.attempt >= MAX_DELIVERY_ATTEMPTS;
      // Checked again here, after resolving the name now: the URL may predate the guard, or its
      // name may since point inside the network. A refused target is not retried.
      const refusal = await refusedTarget(row.webhook.url, targets);
      if (refusal) {
        await recordAttempt(job.db, job.orgId, deliveryId, job.clock, {
          status: 'failed',
          responseStatus: null,
          lastError: `Not sent: ${refusal}`.slice(0, 1000),
        });
        return;
      }
      let status: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(row.webhook.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Serviceloop-Webhooks/1',
            'x-serviceloop-event': row.delivery.event,
            'x-serviceloop-delivery': deliveryId,
            'x-serviceloop-timestamp': timestamp,
            'x-serviceloop-signature': signDelivery(row.webhook.secret, timestamp, body),
          },
          body,
        });
        status = response.status;
        // Read (and drop) the body so the connection is released.
        await response.text().catch(() => '');
        if (!response.ok) error = `HTTP ${response.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      if (error === null) {
        await recordAttempt(job.db, job.orgId, deliveryId, job.clock, {
          status: 'delivered',
          responseStatus: status,
          lastError: null,
          deliveredAt: job.clock.now(),
        });
        return;
      }
      await recordAttempt(job.db, job.orgId, deliveryId, job.clock, {
        status: last ? 'failed' : 'pending',
        responseStatus: status,
        lastError: error.slice(0, 1000),
      });
      throw new Error(`delivery to ${new URL(row.webhook.url).host} failed: ${error}`);
    }),
  };
}
