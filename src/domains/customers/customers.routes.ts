import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdempotencyHeaders, IdParams } from '../../server/http.ts';
import {
  BatchInteractionsInput,
  BatchItemResult,
  CreateCustomerInput,
  CreateInteractionInput,
  CustomerView,
  InteractionView,
  ListCustomersQuery,
  ListInteractionsQuery,
  UpdateCustomerInput,
} from './customers.api.ts';
import {
  createCustomer,
  getCustomer,
  listCustomers,
  listSegments,
  updateCustomer,
} from './customers.service.ts';
import { registerCustomerImportRoutes } from './customers-import.routes.ts';
import {
  createInteraction,
  createInteractionsBatch,
  getInteraction,
  listInteractions,
} from './interactions.service.ts';

export function registerCustomerRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  registerCustomerImportRoutes(app);

  api.get(
    '/customers',
    {
      schema: {
        tags,
        querystring: ListCustomersQuery,
        response: {
          200: z.object({ items: z.array(CustomerView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listCustomers(ctxOf(request), request.query),
  );
  api.get(
    '/customers/segments',
    {
      schema: {
        tags,
        summary: 'Customer segments in use and how many customers each has, largest first (at most 500)',
        response: {
          200: z.object({ items: z.array(z.object({ segment: z.string(), customers: z.number().int() })) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: await listSegments(ctxOf(request)) }),
  );
  api.post(
    '/customers',
    { schema: { tags, body: CreateCustomerInput, response: { 201: CustomerView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createCustomer(ctxOf(request), request.body)),
  );
  api.get(
    '/customers/:id',
    { schema: { tags, params: IdParams, response: { 200: CustomerView, ...errorResponses } } },
    async (request) => getCustomer(ctxOf(request), request.params.id),
  );
  api.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateCustomerInput,
        response: { 200: CustomerView, ...errorResponses },
      },
    },
    async (request) => updateCustomer(ctxOf(request), request.params.id, request.body),
  );

  api.get(
    '/interactions',
    {
      schema: {
        tags,
        querystring: ListInteractionsQuery,
        response: {
          200: z.object({ items: z.array(InteractionView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listInteractions(ctxOf(request), request.query),
  );
  api.post(
    '/interactions',
    {
      schema: {
        tags,
        summary: 'Record a service interaction; retries with the same Idempotency-Key store it once',
        headers: IdempotencyHeaders,
        body: CreateInteractionInput,
        response: { 200: InteractionView, 201: InteractionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { interaction, replayed } = await createInteraction(
        ctxOf(request),
        request.body,
        request.headers['idempotency-key'],
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).send(interaction);
    },
  );
  api.post(
    '/interactions/batch',
    {
      schema: {
        tags,
        summary: 'Record up to 1,000 interactions; the answer has a status per item',
        body: BatchInteractionsInput,
        response: { 200: z.object({ items: z.array(BatchItemResult) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await createInteractionsBatch(ctxOf(request), request.body.items) }),
  );
  api.get(
    '/interactions/:id',
    { schema: { tags, params: IdParams, response: { 200: InteractionView, ...errorResponses } } },
    async (request) => getInteraction(ctxOf(request), request.params.id),
  );
}
