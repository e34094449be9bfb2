import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../server/authentication.ts';
import { errorResponses } from '../server/http.ts';
import { listDeadJobs } from './jobs.ts';

const DeadJobView = z.object({
  id: z.uuid(),
  queue: z.string(),
  payload: z.unknown(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  runAt: z.string(),
  deadAt: z.string(),
  createdAt: z.string(),
});

export function registerJobRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/jobs/dead',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Background jobs that failed every attempt, with their last error (admins)',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(DeadJobView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listDeadJobs(ctxOf(request), request.query.limit) }),
  );
}
