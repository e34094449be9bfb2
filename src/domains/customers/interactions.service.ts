import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound, statusOf } from '../../server/errors.ts';
import { type Created, createOnce } from '../../server/idempotency.ts';
import { newestFirstAfter, pageOf } from '../../server/pagination.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { resolveEmployeeRefs } from '../people/employees.service.ts';
import { assertTeamExists } from '../people/teams.service.ts';
import { planInvitations } from '../surveys/distribution.service.ts';
import type { CreateInteractionInput, InteractionView, ListInteractionsQuery } from './customers.api.ts';
import { CreateInteractionInput as CreateInteractionSchema } from './customers.api.ts';
import { resolveCustomerRef } from './customers.service.ts';
import { customers, interactionEmployees, interactions } from './customers.tables.ts';

const interactionColumns = {
  id: interactions.id,
  customerId: interactions.customerId,
  customerName: customers.name,
  channel: interactions.channel,
  occurredAt: interactions.occurredAt,
  teamId: interactions.teamId,
  // Qualified by hand: an unqualified `id` inside the subquery would bind to interaction_employees.
  employeeIds: sql<
    string[]
  >`coalesce((select array_agg(ie.employee_id order by ie.employee_id) from interaction_employees ie
    where ie.org_id = "interactions"."org_id" and ie.interaction_id = "interactions"."id"), '{}')`,
  externalRef: interactions.externalRef,
  metadata: interactions.metadata,
  createdAt: interactions.createdAt,
};

type InteractionRow = Omit<InteractionView, 'occurredAt' | 'createdAt'> & {
  occurredAt: Date;
  createdAt: Date;
};
const toView = (r: InteractionRow): InteractionView => ({
  ...r,
  occurredAt: r.occurredAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
});

function selectInteractions(db: Db) {
  return db
    .select(interactionColumns)
    .from(interactions)
    .innerJoin(
      customers,
      and(eq(customers.orgId, interactions.orgId), eq(customers.id, interactions.customerId)),
    );
}

export async function getInteraction(ctx: Ctx, id: string): Promise<InteractionView> {
  authorize(ctx, 'customers:read');
  const [row] = await selectInteractions(ctx.db).where(
    and(eq(interactions.orgId, ctx.orgId), eq(interactions.id, id)),
  );
  if (!row) throw notFound('Interaction');
  return toView(row);
}

export async function listInteractions(ctx: Ctx, q: ListInteractionsQuery) {
  authorize(ctx, 'customers:read');
  const rows = await selectInteractions(ctx.db)
    .where(
      and(
        eq(interactions.orgId, ctx.orgId),
        q.customerId ? eq(interactions.customerId, q.customerId) : undefined,
        q.teamId ? eq(interactions.teamId, q.teamId) : undefined,
        q.channel ? eq(interactions.channel, q.channel) : undefined,
        q.from ? sql`${interactions.occurredAt} >= ${q.from}` : undefined,
        q.to ? sql`${interactions.occurredAt} < ${q.to}` : undefined,
        q.employeeId
          ? sql`exists (select 1 from interaction_employees ie where ie.org_id = "interactions"."org_id"
              and ie.interaction_id = "interactions"."id" and ie.employee_id = ${q.employeeId})`
          : undefined,
        newestFirstAfter(q.cursor, interactions.occurredAt, interactions.id),
      ),
    )
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (last) => ({ k: last.occurredAt.toISOString(), id: last.id }), toView);
}

/**
 * Records one interaction inside `tx`, once per idempotency key. The team defaults to the current
 * team of the (single) employee who served, so a response to it is attributed even when the
 * helpdesk knows only the agent.
 */
