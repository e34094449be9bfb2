import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { IMPORT_BODY_LIMIT } from '../../server/csv-import.ts';
import { Empty, errorResponses, IdParams } from '../../server/http.ts';
import { sendInvitation } from '../auth/auth.service.ts';
import {
  createEmployee,
  getEmployee,
  listEmployees,
  listMemberships,
  updateEmployee,
} from './employees.service.ts';
import { getOrganisation, updateOrganisation } from './organisations.service.ts';
import {
  CreateEmployeeInput,
  CreateTeamInput,
  EmployeeView,
  ListEmployeesQuery,
  MembershipView,
  OrganisationView,
  RosterImportInput,
  RosterReport,
  TeamView,
  UpdateEmployeeInput,
  UpdateOrganisationInput,
  UpdateTeamInput,
} from './people.api.ts';
import { importRoster } from './roster-import.ts';
import { createTeam, getTeam, listTeams, updateTeam } from './teams.service.ts';

export function registerPeopleRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['people'];

  api.get(
    '/organisation',
    { schema: { tags, response: { 200: OrganisationView, ...errorResponses } } },
    async (request) => getOrganisation(ctxOf(request)),
  );
  api.patch(
    '/organisation',
    {
      schema: { tags, body: UpdateOrganisationInput, response: { 200: OrganisationView, ...errorResponses } },
    },
    async (request) => updateOrganisation(ctxOf(request), request.body),
  );

  api.get(
    '/employees',
    {
      schema: {
        tags,
        querystring: ListEmployeesQuery,
        response: {
          200: z.object({ items: z.array(EmployeeView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listEmployees(ctxOf(request), request.query),
  );
  api.post(
    '/employees',
    { schema: { tags, body: CreateEmployeeInput, response: { 201: EmployeeView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createEmployee(ctxOf(request), request.body)),
  );
  api.get(
    '/employees/:id',
    { schema: { tags, params: IdParams, response: { 200: EmployeeView, ...errorResponses } } },
    async (request) => getEmployee(ctxOf(request), request.params.id),
  );
  api.patch(
    '/employees/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateEmployeeInput,
        response: { 200: EmployeeView, ...errorResponses },
      },
    },
    async (request) => updateEmployee(ctxOf(request), request.params.id, request.body),
  );
  api.get(
    '/employees/:id/memberships',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: z.object({ items: z.array(MembershipView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listMemberships(ctxOf(request), request.params.id) }),
  );
  api.post(
    '/employees/:id/invitation',
    {
      schema: {
        tags,
        summary: 'Email the person a link to set their password',
        params: IdParams,
        response: { 202: Empty, ...errorResponses },
      },
    },
    async (request, reply) => {
      await sendInvitation(ctxOf(request), request.params.id, {
        mailer: app.deps.mailer,
        publicUrl: app.deps.config.publicUrl,
      });
      return reply.code(202).send({});
    },
  );

  api.get(
    '/teams',
    { schema: { tags, response: { 200: z.object({ items: z.array(TeamView) }), ...errorResponses } } },
    async (request) => ({ items: await listTeams(ctxOf(request)) }),
  );
  api.post(
    '/teams',
    { schema: { tags, body: CreateTeamInput, response: { 201: TeamView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createTeam(ctxOf(request), request.body)),
  );
  api.get(
    '/teams/:id',
    { schema: { tags, params: IdParams, response: { 200: TeamView, ...errorResponses } } },
    async (request) => getTeam(ctxOf(request), request.params.id),
  );
  api.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateTeamInput,
        response: { 200: TeamView, ...errorResponses },
      },
    },
    async (request) => updateTeam(ctxOf(request), request.params.id, request.body),
  );

  api.post(
    '/roster/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import a roster CSV; with dryRun (the default) nothing is written',
        body: RosterImportInput,
        response: { 200: RosterReport, ...errorResponses },
      },
    },
    async (request) => importRoster(ctxOf(request), request.body),
  );
}
