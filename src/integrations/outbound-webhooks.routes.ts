import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../server/authentication.ts';
import { errorResponses, IdParams } from '../server/http.ts';
import {
  CreateOutboundWebhookInput,
  ListOutboundDeliveriesQuery,
  OutboundDeliveryView,
  OutboundWebhookView,
  UpdateOutboundWebhookInput,
} from './outbound-webhooks.api.ts';
import {
  createOutboundWebhook,
  deleteOutboundWebhook,
  getOutboundWebhook,
  listOutboundDeliveries,
  listOutboundWebhooks,
  sendTestDelivery,
  updateOutboundWebhook,
} from './outbound-webhooks.service.ts';
import type { TargetPolicy } from './outbound-webhooks.targets.ts';

const targetPolicy = (request: FastifyRequest): TargetPolicy => ({
  allowPrivate: request.server.deps.config.outboundWebhooksAllowPrivate,
});

/** Admin routes for outbound webhooks (wall stories to Slack, Teams or any signed JSON receiver). */
export function registerOutboundWebhookRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  api.get(
    '/webhooks/outbound',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(OutboundWebhookView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listOutboundWebhooks(ctxOf(request)) }),
  );
  api.post(
    '/webhooks/outbound',
    {
      schema: {
        tags,
        body: CreateOutboundWebhookInput,
        response: { 201: OutboundWebhookView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOutboundWebhook(ctxOf(request), request.body, targetPolicy(request))),
  );
  api.get(
    '/webhooks/outbound/:id',
    { schema: { tags, params: IdParams, response: { 200: OutboundWebhookView, ...errorResponses } } },
    async (request) => getOutboundWebhook(ctxOf(request), request.params.id),
  );
  api.patch(
    '/webhooks/outbound/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateOutboundWebhookInput,
        response: { 200: OutboundWebhookView, ...errorResponses },
      },
    },
    async (request) =>
      updateOutboundWebhook(ctxOf(request), request.params.id, request.body, targetPolicy(request)),
  );
  api.delete(
    '/webhooks/outbound/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteOutboundWebhook(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  api.get(
    '/webhooks/outbound/:id/deliveries',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: ListOutboundDeliveriesQuery,
        response: {
          200: z.object({ items: z.array(OutboundDeliveryView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listOutboundDeliveries(ctxOf(request), request.params.id, request.query),
  );
  api.post(
    '/webhooks/outbound/:id/test',
    {
      schema: {
        tags,
        summary: 'Queue a sample story to this webhook, to check the channel receives it',
        params: IdParams,
        response: { 202: OutboundDeliveryView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await sendTestDelivery(ctxOf(request), request.params.id)),
  );
}