export async function createInteractionIn(
  tx: Db,
  ctx: Ctx,
  input: CreateInteractionInput,
  idempotencyKey?: string | null,
): Promise<Created> {
  return createOnce(tx, ctx.orgId, 'interaction', idempotencyKey, input, async (id) => {
    const customerId = await resolveCustomerRef(tx, ctx.orgId, input.customer);
    const employees = await resolveEmployeeRefs(tx, ctx.orgId, input.employeeIds, input.employeeEmails);
    let teamId = input.teamId ?? null;
    if (teamId) await assertTeamExists(tx, ctx.orgId, teamId);
    else if (employees.length === 1 && employees[0]?.teamId) teamId = employees[0].teamId;
    await tx.insert(interactions).values({
      orgId: ctx.orgId,
      id,
      customerId,
      channel: input.channel,
      occurredAt: new Date(input.occurredAt),
      teamId,
      externalRef: input.externalRef ?? null,
      metadata: input.metadata,
    });
    if (employees.length > 0) {
      await tx
        .insert(interactionEmployees)
        .values(employees.map((e) => ({ orgId: ctx.orgId, interactionId: id, employeeId: e.id })));
    }
    await planInvitations(tx, ctx.orgId, id);
  });
}

export async function createInteraction(
  ctx: Ctx,
  input: CreateInteractionInput,
  idempotencyKey?: string | null,
): Promise<{ interaction: InteractionView; replayed: boolean }> {
  authorize(ctx, 'customers:write');
  const created = await ctx.db.transaction((tx) => createInteractionIn(tx, ctx, input, idempotencyKey));
  return { interaction: await getInteraction(ctx, created.id), replayed: created.replayed };
}

export interface BatchResult {
  index: number;
  status: number;
  id?: string;
  replayed?: boolean;
  error?: { code: string; message: string; details?: unknown };
}

/**
 * Up to 1,000 interactions, each validated and stored on its own (a savepoint each), so one bad
 * item never loses the others; the answer says what happened to every item.
 */
export async function createInteractionsBatch(
  ctx: Ctx,
  items: { idempotencyKey?: string | undefined; interaction: unknown }[],
): Promise<BatchResult[]> {
  authorize(ctx, 'customers:write');
  return ctx.db.transaction(async (tx) => {
    const results: BatchResult[] = [];
    for (const [index, item] of items.entries()) {
      const parsed = CreateInteractionSchema.safeParse(item.interaction);
      if (!parsed.success) {
        results.push({
          index,
          status: 400,
          error: {
            code: 'INVALID',
            message: parsed.error.issues
              .map((i) => `${i.path.join('.') || 'interaction'}: ${i.message}`)
              .join('; '),
          },
        });
        continue;
      }
      try {
        const created = await tx.transaction((sp) =>
          createInteractionIn(sp, ctx, parsed.data, item.idempotencyKey),
        );
        results.push({
          index,
          status: created.replayed ? 200 : 201,
          id: created.id,
          replayed: created.replayed,
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({
          index,
          status: statusOf[err.code],
          error: { code: err.code, message: err.message, details: err.details },
        });
      }
    }
    return results;
  });
}

export interface Attribution {
  customerId: string | null;
  interactionId: string | null;
  teamId: string | null;
  channel: string | null;
  employeeIds: string[];
  /** Known when it came for free with the lookup; a reply built without reading back needs it. */
  customerName?: string | null;
}

/**
 * Who and what a response to this interaction is credited to: its customer, team, channel and the
 * employees who served. For other domains' writes, inside their transaction (no permission check).
 */
export async function attributionOf(
  db: Db,
  orgId: string,
  interactionId: string,
): Promise<Attribution | null> {
  return (await attributionsOf(db, orgId, [interactionId])).get(interactionId) ?? null;
}

/** attributionOf for many interactions in one query; unknown ids are absent from the map. */
export async function attributionsOf(
  db: Db,
  orgId: string,
  interactionIds: readonly string[],
): Promise<Map<string, Attribution>> {
  if (interactionIds.length === 0) return new Map();
  const rows = await db
    .select({
      interactionId: interactions.id,
      customerId: interactions.customerId,
      teamId: interactions.teamId,
      channel: interactions.channel,
      employeeIds: interactionColumns.employeeIds,
      customerName: customers.name,
    })
    .from(interactions)
    .innerJoin(
      customers,
      and(eq(customers.orgId, interactions.orgId), eq(customers.id, interactions.customerId)),
    )
    .where(and(eq(interactions.orgId, orgId), inArray(interactions.id, [...new Set(interactionIds)])));
  return new Map(rows.map((row) => [row.interactionId, row]));
}
