import { and, desc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { conflict, forbidden, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx, requireUser, withDb } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { findVisibleCase } from './case-access.ts';
import { limitOf, loadCaseSettings } from './case-settings.service.ts';
import type { GoodwillInput, GoodwillView } from './cases.api.ts';
import { caseEvents, goodwillActions } from './cases.tables.ts';
import { findPeople, managerOf } from './people-lookup.ts';

type GoodwillRow = typeof goodwillActions.$inferSelect;

async function toViews(ctx: Ctx, rows: GoodwillRow[]): Promise<GoodwillView[]> {
  const people = await findPeople(
    ctx.db,
    ctx.orgId,
    rows.flatMap((r) => [r.requestedBy, ...(r.approverId ? [r.approverId] : [])]),
  );
  const person = (id: string | null) => (id ? { id, name: people.get(id)?.name ?? 'Unknown' } : null);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.caseId,
    kind: r.kind,
    amount: r.amount,
    description: r.description,
    status: r.status,
    requestedBy: person(r.requestedBy),
    approver: person(r.approverId),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function listGoodwillOfCase(ctx: Ctx, caseId: string): Promise<GoodwillView[]> {
  const rows = await ctx.db
    .select()
    .from(goodwillActions)
    .where(and(eq(goodwillActions.orgId, ctx.orgId), eq(goodwillActions.caseId, caseId)))
    .orderBy(goodwillActions.createdAt, goodwillActions.id);
  return toViews(ctx, rows);
}

/**
 * The person who decides a request above the requester's limit: the nearest manager up the chain
 * whose own limit covers the amount (the top of the chain when nobody's does).
 */
async function approverFor(ctx: Ctx, requesterId: string, amount: number): Promise<string | null> {
  const settings = await loadCaseSettings(ctx.db, ctx.orgId);
  const seen = new Set([requesterId]);
  let current = requesterId;
  let last: string | null = null;
  for (let level = 0; level < 10; level++) {
    const next = await managerOf(ctx.db, ctx.orgId, current);
    if (!next || seen.has(next)) break;
    seen.add(next);
    last = next;
    const person = (await findPeople(ctx.db, ctx.orgId, [next])).get(next);
    if (person && limitOf(settings, person.role) >= amount) return next;
    current = next;
  }
  return last;
}

/**
 * Records a goodwill action. Within the person's limit it is approved at once (decided on the
 * spot); above it, it waits for the next level, who is notified. Audited either way.
 */
export async function recordGoodwill(ctx: Ctx, caseId: string, input: GoodwillInput, now = new Date()) {
  authorize(ctx, 'cases:write');
  return ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const kase = await findVisibleCase(c, caseId, true);
    // After the lookup, so another organisation's case is a 404 for every caller.
    const user = requireUser(ctx);
    const settings = await loadCaseSettings(tx, ctx.orgId);
    const org = await getOrganisation(c);
    const limit = limitOf(settings, user.role);
    const withinLimit = input.amount <= limit;
    const approverId = withinLimit ? user.employeeId : await approverFor(c, user.employeeId, input.amount);
    const [row] = await tx
      .insert(goodwillActions)
      .values({
        orgId: ctx.orgId,
        id: uuidv7(),
        caseId,
        kind: input.kind,
        amount: input.amount,
        description: input.description ?? null,
        status: withinLimit ? 'approved' : 'pending',
        requestedBy: user.employeeId,
        approverId,
        decidedAt: withinLimit ? now : null,
        createdAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const money = `${input.amount.toFixed(2)} ${org.currency}`;
    await tx.insert(caseEvents).values({
      orgId: ctx.orgId,
      id: uuidv7(),
      caseId,
      kind: 'goodwill',
      actorId: user.employeeId,
      body: input.description ?? null,
      details: { goodwillId: row.id, kind: input.kind, amount: input.amount, status: row.status, limit },
      at: now,
    });
    await recordAudit(
      c,
      withinLimit ? 'goodwill.granted' : 'goodwill.requested',
      { type: 'goodwill', id: row.id },
      {
        caseId,
        kind: input.kind,
        amount: input.amount,
        currency: org.currency,
        limit,
        approverId,
      },
    );
    if (!withinLimit)
      await notify(tx, ctx.orgId, {
        to: [approverId],
        kind: 'goodwill_approval',
        title: `Approval needed: ${input.kind} of ${money}`,
        body: `${kase.reason}${input.description ? ` — ${input.description}` : ''}`,
        link: `/cases/${caseId}`,
        dedupeKey: `goodwill-approval:${row.id}`,
        at: now,
      });
    return (await toViews(c, [row]))[0] as GoodwillView;
  });
}

/**
 * Approves or rejects a pending request. Only someone other than the requester whose own limit
 * covers the amount may decide; the conditional update makes two concurrent decisions settle once.
 */
export async function decideGoodwill(
  ctx: Ctx,
  goodwillId: string,
  input: { approve: boolean; note?: string | undefined },
  now = new Date(),
) {
  authorize(ctx, 'cases:write');
  return ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const [current] = await tx
      .select()
      .from(goodwillActions)
      .where(and(eq(goodwillActions.orgId, ctx.orgId), eq(goodwillActions.id, goodwillId)));
    if (!current) throw notFound('Goodwill action');
    await findVisibleCase(c, current.caseId);
    const user = requireUser(ctx);
    if (current.status !== 'pending') throw conflict(`This request was already ${current.status}`);
    const settings = await loadCaseSettings(tx, ctx.orgId);
    if (current.requestedBy === user.employeeId) throw forbidden('You cannot decide your own request');
    if (input.approve && limitOf(settings, user.role) < current.amount)
      throw forbidden('The amount is above your own limit; the request needs the next level');
    const [row] = await tx
      .update(goodwillActions)
      .set({
        status: input.approve ? 'approved' : 'rejected',
        approverId: user.employeeId,
        decidedAt: now,
        decisionNote: input.note ?? null,
      })
      .where(
        and(
          eq(goodwillActions.orgId, ctx.orgId),
          eq(goodwillActions.id, goodwillId),
          eq(goodwillActions.status, 'pending'),
        ),
      )
      .returning();
    if (!row) throw conflict('This request was decided by someone else just now');
    await tx.insert(caseEvents).values({
      orgId: ctx.orgId,
      id: uuidv7(),
      caseId: row.caseId,
      kind: 'goodwill',
      actorId: user.employeeId,
      body: input.note ?? null,
      details: { goodwillId: row.id, kind: row.kind, amount: row.amount, status: row.status },
      at: now,
    });
    await recordAudit(
      c,
      input.approve ? 'goodwill.approved' : 'goodwill.rejected',
      { type: 'goodwill', id: row.id },
      {
        caseId: row.caseId,
        amount: row.amount,
      },
    );
    await notify(tx, ctx.orgId, {
      to: [row.requestedBy],
      kind: 'goodwill_decided',
      title: `Your ${row.kind} request was ${input.approve ? 'approved' : 'rejected'}`,
      body: input.note ?? null,
      link: `/cases/${row.caseId}`,
      dedupeKey: `goodwill-decided:${row.id}`,
      at: now,
    });
    return (await toViews(c, [row]))[0] as GoodwillView;
  });
}

/** Requests waiting for the signed-in person's decision (or any, for an admin). */
export async function listPendingGoodwill(ctx: Ctx): Promise<GoodwillView[]> {
  authorize(ctx, 'cases:read');
  const user = requireUser(ctx);
  const rows = await ctx.db
    .select()
    .from(goodwillActions)
    .where(
      and(
        eq(goodwillActions.orgId, ctx.orgId),
        eq(goodwillActions.status, 'pending'),
        user.role === 'admin' ? undefined : eq(goodwillActions.approverId, user.employeeId),
      ),
    )
    .orderBy(desc(goodwillActions.createdAt))
    .limit(200);
  return toViews(ctx, rows);
}
