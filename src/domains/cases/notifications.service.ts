import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { type Ctx, requireUser } from '../auth/context.ts';
import { notifications } from './cases.tables.ts';
import { findPeople } from './people-lookup.ts';

export const NOTIFICATION_EMAIL = 'notification-email';

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string | null;
  caseId?: string | null;
}

/**
 * In-app notifications for these people, each also emailed by a durable job (one per notification,
 * so a retry sends that one email again at most). Inside the caller's transaction.
 */
export async function notify(
  db: Db,
  orgId: string,
  employeeIds: readonly (string | null | undefined)[],
  input: NotificationInput,
  now: Date,
): Promise<void> {
  const to = [...new Set(employeeIds.filter((id): id is string => Boolean(id)))];
  for (const employeeId of to) {
    const id = uuidv7();
    await db.insert(notifications).values({
      orgId,
      id,
      employeeId,
      kind: input.kind,
      title: input.title,
      body: input.body ?? null,
      caseId: input.caseId ?? null,
      createdAt: now,
    });
    await enqueue(db, {
      orgId,
      queue: NOTIFICATION_EMAIL,
      payload: { notificationId: id },
      singletonKey: id,
    });
  }
}

const toView = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  caseId: n.caseId,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

/** The signed-in person's notifications, newest first, unread ones counted. */
export async function listNotifications(ctx: Ctx, q: { unread?: boolean; limit: number }) {
  const me = requireUser(ctx);
  const mine = and(eq(notifications.orgId, ctx.orgId), eq(notifications.employeeId, me.employeeId));
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(mine, q.unread ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit);
  const unread = await ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return { items: rows.map(toView), unread: unread.length };
}

export async function markNotificationsRead(
  ctx: Ctx,
  input: { ids?: string[] | undefined; all?: boolean | undefined },
) {
  const me = requireUser(ctx);
  if (!input.all && (!input.ids || input.ids.length === 0)) return { updated: 0 };
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.orgId, ctx.orgId),
        eq(notifications.employeeId, me.employeeId),
        isNull(notifications.readAt),
        input.all ? undefined : inArray(notifications.id, input.ids ?? []),
      ),
    )
    .returning({ id: notifications.id });
  return { updated: rows.length };
}

/** The job that emails a notification to its person (skipped when they have left). */
export function notificationHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return {
    [NOTIFICATION_EMAIL]: defineJob(
      z.object({ notificationId: z.uuid() }),
      async ({ notificationId }, job) => {
        const [n] = await job.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.orgId, job.orgId), eq(notifications.id, notificationId)));
        if (!n) return;
        const person = (await findPeople(job.db, job.orgId, [n.employeeId])).get(n.employeeId);
        if (!person?.active) return;
        const link = n.caseId ? `${deps.publicUrl}/cases/${n.caseId}` : `${deps.publicUrl}/cases`;
        await deps.mailer.send({
          to: person.email,
          subject: n.title,
          text: `Hello ${person.name},\n\n${n.body ? `${n.body}\n\n` : ''}Open it: ${link}\n\n— Serviceloop`,
        });
      },
    ),
  };
}
