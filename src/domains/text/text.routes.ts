import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses } from '../../server/http.ts';
import { PutThemeInput, TextModelView, ThemeView } from './text.api.ts';
import { listModels, listThemes, putTheme, trainOrganisationSentiment } from './text.service.ts';

export function registerTextRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['text'];

  api.get(
    '/text/themes',
    {
      schema: {
        tags,
        summary: 'The default themes (with phrases this organisation added) and its own themes',
        response: { 200: z.object({ items: z.array(ThemeView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listThemes(ctxOf(request)) }),
  );
  api.put(
    '/text/themes',
    {
      schema: {
        tags,
        summary: 'Create an organisation theme, or set the example phrases it adds to a default theme',
        body: PutThemeInput,
        response: { 200: ThemeView, ...errorResponses },
      },
    },
    async (request) => putTheme(ctxOf(request), request.body),
  );
  api.get(
    '/text/models',
    {
      schema: {
        tags,
        summary: "The organisation's trained classifiers and how they did against the default",
        response: { 200: z.object({ items: z.array(TextModelView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listModels(ctxOf(request)) }),
  );
  api.post(
    '/text/models/sentiment/train',
    {
      schema: {
        tags,
        summary: 'Train the sentiment classifier from NPS comments (9–10 positive, 0–4 negative)',
        response: { 200: z.object({ model: TextModelView.nullable() }), ...errorResponses },
      },
    },
    async (request) => ({ model: await trainOrganisationSentiment(ctxOf(request)) }),
  );
}
