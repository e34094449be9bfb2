import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/** A database or a transaction: every data-access function takes one of these first. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite stores its files in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Directory for PGlite files; `memory://` runs PGlite in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
  /** PGlite's buffer pool (Postgres' shared_buffers); it is WebAssembly memory, held for good. */
  pgliteSharedBuffers?: string;
  /** A data directory image (PGlite's `dumpDataDir`) to start from instead of running initdb. */
  pgliteImage?: Blob;
}

const PGLITE_INIT = fileURLToPath(new URL('./pglite-init.mjs', import.meta.url));

/**
 * A new data directory is created by a short-lived child process (see pglite-init.mjs): initdb's
 * memory would otherwise stay with this process for its whole life.
 */
async function createPgliteDirInChild(dir: string): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  const child = spawn(process.execPath, [PGLITE_INIT, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`could not create the PGlite data directory ${dir}: ${stderr.trim()}`);
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A pool error on an idle client must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    await pool.query('select 1');
    return { kind: 'postgres', db: drizzlePg(pool) as unknown as Db, close: () => pool.end() };
  }
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) await createPgliteDirInChild(dir);
  const client = await PGlite.create(dir, {
    ...(options.pgliteImage ? { loadDataDir: options.pgliteImage } : {}),
    startParams: [
      ...PGlite.defaultStartParams,
      '-c',
      `shared_buffers=${options.pgliteSharedBuffers ?? '32MB'}`,
    ],
  });
  yieldBeforeEachStatement(client);
  return { kind: 'pglite', db: drizzlePglite(client) as unknown as Db, close: () => client.close() };
}

/**
 * PGlite runs each statement synchronously in this thread (PostgreSQL compiled to WebAssembly) and
 * its promises settle as microtasks, so a run of awaited statements (a pipeline job's steps, one
 * after another) never let the event loop poll for I/O: HTTP requests and their group commits
 * waited behind whole jobs. So every query, exec and transaction first yields one turn of the
 * event loop. Measured with `npm run bench:ingest` on PGlite, back to back: ingest p99 at 50
 * connections 1,471 → 109 ms, at 200 connections 4,877 ms (with timeouts) → 226 ms, event-loop
 * stalls up to 4.8 s → under 0.2 s. (Later runs swung with the machine: 123–423 ms at 50.)
 */
function yieldBeforeEachStatement(client: PGlite): void {
  const methods = client as unknown as Record<
    'query' | 'exec' | 'transaction',
    (...args: unknown[]) => unknown
  >;
  for (const method of ['query', 'exec', 'transaction'] as const) {
    const original = methods[method].bind(client);
    methods[method] = async (...args: unknown[]) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return original(...args);
    };
  }
}

/** Runs raw SQL and returns its rows, on either driver (both expose `.rows`). */
export async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * `any($1::uuid[])`, for `column = ${anyUuid(ids)}`: a list of ids sent as ONE array parameter.
 * Drizzle's `inArray` and an `in (…)` list send one parameter per id; the response pipeline's
 * rounds of up to 1,000 responses then built, sent and planned 1,000-parameter statements in every
 * step, on the event loop that also serves ingest.
 */
export const anyUuid = (ids: readonly string[]): SQL => sql`any(${sql.param([...ids])}::uuid[])`;

export { sql };
