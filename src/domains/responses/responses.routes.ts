import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GroupCommitter } from '../../db/group-commit.ts';
import { ctxOf } from '../../server/authentication.ts';
import { AppError, statusOf } from '../../server/errors.ts';
import { errorResponses, IdempotencyHeaders, IdParams } from '../../server/http.ts';
import type { Ctx } from '../auth/context.ts';
import { BatchItemResult } from '../customers/customers.api.ts';
import {
  BatchResponsesInput,
  ListResponsesQuery,
  ResponseView,
  SubmitResponseInput,
} from './responses.api.ts';
import { getResponse, listResponses, submitResponse, validateResponse } from './responses.service.ts';
import { registerResponseImportRoutes } from './responses-import.routes.ts';

export function registerResponseRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['responses'];
  registerResponseImportRoutes(app);

  api.get(
    '/responses',
    {
      schema: {
        tags,
        querystring: ListResponsesQuery,
        response: {
          200: z.object({ items: z.array(ResponseView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listResponses(ctxOf(request), request.query),
  );
  api.post(
    '/responses',
    {
      schema: {
        tags,
        summary:
          'Store a survey response. Acknowledged only after commit; one record per Idempotency-Key, and one per invitation token',
        headers: IdempotencyHeaders,
        body: SubmitResponseInput,
        response: { 200: ResponseView, 201: ResponseView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { response, stored } = await submitResponse(
        ctxOf(request),
        app.deps.responseWriter,
        request.body,
        request.headers['idempotency-key'],
      );
      if (stored.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(stored.replayed || stored.amended ? 200 : 201).send(response);
    },
  );
  api.post(
    '/responses/validate',
    {
      schema: {
        tags,
        summary: 'Check a response body exactly as POST /responses would, and store nothing',
        body: SubmitResponseInput,
        response: {
          200: z.object({
            valid: z.literal(true),
            score: z.number().nullable(),
            comment: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => validateResponse(ctxOf(request), request.body),
  );
  api.post(
    '/responses/batch',
    {
      schema: {
        tags,
        summary: 'Store up to 1,000 responses; the answer has a status per item',
        body: BatchResponsesInput,
        response: { 200: z.object({ items: z.array(BatchItemResult) }), ...errorResponses },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      // Each item goes through the group committer on its own, so they share transactions while
      // one bad item never undoes another. Items repeating an earlier item's Idempotency-Key wait
      // for it, so the first is the one stored and the repeats are its replays.
      const previousWithKey = new Map<string, Promise<unknown>>();
      const items = await Promise.all(
        request.body.items.map(async (item, index) => {
          const earlier = item.idempotencyKey ? previousWithKey.get(item.idempotencyKey) : undefined;
          const result = (async () => {
            await earlier;
            return storeBatchItem(ctx, app.deps.responseWriter, item, index);
          })();
          if (item.idempotencyKey) previousWithKey.set(item.idempotencyKey, result);
          return result;
        }),
      );
      return { items };
    },
  );
  api.get(
    '/responses/:id',
    { schema: { tags, params: IdParams, response: { 200: ResponseView, ...errorResponses } } },
    async (request) => getResponse(ctxOf(request), request.params.id),
  );
}

async function storeBatchItem(
  ctx: Ctx,
  writer: GroupCommitter,
  item: { idempotencyKey?: string | undefined; response?: unknown },
  index: number,
) {
  const parsed = SubmitResponseInput.safeParse(item.response);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'response'}: ${i.message}`)
      .join('; ');
    return { index, status: 400, error: { code: 'INVALID', message } };
  }
  try {
    const { stored } = await submitResponse(ctx, writer, parsed.data, item.idempotencyKey);
    return {
      index,
      status: stored.replayed || stored.amended ? 200 : 201,
      id: stored.id,
      replayed: stored.replayed,
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return {
      index,
      status: statusOf[err.code],
      error: { code: err.code, message: err.message, details: err.details },
    };
  }
}
