import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db, query, sql } from './client.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The versioned SQL files in src/db/migrations, `NNNN_name.sql`, in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/** Splits a migration at semicolons that end a line, outside dollar-quoted bodies and comments. */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inDollar = false;
  for (const line of script.split('\n')) {
    const code = line.replace(/--.*$/, '');
    if (!inDollar && current.length === 0 && code.trim() === '') continue;
    current.push(line);
    inDollar = (code.match(/\$\$/g)?.length ?? 0) % 2 === 1 ? !inDollar : inDollar;
    if (!inDollar && code.trimEnd().endsWith(';')) {
      statements.push(current.join('\n'));
      current = [];
    }
  }
  if (current.some((l) => l.replace(/--.*$/, '').trim() !== '')) statements.push(current.join('\n'));
  return statements;
}

export const CODE_SCHEMA_VERSION = Math.max(0, ...loadMigrations().map((m) => m.version));

export class SchemaTooNew extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `The database is at schema version ${databaseVersion}, newer than this Serviceloop (schema ${codeVersion}). ` +
        'It was migrated by a newer release: run that release, or restore a backup made by this one.',
    );
    this.name = 'SchemaTooNew';
  }
}

async function ensureTable(db: Db): Promise<void> {
  await db.execute(sql`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
}

export async function schemaVersion(db: Db): Promise<number> {
  await ensureTable(db);
  const rows = await query<{ v: number | null }>(
    db,
    sql`select max(version)::int as v from schema_migrations`,
  );
  return rows[0]?.v ?? 0;
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Applies pending migrations up to `target` (default: all) in one transaction: all or nothing.
 * An advisory lock serialises processes starting together against one PostgreSQL.
 */
export async function migrate(
  db: Db,
  options: { target?: number; onProgress?: (message: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = loadMigrations();
  const target = options.target ?? CODE_SCHEMA_VERSION;
  await ensureTable(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727274)`);
    const from = await schemaVersion(tx);
    if (from > CODE_SCHEMA_VERSION) throw new SchemaTooNew(from, CODE_SCHEMA_VERSION);
    const applied: string[] = [];
    for (const m of migrations) {
      if (m.version <= from || m.version > target) continue;
      options.onProgress?.(`migrating: ${String(m.version).padStart(4, '0')}_${m.name}`);
      // One statement per call: PGlite's extended protocol takes a single statement at a time.
      for (const statement of splitStatements(m.sql)) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`);
      applied.push(`${m.version}_${m.name}`);
    }
    return { from, to: await schemaVersion(tx), applied };
  });
}
