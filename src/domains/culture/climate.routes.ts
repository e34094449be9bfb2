import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  AssessmentsPage,
  AssessmentView,
  ClimateEvidenceView,
  ClimateQuestionsView,
  CreateAssessmentInput,
  PerceptionGapView,
  UpdateAssessmentInput,
} from './climate.api.ts';
import {
  climateQuestions,
  createAssessment,
  getAssessment,
  listAssessments,
  updateAssessment,
} from './climate.service.ts';
import { climateEvidence } from './climate-evidence.ts';
import { perceptionGap } from './climate-gap.ts';

export function registerClimateRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['culture'];

  api.get(
    '/culture/climate/questions',
    {
      schema: {
        tags,
        summary: 'The twelve climate questions, their constructs and the maturity levels',
        response: ok(ClimateQuestionsView),
      },
    },
    async (request) => climateQuestions(ctxOf(request)),
  );
  api.get(
    '/culture/climate/assessments',
    {
      schema: {
        tags,
        summary: 'Leaders’ climate self-assessments, newest first (your own drafts included)',
        querystring: z.strictObject({ leaderId: z.uuid().optional() }),
        response: ok(AssessmentsPage),
      },
    },
    async (request) => listAssessments(ctxOf(request), request.query),
  );
  api.post(
    '/culture/climate/assessments',
    {
      schema: {
        tags,
        summary: 'Start a dated self-assessment (a draft) as the signed-in leader',
        body: CreateAssessmentInput,
        response: { 201: AssessmentView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAssessment(ctxOf(request), request.body)),
  );
  api.get(
    '/culture/climate/assessments/:id',
    { schema: { tags, params: IdParams, response: ok(AssessmentView) } },
    async (request) => getAssessment(ctxOf(request), request.params.id),
  );
  api.patch(
    '/culture/climate/assessments/:id',
    {
      schema: {
        tags,
        summary: 'Answer questions, change the date, or complete the assessment (its leader only)',
        params: IdParams,
        body: UpdateAssessmentInput,
        response: ok(AssessmentView),
      },
    },
    async (request) => updateAssessment(ctxOf(request), request.params.id, request.body),
  );
  api.get(
    '/culture/climate/evidence',
    {
      schema: {
        tags,
        summary: 'Evidence from Serviceloop’s own data beside each climate question (last 90 days)',
        response: ok(ClimateEvidenceView),
      },
    },
    async (request) => climateEvidence(ctxOf(request)),
  );
  api.get(
    '/culture/climate/perception-gap',
    {
      schema: {
        tags,
        summary: 'Per construct: leaders’ self-rating, employees’ pulse and customers’ scores on 0–100',
        response: ok(PerceptionGapView),
      },
    },
    async (request) => perceptionGap(ctxOf(request)),
  );
}
