import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFileOf, readLockHolder } from '../../db/lock.ts';
import {
  createEmptyDatabase,
  DATABASE_KINDS,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../../test/databases.ts';
import {
  apiKeyClient,
  makeTempDir,
  removeTempDir,
  runCli,
  type ServerProcess,
  startServer,
  stopAllProcesses,
} from '../../test/processes.ts';
import type { ResponseView } from './responses.api.ts';

if (!TEST_DATABASE_URL)
  console.info(
    'Skipping the PostgreSQL run of the SIGKILL durability test: TEST_DATABASE_URL is not set (PGlite runs).',
  );

/**
 * POST /api/v1/responses answers only after the group commit has committed (src/db/group-commit.ts).
 * This holds the promise to its word the hard way: a real server is killed with SIGKILL while 50
 * clients keep posting, and after a restart every response that was acknowledged must be there,
 * once, and must replay under its Idempotency-Key; an unacknowledged one may or may not be there,
 * but never twice.
 */
const CLIENTS = 50;
const MIN_ACKNOWLEDGED = 200;
const MIN_LOAD_MS = 2_000;

interface ResponsePage {
  items: ResponseView[];
  nextCursor: string | null;
}

const commentFor = (key: string) => `Stored under Idempotency-Key ${key}`;
const keyOf = (comment: string | null) => /Idempotency-Key (\S+)$/.exec(comment ?? '')?.[1];

describe.each(DATABASE_KINDS)('SIGKILL of the server during sustained ingest on %s', (kind) => {
  let database: TestDatabase | undefined;
  let dir: string;
  let server: ServerProcess;
  let apiKey: string;
  let surveyId: string;
  const bodies = new Map<string, { surveyId: string; score: number; comment: string }>();
  /** Key → id of every response whose POST was answered 201/200 before the kill. */
  const acknowledged = new Map<string, string>();
  /** Keys whose POST was in flight when the server died (connection error, no reply). */
  const unacknowledged = new Set<string>();
  const unexpectedReplies: string[] = [];
  let acknowledgedAtKill = 0;

  const env = () => ({
    DATA_DIR: dir,
    DEMO: 'false',
    ...(database?.url ? { DATABASE_URL: database.url } : {}),
  });
  const api = () => apiKeyClient(server.url, apiKey);

  /** Every response of the survey, read through the API page by page. */
  async function storedByKey(): Promise<Map<string, string[]>> {
    const byKey = new Map<string, string[]>();
    let cursor: string | null = null;
    do {
      const query: string = `surveyId=${surveyId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api()('GET', `/api/v1/responses?${query}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as ResponsePage;
      for (const item of page.items) {
        const key = keyOf(item.comment) ?? `(no key: ${item.comment})`;
        byKey.set(key, [...(byKey.get(key) ?? []), item.id]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return byKey;
  }

  beforeAll(async () => {
    dir = makeTempDir('durability');
    if (kind === 'postgres') database = await createEmptyDatabase('postgres');
    server = await startServer(env());
    // On PGlite the server holds the directory, so these two go through its admin socket.
    const admin = await runCli(
      [
        'create-admin',
        '--org',
        'harbour',
        '--org-name',
        'Harbour Plumbing',
        '--email',
        'ines.ferreira@harbour.example',
        '--name',
        'Inês Ferreira',
        '--password',
        'a-long-enough-password',
      ],
      env(),
    );
    expect(admin.code, admin.stderr).toBe(0);
    const created = await runCli(['api-key', 'create', '--org', 'harbour', '--name', 'crm-webhook'], env());
    expect(created.code, created.stderr).toBe(0);
    if (kind === 'pglite') expect(created.stderr).toContain('sending "api-key-create"');
    apiKey = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(apiKey).toMatch(/^slk_/);

    const survey = await api()('POST', '/api/v1/surveys', { kind: 'nps', name: 'After a call-out' });
    expect(survey.status).toBe(201);
    surveyId = ((await survey.json()) as { id: string }).id;
    expect((await api()('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await stopAllProcesses();
    await database?.dispose();
    removeTempDir(dir);
  });

  it('is killed with SIGKILL while 50 clients post responses', async () => {
    let stopping = false;
    const client = async (n: number) => {
      for (let i = 0; !stopping; i++) {
        const key = `${kind}-c${n}-r${i}`;
        const body = { surveyId, score: (n + i) % 11, comment: commentFor(key) };
        bodies.set(key, body);
        let res: Response;
        try {
          res = await fetch(`${server.url}/api/v1/responses`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${apiKey}`,
              'content-type': 'application/json',
              'idempotency-key': key,
            },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
        } catch {
          // No reply: the server went away with this request in flight.
          unacknowledged.add(key);
          return;
        }
        const text = await res.text().catch(() => null);
        if ((res.status === 201 || res.status === 200) && text !== null) {
          acknowledged.set(key, (JSON.parse(text) as ResponseView).id);
        } else if (text === null) {
          // Headers arrived but the body did not: the client never saw the acknowledgement.
          unacknowledged.add(key);
          return;
        } else {
          unexpectedReplies.push(`${res.status} ${text}`);
        }
      }
    };

    const loadStarted = Date.now();
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    while (
      (acknowledged.size < MIN_ACKNOWLEDGED || Date.now() - loadStarted < MIN_LOAD_MS) &&
      Date.now() - loadStarted < 20_000 &&
      unexpectedReplies.length === 0
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    acknowledgedAtKill = acknowledged.size;
    // The clients keep their requests in flight: the kill lands in the middle of group commits.
    const killed = server.stop('SIGKILL');
    stopping = true;
    await killed;
    await Promise.all(clients);

    console.info(
      `${kind}: ${acknowledged.size} acknowledged in ${Date.now() - loadStarted} ms (${acknowledgedAtKill} when the kill was sent), ${unacknowledged.size} in flight`,
    );
    expect(unexpectedReplies).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(MIN_ACKNOWLEDGED);
    // A SIGKILL with nothing in flight would prove nothing about the commit boundary.
    expect(unacknowledged.size).toBeGreaterThan(0);
    if (kind === 'pglite') {
      // The lock file is left behind, naming a pid that is gone: the restart must take it over.
      expect(existsSync(lockFileOf(dir))).toBe(true);
      expect(readLockHolder(dir)).toBeNull();
    }
  });

  it('after a restart, stores every acknowledged response exactly once and replays it', async () => {
    server = await startServer(env());
    if (kind === 'pglite') expect(readLockHolder(dir)?.pid).toBe(server.pid);

    const stored = await storedByKey();
    const missing = [...acknowledged.keys()].filter((key) => !stored.has(key));
    expect(missing).toEqual([]);
    const duplicated = [...stored].filter(([, ids]) => ids.length !== 1).map(([key]) => key);
    expect(duplicated).toEqual([]);
    for (const [key, id] of acknowledged) expect(stored.get(key)).toEqual([id]);
    // Anything else stored was in flight at the kill; nothing stored came from nowhere.
    const extra = [...stored.keys()].filter((key) => !acknowledged.has(key));
    expect(extra.filter((key) => !unacknowledged.has(key))).toEqual([]);
    console.info(
      `${kind}: after restart ${stored.size} stored — ${acknowledged.size} acknowledged, ${extra.length} of ${unacknowledged.size} in-flight committed before the kill`,
    );

    const post = (key: string) =>
      fetch(`${server.url}/api/v1/responses`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(bodies.get(key)),
      });

    for (const key of [...acknowledged.keys()].slice(-5)) {
      const res = await post(key);
      expect(res.status).toBe(200);
      expect(res.headers.get('idempotent-replayed')).toBe('true');
      expect(((await res.json()) as ResponseView).id).toBe(acknowledged.get(key));
    }

    // Retried as a client would after a connection error: once committed, replayed; else stored now.
    const retried = [...unacknowledged].slice(0, 10);
    for (const key of retried) {
      const before = stored.get(key);
      const res = await post(key);
      const { id } = (await res.json()) as ResponseView;
      if (before) {
        expect(res.status).toBe(200);
        expect(id).toBe(before[0]);
      } else {
        expect(res.status).toBe(201);
      }
    }

    const after = await storedByKey();
    for (const key of retried) expect(after.get(key)).toHaveLength(1);
    expect([...after].filter(([, ids]) => ids.length !== 1)).toEqual([]);
    expect(after.size).toBe(stored.size + retried.filter((key) => !stored.has(key)).length);
  });
});
