import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { IdParams, ok } from '../../server/http.ts';
import {
  EmailPreferencesView,
  NotificationsPage,
  NotificationsQuery,
  NotificationView,
  UpdateEmailPreferencesInput,
} from './notifications.api.ts';
import {
  getMyEmailPreferences,
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  updateMyEmailPreferences,
} from './notifications.service.ts';

/** The signed-in person's own notifications and email preferences (an API key has none). */
export function registerNotificationRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  api.get(
    '/notifications',
    { schema: { tags, querystring: NotificationsQuery, response: ok(NotificationsPage) } },
    async (request) => listMyNotifications(ctxOf(request), request.query),
  );
  api.post(
    '/notifications/:id/read',
    { schema: { tags, params: IdParams, response: ok(NotificationView) } },
    async (request) => markNotificationRead(ctxOf(request), request.params.id),
  );
  api.post(
    '/notifications/read-all',
    { schema: { tags, response: ok(z.object({ updated: z.number().int() })) } },
    async (request) => markAllNotificationsRead(ctxOf(request)),
  );
  api.get(
    '/notifications/preferences',
    { schema: { tags, response: ok(EmailPreferencesView) } },
    async (request) => getMyEmailPreferences(ctxOf(request)),
  );
  api.put(
    '/notifications/preferences',
    { schema: { tags, body: UpdateEmailPreferencesInput, response: ok(EmailPreferencesView) } },
    async (request) => updateMyEmailPreferences(ctxOf(request), request.body),
  );
}
