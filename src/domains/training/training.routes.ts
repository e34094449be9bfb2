import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { created, IdParams, ok } from '../../server/http.ts';
import {
  assignTraining,
  completeModule,
  listAssignments,
  myTraining,
  submitQuiz,
  trainingProgress,
} from './assignments.service.ts';
import {
  authorizeCatalogueRead,
  createModule,
  createPath,
  getModule,
  getPath,
  listModules,
  listPaths,
  updateModule,
  updatePath,
} from './catalogue.service.ts';
import { moduleEffect } from './effect.service.ts';
import { createRule, listRules, runRulesNow, updateRule } from './rules.service.ts';
import {
  AssignInput,
  AssignmentsQuery,
  AssignmentView,
  AssignResult,
  CreateModuleInput,
  EffectQuery,
  EffectView,
  ModuleSummary,
  ModulesQuery,
  ModuleView,
  MyTrainingView,
  PathInput,
  PathView,
  ProgressQuery,
  ProgressView,
  QuizOutcome,
  QuizSubmission,
  RuleInput,
  RulesRun,
  RuleView,
  UpdateModuleInput,
  UpdatePathInput,
  UpdateRuleInput,
} from './training.api.ts';

export function registerTrainingRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const items = <T extends z.ZodType>(schema: T) => ok(z.object({ items: z.array(schema) }));

  // Catalogue.
  api.get(
    '/training/modules',
    {
      schema: {
        tags,
        summary: 'The training catalogue',
        querystring: ModulesQuery,
        response: items(ModuleSummary),
      },
    },
    async (request) => ({ items: await listModules(ctxOf(request), request.query) }),
  );
  api.post(
    '/training/modules',
    { schema: { tags, body: CreateModuleInput, response: created(ModuleView) } },
    async (request, reply) => reply.code(201).send(await createModule(ctxOf(request), request.body)),
  );
  api.get(
    '/training/modules/:id',
    {
      schema: {
        tags,
        summary: 'A module: its content, its quiz without the answers, and your assignment of it',
        params: IdParams,
        response: ok(ModuleView),
      },
    },
    async (request) => getModule(ctxOf(request), request.params.id),
  );
  api.patch(
    '/training/modules/:id',
    { schema: { tags, params: IdParams, body: UpdateModuleInput, response: ok(ModuleView) } },
    async (request) => updateModule(ctxOf(request), request.params.id, request.body),
  );
  api.post(
    '/training/modules/:id/complete',
    {
      schema: {
        tags,
        summary: 'Mark a module without a quiz as done (yours)',
        params: IdParams,
        response: ok(AssignmentView),
      },
    },
    async (request) => completeModule(ctxOf(request), request.params.id),
  );
  api.post(
    '/training/modules/:id/quiz',
    {
      schema: {
        tags,
        summary: "Answer a module's quiz; passing completes the module",
        params: IdParams,
        body: QuizSubmission,
        response: ok(QuizOutcome),
      },
    },
    async (request) => submitQuiz(ctxOf(request), request.params.id, request.body.answers),
  );
  api.get(
    '/training/modules/:id/effect',
    {
      schema: {
        tags,
        summary: "A team's or employee's customer scores in the weeks before and after completing a module",
        params: IdParams,
        querystring: EffectQuery,
        response: ok(EffectView),
      },
    },
    async (request) => moduleEffect(ctxOf(request), request.params.id, request.query),
  );

  // Paths.
  api.get('/training/paths', { schema: { tags, response: items(PathView) } }, async (request) => ({
    items: await listPaths(ctxOf(request)),
  }));
  api.post(
    '/training/paths',
    { schema: { tags, body: PathInput, response: created(PathView) } },
    async (request, reply) => reply.code(201).send(await createPath(ctxOf(request), request.body)),
  );
  api.get(
    '/training/paths/:id',
    { schema: { tags, params: IdParams, response: ok(PathView) } },
    async (request) => {
      const ctx = ctxOf(request);
      authorizeCatalogueRead(ctx);
      return getPath(ctx.db, ctx.orgId, request.params.id);
    },
  );
  api.patch(
    '/training/paths/:id',
    { schema: { tags, params: IdParams, body: UpdatePathInput, response: ok(PathView) } },
    async (request) => updatePath(ctxOf(request), request.params.id, request.body),
  );

  // Rules.
  api.get('/training/rules', { schema: { tags, response: items(RuleView) } }, async (request) => ({
    items: await listRules(ctxOf(request)),
  }));
  api.post(
    '/training/rules',
    { schema: { tags, body: RuleInput, response: created(RuleView) } },
    async (request, reply) => reply.code(201).send(await createRule(ctxOf(request), request.body)),
  );
  api.patch(
    '/training/rules/:id',
    { schema: { tags, params: IdParams, body: UpdateRuleInput, response: ok(RuleView) } },
    async (request) => updateRule(ctxOf(request), request.params.id, request.body),
  );
  api.post(
    '/training/rules/run',
    {
      schema: {
        tags,
        summary: 'Evaluate the assignment rules and send due reminders now, as the daily job does',
        response: ok(RulesRun),
      },
    },
    async (request) => runRulesNow(ctxOf(request)),
  );

  // Assignments and progress.
  api.post(
    '/training/assignments',
    {
      schema: {
        tags,
        summary: 'Assign a module or a path to people, teams or roles (never twice while open)',
        body: AssignInput,
        response: ok(AssignResult),
      },
    },
    async (request) => assignTraining(ctxOf(request), request.body),
  );
  api.get(
    '/training/assignments',
    { schema: { tags, querystring: AssignmentsQuery, response: items(AssignmentView) } },
    async (request) => ({ items: await listAssignments(ctxOf(request), request.query) }),
  );
  api.get(
    '/training/me',
    { schema: { tags, summary: 'Your training: due and done', response: ok(MyTrainingView) } },
    async (request) => myTraining(ctxOf(request)),
  );
  api.get(
    '/training/progress',
    {
      schema: {
        tags,
        summary: 'Completion per team and person',
        querystring: ProgressQuery,
        response: ok(ProgressView),
      },
    },
    async (request) => trainingProgress(ctxOf(request), request.query),
  );
}
