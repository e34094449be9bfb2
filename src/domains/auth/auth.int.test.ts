import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../integrations/email.ts';
import { buildTestApp, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';

describe.each(DATABASE_KINDS)('sign-in and access on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: OutgoingEmail[];
  let org: SeededOrg;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, outbox } = await buildTestApp(database));
    org = await seedOrg(database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('signs in with the right password, sets an HttpOnly SameSite=Lax cookie and answers /me', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: org.people.manager.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sl_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `sl_session=${cookie?.value}` },
    });
    expect(me.json()).toMatchObject({
      employee: { id: org.people.manager.id, role: 'manager' },
      org: { slug: org.slug },
    });
  });

  it('refuses a wrong password with 401 and records the failure in the audit log', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: org.people.leader.email, password: 'not the password' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    const admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    const audit = (await admin.request('GET', '/api/v1/audit-events?limit=200')).json() as {
      items: { action: string; targetId: string }[];
    };
    expect(
      audit.items.some((e) => e.action === 'auth.sign_in_failed' && e.targetId === org.people.leader.id),
    ).toBe(true);
  });

  it('needs the CSRF token for cookie-authenticated writes', async () => {
    const session = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    const without = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: session.cookie },
      payload: { name: 'No token', kind: 'department' },
    });
    expect(without.statusCode).toBe(403);
    const withToken = await session.request('POST', '/api/v1/teams', {
      name: 'With token',
      kind: 'department',
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('signs out everywhere: every session of the person stops working', async () => {
    const a = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    const b = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    expect((await b.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await a.request('POST', '/api/v1/auth/sign-out-everywhere')).statusCode).toBe(204);
    expect((await a.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await b.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('rate-limits sign-in per account with 429 and a Retry-After header', async () => {
    const victim = await seedOrg(database.db);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: victim.people.employee.email, password: `guess-${i}` },
        remoteAddress: `10.0.0.${i}`,
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password is refused while the account is limited.
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: victim.people.employee.email, password: TEST_PASSWORD },
    });
    expect(right.statusCode).toBe(429);
  });

  it('resets a password through an emailed link, once, and ends old sessions', async () => {
    const old = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    const before = outbox.length;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email: org.people.leader.email },
    });
    expect(res.statusCode).toBe(202);
    const email = outbox[before];
    expect(email?.to).toBe(org.people.leader.email);
    const token = /reset-password\?token=([\w-]+)/.exec(email?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const complete = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/complete',
        payload: { token, password },
      });
    expect((await complete('short')).statusCode).toBe(400);
    expect((await complete('a brand new passphrase')).statusCode).toBe(204);
    expect((await complete('another new passphrase')).statusCode).toBe(400);
    expect((await old.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    await signInAs(app, org.people.leader.email, 'a brand new passphrase');
  });

  it('answers a reset request for an unknown email exactly like a known one, and sends nothing', async () => {
    const before = outbox.length;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email: 'nobody@nowhere.example' },
    });
    expect(res.statusCode).toBe(202);
    expect(outbox.length).toBe(before);
  });

  it('creates an API key shown once, stores only its hash, enforces scopes and stops working when revoked', async () => {
    const admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    const created = await admin.request('POST', '/api/v1/api-keys', {
      name: 'HR sync',
      scopes: ['people:read'],
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json() as { key: string; apiKey: { id: string; prefix: string } };
    expect(key.startsWith(`slk_${apiKey.prefix}_`)).toBe(true);
    const listed = (await admin.request('GET', '/api/v1/api-keys')).body;
    expect(listed).not.toContain(key);

    const call = withApiKey(app, key);
    expect((await call('GET', '/api/v1/employees')).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/teams', { name: 'Scoped out', kind: 'department' })).statusCode).toBe(
      403,
    );
    const keys = (await admin.request('GET', '/api/v1/api-keys')).json() as {
      items: { id: string; lastUsedAt: string | null }[];
    };
    expect(keys.items.find((k) => k.id === apiKey.id)?.lastUsedAt).not.toBeNull();

    expect((await admin.request('DELETE', `/api/v1/api-keys/${apiKey.id}`)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/employees')).statusCode).toBe(401);
    expect((await withApiKey(app, 'slk_garbage')('GET', '/api/v1/employees')).statusCode).toBe(401);
  });

  it('checks permissions in services: an employee cannot create people, keys or read the audit log', async () => {
    const employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    expect((await employee.request('GET', '/api/v1/employees')).statusCode).toBe(200);
    const create = await employee.request('POST', '/api/v1/employees', { name: 'X', email: 'x@example.com' });
    expect(create.statusCode).toBe(403);
    expect(
      (await employee.request('POST', '/api/v1/api-keys', { name: 'k', scopes: ['all'] })).statusCode,
    ).toBe(403);
    expect((await employee.request('GET', '/api/v1/audit-events')).statusCode).toBe(403);
  });

  it('asks which organisation when one email has accounts in two', async () => {
    const other = await seedOrg(database.db);
    const shared = org.people.manager.email;
    await other.system.db.execute(
      (await import('drizzle-orm'))
        .sql`update employees set email = ${shared} where org_id = ${other.orgId} and id = ${other.people.manager.id}`,
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: shared, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(409);
    expect((res.json().error.details.orgs as { slug: string }[]).map((o) => o.slug).sort()).toEqual(
      [org.slug, other.slug].sort(),
    );
    const chosen = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: shared, password: TEST_PASSWORD, org: other.slug },
    });
    expect(chosen.json().org.slug).toBe(other.slug);
  });
});
