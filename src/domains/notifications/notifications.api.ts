import { z } from 'zod';
import { PageQuery } from '../../server/pagination.ts';
import { NOTIFICATION_KINDS, type NotificationTopic } from './notifications.tables.ts';

export const NotificationView = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string().nullable(),
  /** Where the thing is in the app (a path such as `/cases/<id>`), if anywhere. */
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationsQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional(),
}).strict();

export const NotificationsPage = z.object({
  items: z.array(NotificationView),
  nextCursor: z.string().nullable(),
  /** All of the person's unread notifications, not only this page's. */
  unread: z.number().int(),
});

/** Per topic: does the person also want these notifications by email. */
export const EmailPreferencesView = z.object({
  cases: z.boolean(),
  kudos: z.boolean(),
  praise: z.boolean(),
  feedback: z.boolean(),
  strategy: z.boolean(),
  training: z.boolean(),
} satisfies Record<NotificationTopic, z.ZodBoolean>);
export type EmailPreferences = z.infer<typeof EmailPreferencesView>;
/** Only the topics given change. */
export const UpdateEmailPreferencesInput = EmailPreferencesView.partial().strict();
