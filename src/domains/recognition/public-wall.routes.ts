import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderPublicWall, renderPublicWallNotFound } from './public-wall.page.ts';
import { loadPublicWall } from './public-wall.service.ts';

const Params = z.object({ slug: z.string().max(100) });

/** The public page of published stories, /stories/<organisation slug>: no sign-in, not in the API. */
export async function registerPublicWallRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/stories/:slug', { schema: { hide: true, params: Params } }, async (request, reply) => {
      const wall = /^[a-z0-9-]{1,100}$/.test(request.params.slug)
        ? await loadPublicWall(db, request.params.slug)
        : null;
      // Unpublishing must take effect at once: nothing may keep a copy.
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!wall) return reply.code(404).send(renderPublicWallNotFound());
      return reply.send(renderPublicWall(wall.orgName, wall.timeZone, wall.stories));
    });
}
