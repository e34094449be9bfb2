import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import { latestReanalysis, startReanalysis } from './reanalysis.ts';
import {
  PutThemeInput,
  ReanalysisView,
  SetThemeLabelsInput,
  TextModelView,
  ThemeKey,
  ThemeLabelsView,
  ThemeView,
} from './text.api.ts';
import { deleteTheme, listModels, listThemes, putTheme } from './text.service.ts';
import { getThemeLabels, setThemeLabels } from './theme-labels.ts';
import { trainOrganisationSentiment, trainOrganisationThemes } from './train-models.ts';

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
  api.post(
    '/text/models/themes/train',
    {
      schema: {
        tags,
        summary:
          'Train the theme classifier from comments managers labelled with one theme; it adds a theme to a comment only when sure, and is used only when it beats the phrases on held-out comments',
        response: { 200: z.object({ model: TextModelView.nullable() }), ...errorResponses },
      },
    },
    async (request) => ({ model: await trainOrganisationThemes(ctxOf(request)) }),
  );
  api.delete(
    '/text/themes/:key',
    {
      schema: {
        tags,
        summary: 'Remove an organisation theme, or the phrases it added to a default theme (text:manage)',
        params: z.strictObject({ key: ThemeKey }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTheme(ctxOf(request), request.params.key);
      return reply.code(204).send(null);
    },
  );
  api.get(
    '/text/reanalysis',
    {
      schema: {
        tags,
        summary: 'The newest re-analysis of every comment and its progress (null when none ran)',
        response: ok(z.object({ run: ReanalysisView.nullable() })),
      },
    },
    async (request) => ({ run: await latestReanalysis(ctxOf(request)) }),
  );
  api.post(
    '/text/reanalysis',
    {
      schema: {
        tags,
        summary:
          'Re-analyse every comment with the current themes and classifier, in the background (text:manage); supersedes a run in progress',
        response: { 202: ReanalysisView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await startReanalysis(ctxOf(request))),
  );
  api.get(
    '/responses/:id/theme-labels',
    {
      schema: {
        tags,
        summary: 'The themes a manager assigned to this comment',
        params: IdParams,
        response: ok(ThemeLabelsView),
      },
    },
    async (request) => getThemeLabels(ctxOf(request), request.params.id),
  );
  api.put(
    '/responses/:id/theme-labels',
    {
      schema: {
        tags,
        summary:
          "Set the comment's theme labels to exactly these themes (text:manage); training data for the organisation",
        params: IdParams,
        body: SetThemeLabelsInput,
        response: ok(ThemeLabelsView),
      },
    },
    async (request) => setThemeLabels(ctxOf(request), request.params.id, request.body.themes),
  );
}
