import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiKey } from '../domains/auth/api-keys.service.ts';
import { resolveSession } from '../domains/auth/auth.service.ts';
import type { Actor, Ctx } from '../domains/auth/context.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'sl_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestAuth {
  orgId: string;
  actor: Actor;
  via: 'session' | 'api_key';
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

/**
 * Resolves who is calling from the session cookie or a bearer API key, before any route runs.
 * Cookie-authenticated writes must echo the session's CSRF token in `X-CSRF-Token`.
 */
export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const db = app.deps.database.db;
    const header = request.headers.authorization;
    if (header) {
      const [scheme, key] = header.split(' ');
      const resolved = scheme?.toLowerCase() === 'bearer' && key ? await resolveApiKey(db, key) : null;
      if (!resolved) throw new AppError('UNAUTHENTICATED', 'The API key is not valid or was revoked');
      request.auth = { orgId: resolved.orgId, actor: resolved.actor, via: 'api_key', csrfToken: null };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(db, token);
    if (!session) return;
    request.auth = {
      orgId: session.orgId,
      actor: {
        type: 'user',
        employeeId: session.employeeId,
        role: session.role,
        sessionId: session.sessionId,
      },
      via: 'session',
      csrfToken: session.csrfToken,
    };
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('FORBIDDEN', 'Missing or wrong X-CSRF-Token header; reload the page and try again');
    }
  });
}

/** The service context of an authenticated request; 401 when nobody is signed in. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.auth) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API key');
  return {
    db: request.server.deps.database.db,
    orgId: request.auth.orgId,
    actor: request.auth.actor,
    ip: request.ip,
  };
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeDays: number,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https' || request.server.deps.config.publicUrl.startsWith('https://'),
    maxAge: maxAgeDays * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
