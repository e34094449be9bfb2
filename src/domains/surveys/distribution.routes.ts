import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams } from '../../server/http.ts';
import {
  CreateDistributionRuleInput,
  DistributionRuleView,
  UpdateDistributionRuleInput,
} from './distribution.api.ts';
import {
  createDistributionRule,
  deleteDistributionRule,
  getDistributionRule,
  listDistributionRules,
  updateDistributionRule,
} from './distribution.service.ts';

export function registerDistributionRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];

  api.get(
    '/distribution-rules',
    {
      schema: {
        tags,
        summary: 'Rules that invite customers by email after their interactions',
        querystring: z.strictObject({ surveyId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(DistributionRuleView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listDistributionRules(ctxOf(request), request.query) }),
  );
  api.post(
    '/distribution-rules',
    {
      schema: {
        tags,
        body: CreateDistributionRuleInput,
        response: { 201: DistributionRuleView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createDistributionRule(ctxOf(request), request.body)),
  );
  api.get(
    '/distribution-rules/:id',
    { schema: { tags, params: IdParams, response: { 200: DistributionRuleView, ...errorResponses } } },
    async (request) => getDistributionRule(ctxOf(request), request.params.id),
  );
  api.patch(
    '/distribution-rules/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateDistributionRuleInput,
        response: { 200: DistributionRuleView, ...errorResponses },
      },
    },
    async (request) => updateDistributionRule(ctxOf(request), request.params.id, request.body),
  );
  api.delete(
    '/distribution-rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a rule; invitations it already scheduled still go out',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteDistributionRule(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
