import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  createStatement,
  getCultureSettings,
  listStatements,
  updateCultureSettings,
  updateStatement,
} from './bank.service.ts';
import { loyaltyLink } from './loyalty-link.service.ts';
import {
  AnswerPulseInput,
  CommentsQuery,
  CommentsView,
  CreatePulseInput,
  CreateStatementInput,
  CultureSettingsView,
  HeatmapView,
  LoyaltyLinkQuery,
  LoyaltyLinkView,
  OpenPulseView,
  PulseView,
  ResultsQuery,
  StatementView,
  TrendQuery,
  TrendView,
  UpdateCultureSettingsInput,
  UpdateStatementInput,
} from './pulse.api.ts';
import { pulseResultsCsv } from './pulse-export.ts';
import {
  answerPulse,
  closePulse,
  createPulse,
  getPulse,
  listPulses,
  myOpenPulses,
  requestReminder,
} from './pulses.service.ts';
import { pulseComments, pulseHeatmap, pulseTrend } from './results.service.ts';

export function registerCulturePulseRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['culture'];

  api.get(
    '/culture/settings',
    { schema: { tags, summary: 'The anonymity thresholds', response: ok(CultureSettingsView) } },
    async (request) => getCultureSettings(ctxOf(request)),
  );
  api.patch(
    '/culture/settings',
    { schema: { tags, body: UpdateCultureSettingsInput, response: ok(CultureSettingsView) } },
    async (request) => updateCultureSettings(ctxOf(request), request.body),
  );

  api.get(
    '/culture/statements',
    {
      schema: {
        tags,
        summary: 'The statement bank (seeded with the default bank on first use), retired ones included',
        response: ok(z.object({ items: z.array(StatementView) })),
      },
    },
    async (request) => ({ items: await listStatements(ctxOf(request)) }),
  );
  api.post(
    '/culture/statements',
    { schema: { tags, body: CreateStatementInput, response: { 201: StatementView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createStatement(ctxOf(request), request.body)),
  );
  api.patch(
    '/culture/statements/:id',
    { schema: { tags, params: IdParams, body: UpdateStatementInput, response: ok(StatementView) } },
    async (request) => updateStatement(ctxOf(request), request.params.id, request.body),
  );

  api.get(
    '/culture/pulses',
    { schema: { tags, response: ok(z.object({ items: z.array(PulseView) })) } },
    async (request) => ({ items: await listPulses(ctxOf(request)) }),
  );
  api.post(
    '/culture/pulses',
    {
      schema: {
        tags,
        summary: 'Schedule a pulse; a recurring one creates the next when it closes',
        body: CreatePulseInput,
        response: { 201: PulseView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createPulse(ctxOf(request), request.body)),
  );
  api.get(
    '/culture/pulses/open',
    {
      schema: {
        tags,
        summary: 'The open pulses the signed-in person has not answered',
        response: ok(z.object({ items: z.array(OpenPulseView) })),
      },
    },
    async (request) => myOpenPulses(ctxOf(request)),
  );
  api.get(
    '/culture/pulses/:id',
    { schema: { tags, params: IdParams, response: ok(PulseView) } },
    async (request) => getPulse(ctxOf(request), request.params.id),
  );
  api.post(
    '/culture/pulses/:id/close',
    { schema: { tags, params: IdParams, response: ok(PulseView) } },
    async (request) => closePulse(ctxOf(request), request.params.id),
  );
  api.post(
    '/culture/pulses/:id/reminders',
    {
      schema: {
        tags,
        summary: 'Email everyone asked who has not answered (at most once a day); names nobody',
        params: IdParams,
        response: { 202: z.object({ queued: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await requestReminder(ctxOf(request), request.params.id)),
  );
  api.post(
    '/culture/pulses/:id/answers',
    {
      schema: {
        tags,
        summary: 'Answer a pulse, anonymously (stored without your identity)',
        params: IdParams,
        body: AnswerPulseInput,
        response: { 201: z.object({ status: z.literal('recorded') }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await answerPulse(ctxOf(request), request.params.id, request.body)),
  );

  api.get(
    '/culture/pulses/:id/heatmap',
    {
      schema: {
        tags,
        summary: 'Construct × team results through the anonymity guard',
        params: IdParams,
        querystring: ResultsQuery,
        response: ok(HeatmapView),
      },
    },
    async (request) => pulseHeatmap(ctxOf(request), request.params.id, request.query),
  );
  api.get(
    '/culture/pulses/:id/export',
    {
      schema: {
        tags,
        summary: 'The heatmap as CSV: one row per group, exactly what the anonymity guard releases to you',
        params: IdParams,
        querystring: ResultsQuery,
        produces: ['text/csv'],
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="pulse-results.csv"')
        .send(await pulseResultsCsv(ctxOf(request), request.params.id, request.query)),
  );
  api.get(
    '/culture/pulses/:id/comments',
    {
      schema: { tags, params: IdParams, querystring: CommentsQuery, response: ok(CommentsView) },
    },
    async (request) => pulseComments(ctxOf(request), request.params.id, request.query.teamId),
  );
  api.get(
    '/culture/pulses/:id/loyalty-link',
    {
      schema: {
        tags,
        summary:
          "Per team, the pulse's culture score against customers' NPS or CSAT over the quarter: Pearson's r with its 95 % interval",
        params: IdParams,
        querystring: LoyaltyLinkQuery,
        response: ok(LoyaltyLinkView),
      },
    },
    async (request) => loyaltyLink(ctxOf(request), request.params.id, request.query),
  );
  api.get(
    '/culture/trend',
    { schema: { tags, querystring: TrendQuery, response: ok(TrendView) } },
    async (request) => pulseTrend(ctxOf(request), request.query.teamId),
  );
}
