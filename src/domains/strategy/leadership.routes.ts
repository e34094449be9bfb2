import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../server/authentication.ts';
import { IdParams, ok } from '../../server/http.ts';
import { HomeView } from './home.api.ts';
import { getHome } from './home.service.ts';
import { ScorecardListView, ScorecardQuery, ScorecardView } from './scorecard.api.ts';
import { getScorecard, listScorecards } from './scorecard.service.ts';

export function registerLeadershipRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/home',
    {
      schema: {
        tags: ['home'],
        summary:
          'What matters to me today: priorities to acknowledge, my open cases, recent praise and feedback, training due, my teams against target',
        response: ok(HomeView),
      },
    },
    async (request) => getHome(ctxOf(request)),
  );
  const tags = ['leadership'];
  api.get(
    '/leadership/scorecards',
    {
      schema: {
        tags,
        summary:
          "Leaders' and managers' visible actions over the last months: your own, your reports', everyone's with scorecards:read",
        querystring: ScorecardQuery,
        response: ok(ScorecardListView),
      },
    },
    async (request) => listScorecards(ctxOf(request), request.query),
  );
  api.get(
    '/leadership/scorecards/:id',
    {
      schema: {
        tags,
        summary: "One leader's card, month by month, with their teams' customer and culture scores",
        params: IdParams,
        querystring: ScorecardQuery,
        response: ok(ScorecardView),
      },
    },
    async (request) => getScorecard(ctxOf(request), request.params.id, request.query),
  );
}
