import { and, desc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { notFound } from '../../server/errors.ts';
import { authorize, type Ctx, requireUser } from '../auth/context.ts';
import { employees } from '../people/people.tables.ts';
import {
  type NotificationKind,
  recognitionEmailPreferences,
  recognitionNotifications,
} from './recognition.tables.ts';

export const RECOGNITION_EMAIL = 'recognition-email';

export interface NewNotification {
  employeeId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string | null;
  /** The same key for the same person creates one notification, however often it is asked for. */
  dedupeKey: string;
  at?: Date;
}

/**
 * An in-app notification, plus an email job when it is new (the person's preferences are read
 * when the email is sent). Runs in the caller's transaction.
 */
export async function notify(db: Db, orgId: string, n: NewNotification): Promise<boolean> {
  const [row] = await db
    .insert(recognitionNotifications)
    .values({
      orgId,
      id: uuidv7(),
      employeeId: n.employeeId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      dedupeKey: n.dedupeKey,
      createdAt: n.at ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: recognitionNotifications.id });
  if (!row) return false;
  await enqueue(db, {
    orgId,
    queue: RECOGNITION_EMAIL,
    payload: { notificationId: row.id },
    singletonKey: row.id,
  });
  return true;
}

type NotificationRow = typeof recognitionNotifications.$inferSelect;
const toView = (r: NotificationRow) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  readAt: r.readAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export async function listMyNotifications(
  ctx: Ctx,
  q: { unread?: 'true' | 'false' | undefined; limit: number },
) {
  authorize(ctx, 'recognition:read');
  const me = requireUser(ctx);
  const rows = await ctx.db
    .select()
    .from(recognitionNotifications)
    .where(
      and(
        eq(recognitionNotifications.orgId, ctx.orgId),
        eq(recognitionNotifications.employeeId, me.employeeId),
        q.unread === 'true' ? isNull(recognitionNotifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(recognitionNotifications.createdAt), desc(recognitionNotifications.id))
    .limit(q.limit);
  return { items: rows.map(toView) };
}

export async function markNotificationRead(ctx: Ctx, id: string) {
  authorize(ctx, 'recognition:read');
  // Notifications belong to people: for an API key every id is unknown.
  if (ctx.actor.type !== 'user') throw notFound('Notification');
  const me = ctx.actor;
  const [row] = await ctx.db
    .update(recognitionNotifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(recognitionNotifications.orgId, ctx.orgId),
        eq(recognitionNotifications.id, id),
        eq(recognitionNotifications.employeeId, me.employeeId),
      ),
    )
    .returning();
  if (!row) throw notFound('Notification');
  return toView(row);
}

const ALL_ON = { kudos: true, praise: true, feedback: true };

async function preferencesOf(db: Db, orgId: string, employeeId: string) {
  const [row] = await db
    .select()
    .from(recognitionEmailPreferences)
    .where(
      and(
        eq(recognitionEmailPreferences.orgId, orgId),
        eq(recognitionEmailPreferences.employeeId, employeeId),
      ),
    );
  return row ? { kudos: row.kudos, praise: row.praise, feedback: row.feedback } : ALL_ON;
}

export async function getMyEmailPreferences(ctx: Ctx) {
  authorize(ctx, 'recognition:read');
  return preferencesOf(ctx.db, ctx.orgId, requireUser(ctx).employeeId);
}

export async function updateMyEmailPreferences(
  ctx: Ctx,
  input: { kudos?: boolean | undefined; praise?: boolean | undefined; feedback?: boolean | undefined },
) {
  authorize(ctx, 'recognition:read');
  const me = requireUser(ctx);
  const next = { ...(await preferencesOf(ctx.db, ctx.orgId, me.employeeId)) };
  if (input.kudos !== undefined) next.kudos = input.kudos;
  if (input.praise !== undefined) next.praise = input.praise;
  if (input.feedback !== undefined) next.feedback = input.feedback;
  await ctx.db
    .insert(recognitionEmailPreferences)
    .values({ orgId: ctx.orgId, employeeId: me.employeeId, ...next })
    .onConflictDoUpdate({
      target: [recognitionEmailPreferences.orgId, recognitionEmailPreferences.employeeId],
      set: next,
    });
  return next;
}

const PREFERENCE_OF: Record<NotificationKind, keyof typeof ALL_ON> = {
  kudos: 'kudos',
  praise: 'praise',
  praise_suggestion: 'praise',
  feedback: 'feedback',
  feedback_reply: 'feedback',
};

const Payload = z.object({ notificationId: z.uuid() });

/** The `recognition-email` job: emails a notification unless the person turned that kind off. */
export function recognitionEmailHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return {
    [RECOGNITION_EMAIL]: defineJob(Payload, async ({ notificationId }, job) => {
      const [n] = await job.db
        .select({
          kind: recognitionNotifications.kind,
          title: recognitionNotifications.title,
          body: recognitionNotifications.body,
          link: recognitionNotifications.link,
          employeeId: recognitionNotifications.employeeId,
          email: employees.email,
          active: employees.active,
        })
        .from(recognitionNotifications)
        .innerJoin(
          employees,
          and(
            eq(employees.orgId, recognitionNotifications.orgId),
            eq(employees.id, recognitionNotifications.employeeId),
          ),
        )
        .where(
          and(eq(recognitionNotifications.orgId, job.orgId), eq(recognitionNotifications.id, notificationId)),
        );
      if (!n?.active) return;
      const preferences = await preferencesOf(job.db, job.orgId, n.employeeId);
      if (!preferences[PREFERENCE_OF[n.kind]]) return;
      const url = n.link ? new URL(n.link, deps.publicUrl).toString() : deps.publicUrl;
      await deps.mailer.send({
        to: n.email,
        subject: n.title,
        text: `${n.body}\n\n${url}\n\nChoose which emails you get on your profile page in Serviceloop.`,
      });
    }),
  };
}
