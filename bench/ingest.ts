/**
 * npm run bench:ingest — drives POST /api/v1/responses with autocannon at 50 and 200 connections
 * for 20 s each, on PGlite and (when TEST_DATABASE_URL is set) PostgreSQL, and in the same server
 * the bare route POST /api/v1/responses/validate, which does all the same work (auth, body
 * validation, survey lookup, answer checks) and writes nothing. Prints responses/s, p50/p99,
 * errors, the ratio to the bare route and the server's peak resident memory; the last line is JSON.
 *
 * Options (env): BENCH_SECONDS (default 20), TEST_DATABASE_URL (PostgreSQL admin URL),
 * BENCH_KINDS (default "postgres,pglite"), BENCH_SERVER_NODE_OPTIONS (e.g. "--import
 * ./bench/cpu-profile.mjs" with CPU_PROFILE=/tmp/server.cpuprofile to profile the server),
 * BENCH_INGEST_ONLY=true (no bare route, so a profile shows ingest alone), BENCH_CUSTOMERS (default
 * 10000: each request names a customer drawn at random from that many, so early requests create
 * customers and later ones find them, as after-interaction surveys do; 1 = every request the same
 * customer), BENCH_SEGMENTS (default 2: each route's seconds split into that many segments,
 * alternating between the routes: bare, ingest, ingest, bare), BENCH_SERVER_HEAP_MB (default 256:
 * the server's --max-old-space-size, as deployed in a 512 MB budget; 0 = V8's default).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createEmptyDatabase, TEST_DATABASE_URL } from '../src/test/databases.ts';
import { makeTempDir, removeTempDir, runCli, startServer } from '../src/test/processes.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = [50, 200] as const;
const INGEST_ONLY = process.env.BENCH_INGEST_ONLY === 'true';
const CUSTOMERS = Math.max(1, Number(process.env.BENCH_CUSTOMERS ?? 10_000));
const SEGMENTS = Math.max(1, Number(process.env.BENCH_SEGMENTS ?? 2));
const HEAP_MB = Number(process.env.BENCH_SERVER_HEAP_MB ?? 256);

interface Figures {
  responses_per_s: number;
  bare_per_s: number;
  ratio: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  rss_mb: number;
}

/** The server's resident memory now (VmRSS) or at its peak (VmHWM), in MB. */
function rssMb(pid: number, which: 'VmRSS' | 'VmHWM' = 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${which}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
const peakRssMb = (pid: number) => rssMb(pid);

type Body = { customer: { email: string; name: string } };

/** One segment of load on one route, its figures kept raw so that segments can be merged. */
async function segment(url: string, key: string, body: Body, connections: number, seconds: number) {
  const customerBody = (n: number) =>
    JSON.stringify({ ...body, customer: { email: `customer${n}@bench.example`, name: `Customer ${n}` } });
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    skipAggregateResult: true,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    requests: [
      {
        // A fresh Idempotency-Key per request, as a careful integration would send, and one of
        // CUSTOMERS customers.
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
          ...(CUSTOMERS > 1 ? { body: customerBody(Math.floor(Math.random() * CUSTOMERS)) } : {}),
        }),
      },
    ],
  });
}

/** Segments of one route merged: requests per second over their summed time, merged latencies. */
function merged(url: string, connections: number, results: autocannon.Result[]) {
  if (results.length === 0)
    return { perSecond: Number.NaN, p50: Number.NaN, p99: Number.NaN, errors: 0, total: 0 };
  const seconds = results.reduce((sum, r) => sum + r.duration, 0);
  const completed = results.reduce(
    (sum, r) => sum + (r as unknown as { totalCompletedRequests: number }).totalCompletedRequests,
    0,
  );
  // In autocannon's API, not in its type definitions.
  const { aggregateResult } = autocannon as unknown as {
    aggregateResult(
      results: autocannon.Result[],
      opts: { url: string; connections: number },
    ): autocannon.Result;
  };
  const all = aggregateResult(results, { url, connections });
  return {
    perSecond: Math.round(completed / seconds),
    p50: all.latency.p50,
    p99: all.latency.p99,
    errors: all.errors + all.timeouts + all.non2xx,
    total: completed,
  };
}

/**
 * The bare route and ingest at one number of connections, in SEGMENTS alternating segments each
 * (bare first, then ingest first, …), SECONDS in total per route. This VM's speed drifts by up to
 * 2× over minutes, and the two routes timed one after the other compared its moods as much as the
 * routes: in back-to-back runs of the same code the bare route's rate swung from 3,500 to 6,100/s.
 * Two segments each (bare, ingest, ingest, bare) balance a linear drift; more segments add more
 * starts of 50 or 200 fresh connections, which showed in ingest's p99 (PGlite @50, four segments
 * 215 ms against 91 ms in one).
 */
