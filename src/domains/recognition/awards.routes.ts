import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  decideNomination,
  getAwardRound,
  listAwardRounds,
  nominate,
  openAwardRound,
} from './awards.service.ts';
import {
  AwardRoundView,
  CreateAwardRoundInput,
  DecideNominationInput,
  NominateInput,
  NominationView,
} from './recognition.api.ts';

export function registerAwardRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recognition'];

  api.get(
    '/recognition/awards',
    {
      schema: {
        tags,
        summary: 'Award rounds: nominations for a periodic award, with their winners',
        response: ok(z.object({ items: z.array(AwardRoundView) })),
      },
    },
    async (request) => ({ items: await listAwardRounds(ctxOf(request)) }),
  );
  api.post(
    '/recognition/awards',
    {
      schema: {
        tags,
        summary: 'Open an award round for nominations (managers and leaders)',
        body: CreateAwardRoundInput,
        response: { 201: AwardRoundView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await openAwardRound(ctxOf(request), request.body)),
  );
  api.get(
    '/recognition/awards/:id',
    { schema: { tags, params: IdParams, response: ok(AwardRoundView) } },
    async (request) => getAwardRound(ctxOf(request), request.params.id),
  );
  api.post(
    '/recognition/awards/:id/nominations',
    {
      schema: {
        tags,
        summary: 'Nominate a colleague, with a reason and optionally evidence',
        params: IdParams,
        body: NominateInput,
        response: { 201: NominationView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await nominate(ctxOf(request), request.params.id, request.body)),
  );
  api.post(
    '/recognition/nominations/:id/decision',
    {
      schema: {
        tags,
        summary: 'The round’s owner approves a nomination (a winner, celebrated on the wall) or rejects it',
        params: IdParams,
        body: DecideNominationInput,
        response: ok(NominationView),
      },
    },
    async (request) => decideNomination(ctxOf(request), request.params.id, request.body.decision),
  );
}
