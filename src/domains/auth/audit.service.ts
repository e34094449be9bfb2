import { and, desc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { newestFirstAfter, pageOf } from '../../server/pagination.ts';
import { employees } from '../people/people.tables.ts';
import { apiKeys, auditEvents } from './auth.tables.ts';
import { authorize, type Ctx } from './context.ts';

export interface AuditTarget {
  type: string;
  id: string | null;
}

/** Records a security-relevant action in the caller's transaction, so it exists iff the action does. */
export async function recordAudit(
  ctx: Ctx,
  action: string,
  target: AuditTarget | null = null,
  details: Record<string, unknown> = {},
): Promise<void> {
  const actorId =
    ctx.actor.type === 'user' ? ctx.actor.employeeId : ctx.actor.type === 'api_key' ? ctx.actor.keyId : null;
  await ctx.db.insert(auditEvents).values({
    orgId: ctx.orgId,
    id: uuidv7(),
    actorType: ctx.actor.type,
    actorId,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    ip: ctx.ip ?? null,
    details,
  });
}

export async function listAuditEvents(ctx: Ctx, options: { limit: number; cursor?: string | undefined }) {
  authorize(ctx, 'audit:read');
  const rows = await ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      employeeName: employees.name,
      keyName: apiKeys.name,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      ip: auditEvents.ip,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(
      employees,
      and(
        eq(auditEvents.actorType, 'user'),
        eq(employees.orgId, auditEvents.orgId),
        eq(employees.id, auditEvents.actorId),
      ),
    )
    .leftJoin(
      apiKeys,
      and(
        eq(auditEvents.actorType, 'api_key'),
        eq(apiKeys.orgId, auditEvents.orgId),
        eq(apiKeys.id, auditEvents.actorId),
      ),
    )
    .where(
      and(eq(auditEvents.orgId, ctx.orgId), newestFirstAfter(options.cursor, auditEvents.at, auditEvents.id)),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(options.limit + 1);
  return pageOf(
    rows,
    options.limit,
    (last) => ({ k: last.at.toISOString(), id: last.id }),
    ({ employeeName, keyName, ...e }) => ({
      ...e,
      at: e.at.toISOString(),
      actorName: employeeName ?? keyName ?? null,
    }),
  );
}
