import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, ctxOf, setSessionCookie } from '../../server/authentication.ts';
import { Empty, errorResponses, IdParams } from '../../server/http.ts';
import { PageQuery } from '../../server/pagination.ts';
import { getEmployee } from '../people/employees.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { listAuditEvents } from './audit.service.ts';
import {
  ApiKeyView,
  AuditEventView,
  CreateApiKeyInput,
  MeView,
  PasswordResetCompleteInput,
  PasswordResetRequestInput,
  SignInInput,
} from './auth.api.ts';
import {
  completePasswordReset,
  requestPasswordReset,
  SESSION_DAYS,
  signIn,
  signOut,
} from './auth.service.ts';
import { type Ctx, PERMISSIONS, requireUser } from './context.ts';

async function me(ctx: Ctx, csrfToken: string): Promise<z.infer<typeof MeView>> {
  const user = requireUser(ctx);
  const { id, name, preferredName, email, role } = await getEmployee(ctx, user.employeeId);
  return { employee: { id, name, preferredName, email, role }, org: await getOrganisation(ctx), csrfToken };
}

export function registerAuthRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const links = () => ({ mailer: app.deps.mailer, publicUrl: app.deps.config.publicUrl });

  api.post(
    '/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'Sign in with email and password; sets the session cookie',
        body: SignInInput,
        response: { 200: MeView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const db = app.deps.database.db;
      const { token, identity } = await signIn(db, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, token, SESSION_DAYS);
      const ctx = {
        db,
        orgId: identity.orgId,
        actor: {
          type: 'user' as const,
          employeeId: identity.employeeId,
          role: identity.role,
          sessionId: identity.sessionId,
        },
      };
      return me(ctx, identity.csrfToken);
    },
  );

  api.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.auth) await signOut(ctxOf(request), false);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/auth/sign-out-everywhere',
    {
      schema: {
        tags: ['auth'],
        summary: 'End every session of the signed-in person',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await signOut(ctxOf(request), true);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in person and organisation',
        response: { 200: MeView, ...errorResponses },
      },
    },
    async (request) => me(ctxOf(request), request.auth?.csrfToken ?? ''),
  );

  api.post(
    '/auth/password-reset/request',
    {
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'Email a password reset link (answers the same whether or not the account exists)',
        body: PasswordResetRequestInput,
        response: { 202: Empty },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(app.deps.database.db, request.body.email, request.ip, links());
      return reply.code(202).send({});
    },
  );

  api.post(
    '/auth/password-reset/complete',
    {
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'Set a new password with a reset or invitation token',
        body: PasswordResetCompleteInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await completePasswordReset(
        app.deps.database.db,
        request.body.token,
        request.body.password,
        request.ip,
      );
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api-keys',
    {
      schema: {
        tags: ['api keys'],
        response: { 200: z.object({ items: z.array(ApiKeyView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listApiKeys(ctxOf(request)) }),
  );

  api.get(
    '/api-keys/scopes',
    { schema: { tags: ['api keys'], response: { 200: z.object({ scopes: z.array(z.string()) }) } } },
    async (request) => {
      ctxOf(request);
      return { scopes: [...PERMISSIONS] };
    },
  );

  api.post(
    '/api-keys',
    {
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the key is in this reply only',
        body: CreateApiKeyInput,
        response: { 201: z.object({ key: z.string(), apiKey: ApiKeyView }), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiKey(ctxOf(request), request.body)),
  );

  api.delete(
    '/api-keys/:id',
    { schema: { tags: ['api keys'], params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await revokeApiKey(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        querystring: PageQuery.strict(),
        response: {
          200: z.object({ items: z.array(AuditEventView), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listAuditEvents(ctxOf(request), request.query),
  );
}
