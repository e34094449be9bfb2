import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { notFound } from '../../server/errors.ts';
import { newestFirstAfter, pageOf } from '../../server/pagination.ts';
import { type Ctx, requireUser } from '../auth/context.ts';
import { employees } from '../people/people.tables.ts';
import type { EmailPreferences, NotificationView } from './notifications.api.ts';
import {
  NOTIFICATION_TOPIC_OF,
  NOTIFICATION_TOPICS,
  type NotificationKind,
  type NotificationTopic,
  notificationEmailPreferences,
  notifications,
} from './notifications.tables.ts';

export const NOTIFICATION_EMAIL = 'notification-email';

export interface NewNotification {
  /** Who is told: one person or several; missing and repeated ids are skipped. */
  to: string | null | undefined | readonly (string | null | undefined)[];
  kind: NotificationKind;
  title: string;
  body?: string | null;
  /** Where the thing is in the app, e.g. `/cases/<id>`. */
  link?: string | null;
  /**
   * The same key for the same person notifies once (in the app and by email), however often it is
   * asked for: jobs and pipelines that may run twice pass one. Without it every call notifies.
   */
  dedupeKey?: string;
  at?: Date;
}

/**
 * Tells people something: an in-app notification each, plus a durable email job for those who
 * have not turned the kind's topic off. Runs in the caller's transaction, so the notification
 * exists exactly when what it tells about does. Returns how many people were newly notified.
 */
export async function notify(tx: Db, orgId: string, n: NewNotification): Promise<number> {
  const to = Array.isArray(n.to) ? n.to : [n.to];
  const people = [...new Set(to.filter((id): id is string => Boolean(id)))];
  let created = 0;
  for (const employeeId of people) {
    const id = uuidv7();
    const [row] = await tx
      .insert(notifications)
      .values({
        orgId,
        id,
        employeeId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? null,
        link: n.link ?? null,
        dedupeKey: n.dedupeKey ?? id,
        createdAt: n.at ?? new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    if (!row) continue;
    created++;
    if (await wantsEmail(tx, orgId, employeeId, NOTIFICATION_TOPIC_OF[n.kind]))
      await enqueue(tx, {
        orgId,
        queue: NOTIFICATION_EMAIL,
        payload: { notificationId: id },
        singletonKey: id,
      });
  }
  return created;
}

const toView = (r: typeof notifications.$inferSelect): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  readAt: r.readAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** Notifications belong to people: an API key has none, and can read or mark none. */
const mine = (ctx: Ctx) =>
  and(eq(notifications.orgId, ctx.orgId), eq(notifications.employeeId, requireUser(ctx).employeeId));

/** The signed-in person's notifications, newest first, a page at a time, with their unread count. */
export async function listMyNotifications(
  ctx: Ctx,
  q: { unread?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined },
) {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(
      and(
        mine(ctx),
        q.unread === 'true' ? isNull(notifications.readAt) : undefined,
        newestFirstAfter(q.cursor, notifications.createdAt, notifications.id),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const [unread] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(ctx), isNull(notifications.readAt)));
  const page = pageOf(rows, q.limit, (r) => ({ k: r.createdAt.toISOString(), id: r.id }), toView);
  return { ...page, unread: unread?.n ?? 0 };
}

/** Marks one of the person's notifications read; anyone else's is unknown (404). */
export async function markNotificationRead(ctx: Ctx, id: string, now = new Date()) {
  // An API key has no notifications: every id is unknown to it, as anyone else's is.
  if (ctx.actor.type !== 'user') throw notFound('Notification');
  const mineToo = mine(ctx);
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: now })
    .where(and(mineToo, eq(notifications.id, id), isNull(notifications.readAt)))
    .returning();
  if (row) return toView(row);
  // Already read: answer it as it is.
  const [read] = await ctx.db
    .select()
    .from(notifications)
    .where(and(mineToo, eq(notifications.id, id)));
  if (!read) throw notFound('Notification');
  return toView(read);
}

export async function markAllNotificationsRead(ctx: Ctx, now = new Date()) {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: now })
    .where(and(mine(ctx), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}

async function preferencesOf(db: Db, orgId: string, employeeId: string): Promise<EmailPreferences> {
  const rows = await db
    .select({ topic: notificationEmailPreferences.topic, email: notificationEmailPreferences.email })
    .from(notificationEmailPreferences)
    .where(
      and(
        eq(notificationEmailPreferences.orgId, orgId),
        eq(notificationEmailPreferences.employeeId, employeeId),
      ),
    );
  const prefs = Object.fromEntries(NOTIFICATION_TOPICS.map((t) => [t, true])) as EmailPreferences;
  for (const r of rows) prefs[r.topic] = r.email;
  return prefs;
}

async function wantsEmail(db: Db, orgId: string, employeeId: string, topic: NotificationTopic) {
  return (await preferencesOf(db, orgId, employeeId))[topic];
}

export async function getMyEmailPreferences(ctx: Ctx): Promise<EmailPreferences> {
  return preferencesOf(ctx.db, ctx.orgId, requireUser(ctx).employeeId);
}

/** Changes the topics given; the others stay as they are. */
export async function updateMyEmailPreferences(
  ctx: Ctx,
  input: Partial<Record<NotificationTopic, boolean | undefined>>,
): Promise<EmailPreferences> {
  const me = requireUser(ctx);
  for (const topic of NOTIFICATION_TOPICS) {
    const email = input[topic];
    if (email === undefined) continue;
    await ctx.db
      .insert(notificationEmailPreferences)
      .values({ orgId: ctx.orgId, employeeId: me.employeeId, topic, email })
      .onConflictDoUpdate({
        target: [
          notificationEmailPreferences.orgId,
          notificationEmailPreferences.employeeId,
          notificationEmailPreferences.topic,
        ],
        set: { email, updatedAt: new Date() },
      });
  }
  return preferencesOf(ctx.db, ctx.orgId, me.employeeId);
}

/**
 * The `notification-email` job: emails one notification to its person, unless they have left or
 * turned its topic off since it was created.
 */
export function notificationEmailHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return {
    [NOTIFICATION_EMAIL]: defineJob(
      z.object({ notificationId: z.uuid() }),
      async ({ notificationId }, job) => {
        const [n] = await job.db
          .select({
            kind: notifications.kind,
            title: notifications.title,
            body: notifications.body,
            link: notifications.link,
            employeeId: notifications.employeeId,
            name: employees.name,
            preferredName: employees.preferredName,
            email: employees.email,
            active: employees.active,
          })
          .from(notifications)
          .innerJoin(
            employees,
            and(eq(employees.orgId, notifications.orgId), eq(employees.id, notifications.employeeId)),
          )
          .where(and(eq(notifications.orgId, job.orgId), eq(notifications.id, notificationId)));
        if (!n?.active) return;
        if (!(await wantsEmail(job.db, job.orgId, n.employeeId, NOTIFICATION_TOPIC_OF[n.kind]))) return;
        const url = `${deps.publicUrl.replace(/\/+$/, '')}${n.link ?? '/'}`;
        await deps.mailer.send({
          to: n.email,
          subject: n.title,
          text: [
            `Hello ${n.preferredName ?? n.name},`,
            ...(n.body ? [n.body] : []),
            `Open it: ${url}`,
            'Choose which notifications you also get by email on your profile page in Serviceloop.',
          ].join('\n\n'),
        });
      },
    ),
  };
}
