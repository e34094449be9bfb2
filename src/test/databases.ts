import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type Database, type DatabaseKind, type Db, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

/**
 * The integration suite runs on PGlite always and on PostgreSQL when TEST_DATABASE_URL is set.
 * Each test file gets a fresh database (a new PostgreSQL database, or an in-memory PGlite), so
 * files can run in parallel without seeing each other's rows.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const DATABASE_KINDS: DatabaseKind[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let warned = false;
export function noteSkippedPostgres(): void {
  if (!TEST_DATABASE_URL && !warned) {
    warned = true;
    console.info('PostgreSQL runs of the integration suite are skipped: TEST_DATABASE_URL is not set.');
  }
}

export interface TestDatabase extends Database {
  /** A postgres:// URL for this database (PostgreSQL only), for tests that start processes. */
  url: string | undefined;
  dispose(): Promise<void>;
}

/** Creates an empty database of the given kind (not migrated). */
export async function createEmptyDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  noteSkippedPostgres();
  if (kind === 'pglite') {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    return { ...database, url: undefined, dispose: () => database.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `sl_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...database,
    url: url.toString(),
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** A fresh database with every migration applied. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    // initdb in WebAssembly takes 2–3 s; starting from an image of a migrated database takes 0.5 s.
    const database = await openDatabase({ pgliteDir: 'memory://', pgliteImage: await migratedImage() });
    return { ...database, url: undefined, dispose: () => database.close() };
  }
  const database = await createEmptyDatabase(kind);
  await migrate(database.db);
  return database;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../db/migrations/', import.meta.url));

/**
 * An image of an in-memory PGlite with every migration applied, made once per set of migrations
 * (named by their hash) and shared by every test worker through a file in the temp directory.
 */
async function migratedImage(): Promise<Blob> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(PGlite.defaultStartParams));
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(name).update(readFileSync(join(MIGRATIONS_DIR, name)));
  }
  const file = join(tmpdir(), `serviceloop-test-image-${hash.digest('hex').slice(0, 16)}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const template = await PGlite.create('memory://');
    await migrate(drizzle(template) as unknown as Db);
    const image = await template.dumpDataDir('none');
    await template.close();
    // Written under a unique name and renamed, so a worker never reads a half-written image.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await image.arrayBuffer()));
    await rename(partial, file);
    return image;
  }
}
