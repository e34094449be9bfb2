import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { created, IdParams, ok } from '../../server/http.ts';
import {
  AgendaSuggestionsQuery,
  AgendaSuggestionsView,
  CheckInInput,
  CreateGoalInput,
  CreateOneOnOneInput,
  GoalView,
  ListGoalsQuery,
  ListOneOnOnesQuery,
  OneOnOneView,
  UpdateGoalInput,
  UpdateOneOnOneInput,
} from './coaching.api.ts';
import {
  agendaSuggestions,
  checkIn,
  createGoal,
  createOneOnOne,
  getGoal,
  getOneOnOne,
  listGoals,
  listOneOnOnes,
  updateGoal,
  updateOneOnOne,
} from './coaching.service.ts';

export function registerCoachingRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['coaching'];

  api.get(
    '/one-on-ones',
    {
      schema: {
        tags,
        summary: 'Your 1:1s, or those of one of your reports',
        querystring: ListOneOnOnesQuery,
        response: ok(z.object({ items: z.array(OneOnOneView) })),
      },
    },
    async (request) => listOneOnOnes(ctxOf(request), request.query),
  );
  api.post(
    '/one-on-ones',
    {
      schema: {
        tags,
        summary: 'Plan a 1:1 with one of your reports',
        body: CreateOneOnOneInput,
        response: created(OneOnOneView),
      },
    },
    async (request, reply) => reply.code(201).send(await createOneOnOne(ctxOf(request), request.body)),
  );
  api.get(
    '/one-on-ones/suggestions',
    {
      schema: {
        tags,
        summary: 'Agenda suggestions from recent customer comments, cases, feedback and goals',
        querystring: AgendaSuggestionsQuery,
        response: ok(AgendaSuggestionsView),
      },
    },
    async (request) => agendaSuggestions(ctxOf(request), request.query.employeeId),
  );
  api.get(
    '/one-on-ones/:id',
    { schema: { tags, params: IdParams, response: ok(OneOnOneView) } },
    async (request) => getOneOnOne(ctxOf(request), request.params.id),
  );
  api.patch(
    '/one-on-ones/:id',
    { schema: { tags, params: IdParams, body: UpdateOneOnOneInput, response: ok(OneOnOneView) } },
    async (request) => updateOneOnOne(ctxOf(request), request.params.id, request.body),
  );

  api.get(
    '/coaching-goals',
    {
      schema: {
        tags,
        summary: 'Your coaching goals, or those of one of your reports',
        querystring: ListGoalsQuery,
        response: ok(z.object({ items: z.array(GoalView) })),
      },
    },
    async (request) => listGoals(ctxOf(request), request.query),
  );
  api.post(
    '/coaching-goals',
    {
      schema: {
        tags,
        summary: 'Set a goal for yourself or with one of your reports',
        body: CreateGoalInput,
        response: created(GoalView),
      },
    },
    async (request, reply) => reply.code(201).send(await createGoal(ctxOf(request), request.body)),
  );
  api.get(
    '/coaching-goals/:id',
    { schema: { tags, params: IdParams, response: ok(GoalView) } },
    async (request) => getGoal(ctxOf(request), request.params.id),
  );
  api.patch(
    '/coaching-goals/:id',
    { schema: { tags, params: IdParams, body: UpdateGoalInput, response: ok(GoalView) } },
    async (request) => updateGoal(ctxOf(request), request.params.id, request.body),
  );
  api.post(
    '/coaching-goals/:id/check-ins',
    {
      schema: {
        tags,
        summary: 'Record progress on a goal (0-100) with a note',
        params: IdParams,
        body: CheckInInput,
        response: created(GoalView),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await checkIn(ctxOf(request), request.params.id, request.body)),
  );
}