async function interleaved(base: string, key: string, body: Body, connections: number) {
  const bare: autocannon.Result[] = [];
  const ingest: autocannon.Result[] = [];
  const seconds = SECONDS / SEGMENTS;
  const runBare = async () => {
    if (!INGEST_ONLY)
      bare.push(await segment(`${base}/api/v1/responses/validate`, key, body, connections, seconds));
  };
  const runIngest = async () => {
    ingest.push(await segment(`${base}/api/v1/responses`, key, body, connections, seconds));
  };
  for (let i = 0; i < SEGMENTS; i++)
    for (const run of i % 2 === 0 ? [runBare, runIngest] : [runIngest, runBare]) await run();
  return {
    bare: merged(`${base}/api/v1/responses/validate`, connections, bare),
    ingest: merged(`${base}/api/v1/responses`, connections, ingest),
  };
}

async function benchOne(kind: 'pglite' | 'postgres'): Promise<Figures> {
  const dataDir = makeTempDir(`bench-${kind}`);
  const pg = kind === 'postgres' ? await createEmptyDatabase('postgres') : null;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: [
      HEAP_MB > 0 ? `--max-old-space-size=${HEAP_MB}` : '',
      process.env.BENCH_SERVER_NODE_OPTIONS ?? '',
    ]
      .filter(Boolean)
      .join(' '),
    ...(pg?.url ? { DATABASE_URL: pg.url } : {}),
  };
  const server = await startServer(env);
  try {
    const admin = await runCli(
      ['create-admin', '--org', 'bench', '--email', 'bench@bench.example', '--name', 'Bench Admin'],
      env,
    );
    if (admin.code !== 0) throw new Error(admin.stderr);
    const created = await runCli(
      ['api-key', 'create', '--org', 'bench', '--name', 'bench', '--scopes', 'all'],
      env,
    );
    const key = created.stdout.trim().split('\n').pop() ?? '';
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const survey = (await (
      await fetch(`${server.url}/api/v1/surveys`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'nps', name: 'Bench' }),
      })
    ).json()) as { id: string };
    await fetch(`${server.url}/api/v1/surveys/${survey.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ status: 'active' }),
    });
    const body = {
      surveyId: survey.id,
      customer: { email: 'customer@bench.example', name: 'Bench Customer' },
      score: 9,
      comment: 'The technician was friendly and fixed the boiler on the first visit.',
    };

    let figures: Figures | null = null;
    console.log(`${kind}: server resident memory before load ${rssMb(server.pid, 'VmRSS')} MB`);
    // Two untimed seconds of each route first: the first requests of a fresh server compile its code.
    if (!INGEST_ONLY) await segment(`${server.url}/api/v1/responses/validate`, key, body, CONNECTIONS[0], 2);
    await segment(`${server.url}/api/v1/responses`, key, body, CONNECTIONS[0], 2);
    for (const connections of CONNECTIONS) {
      // BENCH_INGEST_ONLY=true skips the bare route: for profiling the server while it ingests.
      const { bare, ingest } = await interleaved(server.url, key, body, connections);
      const ratio = Math.round((ingest.perSecond / bare.perSecond) * 100) / 100;
      console.log(
        `${kind} @${connections}: ingest ${ingest.perSecond}/s (p50 ${ingest.p50} ms, p99 ${ingest.p99} ms, errors ${ingest.errors}, ${ingest.total} stored) · ` +
          `bare ${bare.perSecond}/s (p50 ${bare.p50} ms, p99 ${bare.p99} ms, errors ${bare.errors}) · ratio ${ratio} · ` +
          `resident ${rssMb(server.pid, 'VmRSS')} MB`,
      );
      if (connections === 50) {
        figures = {
          responses_per_s: ingest.perSecond,
          bare_per_s: bare.perSecond,
          ratio,
          p50_ms: ingest.p50,
          p99_ms: ingest.p99,
          errors: ingest.errors,
          rss_mb: 0,
        };
      }
    }
    if (!figures) throw new Error('no 50-connection run');
    figures.rss_mb = peakRssMb(server.pid);
    console.log(`${kind}: server peak RSS ${figures.rss_mb} MB`);
    return figures;
  } finally {
    await server.stop();
    removeTempDir(dataDir);
    await pg?.dispose();
  }
}

const KINDS = (process.env.BENCH_KINDS ?? 'postgres,pglite').split(',');
const out: Record<string, unknown> = { bench: 'ingest', seconds: SECONDS };
if (!KINDS.includes('postgres')) console.log('PostgreSQL skipped: not in BENCH_KINDS');
else if (TEST_DATABASE_URL) out.postgres = await benchOne('postgres');
else console.log('PostgreSQL skipped: set TEST_DATABASE_URL to an admin URL of a PostgreSQL server');
if (KINDS.includes('pglite')) out.pglite = await benchOne('pglite');
console.log(JSON.stringify(out));
