import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Mailer, OutgoingEmail } from '../integrations/email.ts';
import { buildApp } from '../server/app.ts';

export interface TestApp {
  app: FastifyInstance;
  /** Emails the app sent, newest last (tests that need real SMTP pass their own mailer). */
  outbox: OutgoingEmail[];
}

/** `overrides` replaces parts of the test config, e.g. a small `bodyLimitBytes`. */
export async function buildTestApp(
  database: Database,
  mailer?: Mailer,
  overrides: Partial<Config> = {},
): Promise<TestApp> {
  const outbox: OutgoingEmail[] = [];
  const config: Config = {
    ...loadConfig({
      DATA_DIR: '/tmp/serviceloop-test-unused',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
      PUBLIC_URL: 'http://serviceloop.test',
      LOG_LEVEL: 'silent',
    }),
    ...overrides,
  };
  const app = await buildApp(
    { config, database, mailer: mailer ?? { send: async (email) => void outbox.push(email) } },
    { logger: false },
  );
  await app.ready();
  return { app, outbox };
}

/** A signed-in browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export interface Session {
  cookie: string;
  csrfToken: string;
  request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export async function signInAs(app: FastifyInstance, email: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sl_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  const session: Session = {
    cookie: `sl_session=${cookie.value}`,
    csrfToken,
    request: (method, url, body) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: session.cookie, 'x-csrf-token': csrfToken },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
  return session;
}

/** An API-key client. */
export function withApiKey(app: FastifyInstance, key: string) {
  return (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${key}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}
