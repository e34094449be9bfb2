import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../server/authentication.ts';
import { errorResponses, IdParams } from '../server/http.ts';
import {
  CreateInboundWebhookInput,
  DeliveryReceipt,
  HookParams,
  InboundWebhookView,
  ListDeliveriesQuery,
  UpdateInboundWebhookInput,
  WebhookDeliveryView,
} from './inbound-webhooks.api.ts';
import {
  createInboundWebhook,
  getInboundWebhook,
  listInboundWebhooks,
  listWebhookDeliveries,
  receiveDelivery,
  updateInboundWebhook,
} from './inbound-webhooks.service.ts';

/** The admin API, under /api/v1. */
export function registerInboundWebhookRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['integrations'];
  const publicUrl = () => app.deps.config.publicUrl;

  api.get(
    '/webhooks/inbound',
    {
      schema: {
        tags,
        response: { 200: z.object({ items: z.array(InboundWebhookView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listInboundWebhooks(ctxOf(request), publicUrl()) }),
  );
  api.post(
    '/webhooks/inbound',
    {
      schema: {
        tags,
        summary: 'Create a helpdesk webhook; the answer has its URL and signing secret',
        body: CreateInboundWebhookInput,
        response: { 201: InboundWebhookView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createInboundWebhook(ctxOf(request), request.body, publicUrl())),
  );
  api.get(
    '/webhooks/inbound/:id',
    { schema: { tags, params: IdParams, response: { 200: InboundWebhookView, ...errorResponses } } },
    async (request) => getInboundWebhook(ctxOf(request), request.params.id, publicUrl()),
  );
  api.patch(
    '/webhooks/inbound/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateInboundWebhookInput,
        response: { 200: InboundWebhookView, ...errorResponses },
      },
    },
    async (request) => updateInboundWebhook(ctxOf(request), request.params.id, request.body, publicUrl()),
  );
  api.get(
    '/webhooks/inbound/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first',
        params: IdParams,
        querystring: ListDeliveriesQuery,
        response: {
          200: z.object({ items: z.array(WebhookDeliveryView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listWebhookDeliveries(ctxOf(request), request.params.id, request.query),
  );
}

/**
 * A request body kept as the bytes that were signed. The field is private so that input guards
 * walking the parsed body (src/server/http.ts) see an empty object, not a million array entries.
 */
export class RawBody {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

/** POST /hooks/:webhookId, public: the webhook's secret signs each delivery instead of an API key. */
export async function registerInboundWebhookReceiver(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // HMACs are over the exact bytes sent, so this scope parses nothing itself: the service
    // checks the signature first and only then reads the bytes as JSON.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, new RawBody(body as Buffer)),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/hooks/:webhookId',
      {
        schema: {
          tags: ['integrations'],
          summary:
            'Receive a helpdesk event (Zendesk, Freshdesk or generic JSON); a solved ticket becomes an interaction',
          security: [],
          params: HookParams,
          response: { 202: DeliveryReceipt, ...errorResponses },
        },
      },
      async (request, reply) => {
        const raw = request.body instanceof RawBody ? request.body.bytes : Buffer.alloc(0);
        const receipt = await receiveDelivery(
          app.deps.database.db,
          request.params.webhookId,
          raw,
          request.headers,
        );
        return reply.code(202).send(receipt);
      },
    );
  });
}
