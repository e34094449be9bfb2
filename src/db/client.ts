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
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A pool error on an idle client must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    await pool.query('select 1');
    return { kind: 'postgres', db: drizzlePg(pool) as unknown as Db, close: () => pool.end() };
  }
  const client = await PGlite.create(options.pgliteDir ?? 'memory://');
  return { kind: 'pglite', db: drizzlePglite(client) as unknown as Db, close: () => client.close() };
}

/** Runs raw SQL and returns its rows, on either driver (both expose `.rows`). */
export async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
