import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  AnswerInternalRoundInput,
  CreateInternalRoundInput,
  InternalMatrixView,
  InternalRoundView,
  OpenInternalRoundView,
} from './internal-service.api.ts';
import {
  answerInternalRound,
  closeInternalRound,
  createInternalRound,
  getInternalRound,
  internalMatrix,
  listInternalRounds,
  myOpenInternalRounds,
} from './internal-service.service.ts';

export function registerInternalServiceRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['culture'];

  api.get(
    '/culture/internal/rounds',
    { schema: { tags, response: ok(z.object({ items: z.array(InternalRoundView) })) } },
    async (request) => ({ items: await listInternalRounds(ctxOf(request)) }),
  );
  api.post(
    '/culture/internal/rounds',
    {
      schema: {
        tags,
        summary: 'Open an internal-service round: the audience rates the named provider teams',
        body: CreateInternalRoundInput,
        response: { 201: InternalRoundView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createInternalRound(ctxOf(request), request.body)),
  );
  api.get(
    '/culture/internal/rounds/open',
    {
      schema: {
        tags,
        summary: 'The open internal-service rounds the signed-in person has not answered',
        response: ok(z.object({ items: z.array(OpenInternalRoundView) })),
      },
    },
    async (request) => myOpenInternalRounds(ctxOf(request)),
  );
  api.get(
    '/culture/internal/rounds/:id',
    { schema: { tags, params: IdParams, response: ok(InternalRoundView) } },
    async (request) => getInternalRound(ctxOf(request), request.params.id),
  );
  api.post(
    '/culture/internal/rounds/:id/close',
    { schema: { tags, params: IdParams, response: ok(InternalRoundView) } },
    async (request) => closeInternalRound(ctxOf(request), request.params.id),
  );
  api.post(
    '/culture/internal/rounds/:id/answers',
    {
      schema: {
        tags,
        summary: 'Rate the teams you use, anonymously (stored without your identity); not your own team',
        params: IdParams,
        body: AnswerInternalRoundInput,
        response: { 201: z.object({ status: z.literal('recorded') }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await answerInternalRound(ctxOf(request), request.params.id, request.body)),
  );
  api.get(
    '/culture/internal/rounds/:id/matrix',
    {
      schema: {
        tags,
        summary: 'Department × provider internal NPS and SERVQUAL means through the anonymity guard',
        params: IdParams,
        response: ok(InternalMatrixView),
      },
    },
    async (request) => internalMatrix(ctxOf(request), request.params.id),
  );
}
