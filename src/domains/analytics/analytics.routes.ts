import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  CreateTargetInput,
  DrillDownQuery,
  DrillDownView,
  DriversQuery,
  DriversView,
  EmployeeMonthlyQuery,
  EmployeeMonthlyView,
  EmployeeScoresView,
  EmployeesQuery,
  ExportParams,
  ExportQuery,
  OverviewQuery,
  OverviewView,
  QuestionResultsView,
  QuestionsQuery,
  TargetProgressView,
  TeamComparisonView,
  TeamsQuery,
  UpdateTargetInput,
} from './analytics.api.ts';
import { getDigestSubscription, setDigestSubscription } from './digest.service.ts';
import { drillDown } from './drill-down.service.ts';
import { getKeyDrivers } from './drivers.service.ts';
import { exportTable } from './export.service.ts';
import { getOverview } from './overview.service.ts';
import { getEmployeeMonthly, getEmployeeScores, getTeamComparison } from './people-scores.service.ts';
import { getQuestionResults } from './questions.service.ts';
import { createTarget, deleteTarget, getTarget, listTargets, updateTarget } from './targets.service.ts';

export function registerAnalyticsRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];

  api.get(
    '/analytics/overview',
    {
      schema: {
        tags,
        summary:
          'Score cards with intervals, change and targets; trend by week or month; volume and response rate',
        querystring: OverviewQuery,
        response: ok(OverviewView),
      },
    },
    async (request) => getOverview(ctxOf(request), request.query),
  );
  api.get(
    '/analytics/teams',
    {
      schema: {
        tags,
        summary: 'Every team’s score by period and in total, fairly ranked (empirical-Bayes shrinkage)',
        querystring: TeamsQuery,
        response: ok(TeamComparisonView),
      },
    },
    async (request) => getTeamComparison(ctxOf(request), request.query),
  );
  api.get(
    '/analytics/employees',
    {
      schema: {
        tags,
        summary:
          'Employee scores with raw value, n and interval; ranked on shrunk estimates, only from minN answers',
        querystring: EmployeesQuery,
        response: ok(EmployeeScoresView),
      },
    },
    async (request) => getEmployeeScores(ctxOf(request), request.query),
  );
  api.get(
    '/analytics/employees/:id',
    {
      schema: {
        tags,
        summary: 'One employee’s monthly scores with intervals (everyone may read their own)',
        params: IdParams,
        querystring: EmployeeMonthlyQuery,
        response: ok(EmployeeMonthlyView),
      },
    },
    async (request) => getEmployeeMonthly(ctxOf(request), request.params.id, request.query),
  );
  api.get(
    '/analytics/questions',
    {
      schema: {
        tags,
        summary: 'Per-question results',
        querystring: QuestionsQuery,
        response: ok(QuestionResultsView),
      },
    },
    async (request) => getQuestionResults(ctxOf(request), request.query),
  );
  api.get(
    '/analytics/drivers',
    {
      schema: {
        tags,
        summary: 'Key drivers of the first score: Johnson’s relative weights and performance per question',
        querystring: DriversQuery,
        response: ok(DriversView),
      },
    },
    async (request) => getKeyDrivers(ctxOf(request), request.query),
  );
  api.get(
    '/analytics/responses',
    {
      schema: {
        tags,
        summary: 'The responses behind a figure (same filters), newest first, with their total',
        querystring: DrillDownQuery,
        response: ok(DrillDownView),
      },
    },
    async (request) => drillDown(ctxOf(request), request.query),
  );
  api.get(
    '/analytics/export/:table',
    {
      schema: {
        tags,
        summary: 'Any analytics table as CSV, with the same filters as its JSON route',
        params: ExportParams,
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const csv = await exportTable(ctxOf(request), request.params.table, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.table}.csv"`)
        .send(csv);
    },
  );

  api.get(
    '/analytics/targets',
    {
      schema: {
        tags,
        summary: 'Targets with current value, trend and projection',
        response: ok(z.object({ items: z.array(TargetProgressView) })),
      },
    },
    async (request) => ({ items: await listTargets(ctxOf(request)) }),
  );
  api.post(
    '/analytics/targets',
    { schema: { tags, body: CreateTargetInput, response: { 201: TargetProgressView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createTarget(ctxOf(request), request.body)),
  );
  api.get(
    '/analytics/targets/:id',
    { schema: { tags, params: IdParams, response: ok(TargetProgressView) } },
    async (request) => getTarget(ctxOf(request), request.params.id),
  );
  api.patch(
    '/analytics/targets/:id',
    { schema: { tags, params: IdParams, body: UpdateTargetInput, response: ok(TargetProgressView) } },
    async (request) => updateTarget(ctxOf(request), request.params.id, request.body),
  );
  api.delete(
    '/analytics/targets/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteTarget(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  const DigestSubscription = z.strictObject({ subscribed: z.boolean() });
  api.get(
    '/analytics/digest-subscription',
    {
      schema: {
        tags,
        summary: 'Whether you receive the weekly analytics digest (managers, leaders, admins)',
        response: ok(DigestSubscription),
      },
    },
    async (request) => getDigestSubscription(ctxOf(request)),
  );
  api.put(
    '/analytics/digest-subscription',
    { schema: { tags, body: DigestSubscription, response: ok(DigestSubscription) } },
    async (request) => setDigestSubscription(ctxOf(request), request.body.subscribed),
  );
}
