import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams } from '../../server/http.ts';
import { emailCustomer } from './case-email.ts';
import { getCaseReport } from './case-report.ts';
import {
  createCaseRule,
  deleteCaseRule,
  getCaseSettings,
  listCaseRules,
  updateCaseRule,
  updateCaseSettings,
} from './case-settings.service.ts';
import {
  AddNoteInput,
  CaseDetail,
  CaseReport,
  CaseRuleView,
  CaseSettingsView,
  CaseSummary,
  CreateCaseRuleInput,
  DecideGoodwillInput,
  EmailCustomerInput,
  GoodwillInput,
  GoodwillView,
  ListCasesQuery,
  LogContactInput,
  LoyaltyView,
  OpenCaseInput,
  ReportQuery,
  TimelineEntry,
  UpdateCaseInput,
  UpdateCaseRuleInput,
  UpdateCaseSettingsInput,
} from './cases.api.ts';
import { addNote, getCase, listCases, logContact, openCase, updateCase } from './cases.service.ts';
import { decideGoodwill, listPendingGoodwill, recordGoodwill } from './goodwill.service.ts';
import { getCustomerTimeline, getLoyalty } from './loyalty.service.ts';

export function registerCaseRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];
  const detail = { 200: CaseDetail, ...errorResponses };

  api.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'The case inbox: overdue first, then by the next deadline',
        querystring: ListCasesQuery,
        response: {
          200: z.object({ items: z.array(CaseSummary), truncated: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listCases(ctxOf(request), request.query),
  );
  api.post(
    '/cases',
    {
      schema: {
        tags,
        summary: 'Open a case by hand on a response or a customer',
        body: OpenCaseInput,
        response: { 201: CaseDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await openCase(ctxOf(request), request.body)),
  );
  api.get(
    '/cases/report',
    { schema: { tags, querystring: ReportQuery, response: { 200: CaseReport, ...errorResponses } } },
    async (request) => getCaseReport(ctxOf(request), request.query),
  );
  api.get('/cases/:id', { schema: { tags, params: IdParams, response: detail } }, async (request) =>
    getCase(ctxOf(request), request.params.id),
  );
  api.patch(
    '/cases/:id',
    { schema: { tags, params: IdParams, body: UpdateCaseInput, response: detail } },
    async (request) => updateCase(ctxOf(request), request.params.id, request.body),
  );
  api.post(
    '/cases/:id/notes',
    { schema: { tags, params: IdParams, body: AddNoteInput, response: detail } },
    async (request) => addNote(ctxOf(request), request.params.id, request.body.body),
  );
  api.post(
    '/cases/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Log a call or email with the customer; reaching them is the first contact',
        params: IdParams,
        body: LogContactInput,
        response: detail,
      },
    },
    async (request) => logContact(ctxOf(request), request.params.id, request.body),
  );
  api.post(
    '/cases/:id/emails',
    {
      schema: {
        tags,
        summary: 'Email the customer from the case (logged, sent by a durable job)',
        params: IdParams,
        body: EmailCustomerInput,
        response: {
          202: z.object({ id: z.uuid(), to: z.string(), subject: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await emailCustomer(ctxOf(request), request.params.id, request.body)),
  );
  api.post(
    '/cases/:id/goodwill',
    {
      schema: {
        tags,
        summary: 'Record a goodwill action: approved at once within your limit, else sent for approval',
        params: IdParams,
        body: GoodwillInput,
        response: { 201: GoodwillView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordGoodwill(ctxOf(request), request.params.id, request.body)),
  );
  api.get(
    '/goodwill/pending',
    { schema: { tags, response: { 200: z.object({ items: z.array(GoodwillView) }), ...errorResponses } } },
    async (request) => ({ items: await listPendingGoodwill(ctxOf(request)) }),
  );
  api.post(
    '/goodwill/:id/decision',
    {
      schema: {
        tags,
        params: IdParams,
        body: DecideGoodwillInput,
        response: { 200: GoodwillView, ...errorResponses },
      },
    },
    async (request) => decideGoodwill(ctxOf(request), request.params.id, request.body),
  );

  api.get(
    '/case-settings',
    { schema: { tags, response: { 200: CaseSettingsView, ...errorResponses } } },
    async (request) => getCaseSettings(ctxOf(request)),
  );
  api.patch(
    '/case-settings',
    {
      schema: { tags, body: UpdateCaseSettingsInput, response: { 200: CaseSettingsView, ...errorResponses } },
    },
    async (request) => updateCaseSettings(ctxOf(request), request.body),
  );
  api.get(
    '/case-rules',
    { schema: { tags, response: { 200: z.object({ items: z.array(CaseRuleView) }), ...errorResponses } } },
    async (request) => ({ items: await listCaseRules(ctxOf(request)) }),
  );
  api.post(
    '/case-rules',
    { schema: { tags, body: CreateCaseRuleInput, response: { 201: CaseRuleView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createCaseRule(ctxOf(request), request.body)),
  );
  api.patch(
    '/case-rules/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateCaseRuleInput,
        response: { 200: CaseRuleView, ...errorResponses },
      },
    },
    async (request) => updateCaseRule(ctxOf(request), request.params.id, request.body),
  );
  api.delete(
    '/case-rules/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteCaseRule(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/customers/:id/loyalty',
    {
      schema: {
        tags: ['customers', ...tags],
        params: IdParams,
        response: { 200: LoyaltyView, ...errorResponses },
      },
    },
    async (request) => getLoyalty(ctxOf(request), request.params.id),
  );
  api.get(
    '/customers/:id/timeline',
    {
      schema: {
        tags: ['customers', ...tags],
        params: IdParams,
        response: { 200: z.object({ items: z.array(TimelineEntry) }), ...errorResponses },
      },
    },
    async (request) => getCustomerTimeline(ctxOf(request), request.params.id),
  );
}
