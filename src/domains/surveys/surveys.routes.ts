import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams } from '../../server/http.ts';
import { createInvitation, listInvitations } from './invitations.service.ts';
import { surveyTemplate } from './survey-templates.ts';
import {
  CreateInvitationInput,
  CreateSurveyInput,
  InvitationView,
  ListInvitationsQuery,
  SurveyKindSchema,
  SurveyView,
  UpdateSurveyInput,
} from './surveys.api.ts';
import { createSurvey, createSurveyLink, getSurvey, listSurveys, updateSurvey } from './surveys.service.ts';

export function registerSurveyRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  const publicUrl = () => app.deps.config.publicUrl;

  api.get(
    '/surveys',
    { schema: { tags, response: { 200: z.object({ items: z.array(SurveyView) }), ...errorResponses } } },
    async (request) => ({ items: await listSurveys(ctxOf(request), publicUrl()) }),
  );
  api.get(
    '/survey-templates/:kind',
    {
      schema: {
        tags,
        summary: 'The starting definition of a survey kind, in English, Spanish and German',
        params: z.strictObject({ kind: SurveyKindSchema }),
        response: { 200: CreateSurveyInput.shape.definition.unwrap(), ...errorResponses },
      },
    },
    async (request) => {
      ctxOf(request);
      return surveyTemplate(request.params.kind);
    },
  );
  api.post(
    '/surveys',
    { schema: { tags, body: CreateSurveyInput, response: { 201: SurveyView, ...errorResponses } } },
    async (request, reply) =>
      reply.code(201).send(await createSurvey(ctxOf(request), request.body, publicUrl())),
  );
  api.get(
    '/surveys/:id',
    { schema: { tags, params: IdParams, response: { 200: SurveyView, ...errorResponses } } },
    async (request) => getSurvey(ctxOf(request), request.params.id, publicUrl()),
  );
  api.patch(
    '/surveys/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateSurveyInput,
        response: { 200: SurveyView, ...errorResponses },
      },
    },
    async (request) => updateSurvey(ctxOf(request), request.params.id, request.body, publicUrl()),
  );
  api.post(
    '/surveys/:id/link',
    {
      schema: {
        tags,
        summary: "Create the survey's shareable open link (idempotent)",
        params: IdParams,
        response: { 200: SurveyView, ...errorResponses },
      },
    },
    async (request) => createSurveyLink(ctxOf(request), request.params.id, publicUrl()),
  );

  api.get(
    '/invitations',
    {
      schema: {
        tags,
        summary: 'The invitation log: sent, opened, answered, bounced',
        querystring: ListInvitationsQuery,
        response: {
          200: z.object({ items: z.array(InvitationView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listInvitations(ctxOf(request), request.query, publicUrl()),
  );
  api.post(
    '/invitations',
    {
      schema: {
        tags,
        summary: 'Create an invitation and get its personal survey link, to send through your own channel',
        body: CreateInvitationInput,
        response: { 201: InvitationView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createInvitation(ctxOf(request), request.body, publicUrl())),
  );
}
