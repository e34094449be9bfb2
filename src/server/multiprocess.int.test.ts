import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../demo/people.demo.ts';
import {
  createEmptyDatabase,
  noteSkippedPostgres,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../test/databases.ts';
import {
  makeTempDir,
  removeTempDir,
  request,
  type ServerProcess,
  type SessionCredentials,
  sessionClient,
  signInOverHttp,
  startServer,
  stopAllProcesses,
} from '../test/processes.ts';

if (!TEST_DATABASE_URL)
  console.info(
    'Skipping the multi-process tests: they need PostgreSQL (set TEST_DATABASE_URL); PGlite has one owner.',
  );

/**
 * On PostgreSQL, Serviceloop scales by running several app processes behind a load balancer.
 * Everything a request depends on (sessions, CSRF tokens, rate limits) must live in the database,
 * so any process can answer any request: two real processes prove it here.
 */
describe.skipIf(!TEST_DATABASE_URL)('two app processes on one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  const dirs: string[] = [];
  let first: ServerProcess;
  let second: ServerProcess;
  let admin: SessionCredentials;

  beforeAll(async () => {
    noteSkippedPostgres();
    database = await createEmptyDatabase('postgres');
    const env = () => {
      const dir = makeTempDir('multiprocess');
      dirs.push(dir);
      return { DATABASE_URL: database?.url ?? '', DATA_DIR: dir, DEMO: 'true' };
    };
    first = await startServer(env());
    expect(first.output()).toContain('loading the demo organisation');
    // Started after the first is ready, so it finds the demo and must not load it again.
    second = await startServer(env());
    expect(second.output()).not.toContain('loading the demo');
  });
  afterAll(async () => {
    await Promise.allSettled([first?.stop(), second?.stop()]);
    await stopAllProcesses();
    await database?.dispose();
    for (const dir of dirs) removeTempDir(dir);
  });

  it('serves one session from either process, and signing out on one ends it on both', async () => {
    admin = await signInOverHttp(first.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const onFirst = sessionClient(first.url, admin);
    const onSecond = sessionClient(second.url, admin);

    const created = await onSecond('POST', '/api/v1/teams', { name: 'Weekend Cover', kind: 'department' });
    expect(created.status).toBe(201);
    const team = (await created.json()) as { id: string; name: string };
    const readBack = await onFirst('GET', `/api/v1/teams/${team.id}`);
    expect(readBack.status).toBe(200);
    expect(await readBack.json()).toMatchObject({ id: team.id, name: 'Weekend Cover', kind: 'department' });

    // The CSRF token is checked by the process that did not issue it, too.
    const forged = await request(second.url, 'POST', '/api/v1/teams', {
      body: { name: 'Forged', kind: 'department' },
      headers: { cookie: admin.cookie, 'x-csrf-token': 'not-the-token' },
    });
    expect(forged.status).toBe(403);

    expect((await onFirst('GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await onSecond('POST', '/api/v1/auth/sign-out')).status).toBe(204);
    expect((await onFirst('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await onFirst('POST', '/api/v1/teams', { name: 'Too late', kind: 'department' })).status).toBe(
      401,
    );
  });

  it('counts failed sign-ins for one account across both processes', async () => {
    const session = await signInOverHttp(second.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const people = (await (
      await sessionClient(second.url, session)('GET', '/api/v1/employees?role=employee&limit=20')
    ).json()) as {
      items: { email: string }[];
    };
    // Counters are per 15-minute window: if the attempts straddle a window's end, the count
    // restarts, so try once more with another account (the second try cannot straddle again).
    for (const account of people.items.slice(0, 2).map((p) => p.email)) {
      const window = () => Math.floor(Date.now() / 900_000);
      const startWindow = window();
      const statuses: number[] = [];
      for (const server of [
        first,
        first,
        first,
        first,
        first,
        first,
        second,
        second,
        second,
        second,
        second,
        second,
      ]) {
        const res = await request(server.url, 'POST', '/api/v1/auth/sign-in', {
          body: { email: account, password: 'not the password' },
        });
        statuses.push(res.status);
      }
      if (window() !== startWindow) continue;
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
      return;
    }
    throw new Error('no account left to try');
  });
});
