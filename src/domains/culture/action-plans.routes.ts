import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  ActionPlansPage,
  ActionPlanView,
  ActionReportQuery,
  ActionReportView,
  CreateActionPlanInput,
  ListActionPlansQuery,
  ProgressInput,
  UpdateActionPlanInput,
} from './action-plans.api.ts';
import {
  actionReport,
  addProgress,
  createActionPlan,
  getActionPlan,
  listActionPlans,
  updateActionPlan,
} from './action-plans.service.ts';

export function registerActionPlanRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['culture'];

  api.post(
    '/culture/action-plans',
    {
      schema: {
        tags,
        summary: 'Answer a result with an action for a team ("you said, we did")',
        body: CreateActionPlanInput,
        response: { 201: ActionPlanView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createActionPlan(ctxOf(request), request.body)),
  );
  api.get(
    '/culture/action-plans',
    {
      schema: {
        tags,
        summary: 'The action plans you may see, newest first',
        querystring: ListActionPlansQuery,
        response: ok(ActionPlansPage),
      },
    },
    async (request) => listActionPlans(ctxOf(request), request.query),
  );
  api.get(
    '/culture/action-plans/report',
    {
      schema: {
        tags,
        summary: 'Actions by status per owner and per team, optionally for one pulse',
        querystring: ActionReportQuery,
        response: ok(ActionReportView),
      },
    },
    async (request) => actionReport(ctxOf(request), request.query),
  );
  api.get(
    '/culture/action-plans/:id',
    { schema: { tags, params: IdParams, response: ok(ActionPlanView) } },
    async (request) => getActionPlan(ctxOf(request), request.params.id),
  );
  api.patch(
    '/culture/action-plans/:id',
    { schema: { tags, params: IdParams, body: UpdateActionPlanInput, response: ok(ActionPlanView) } },
    async (request) => updateActionPlan(ctxOf(request), request.params.id, request.body),
  );
  api.post(
    '/culture/action-plans/:id/progress',
    {
      schema: {
        tags,
        summary: 'Add a dated progress note to the timeline, optionally moving the status',
        params: IdParams,
        body: ProgressInput,
        response: { 201: ActionPlanView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addProgress(ctxOf(request), request.params.id, request.body)),
  );
}
