import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SQL } from 'drizzle-orm';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPeople } from '../demo/people.demo.ts';
import { createApiKey } from '../domains/auth/api-keys.service.ts';
import { recordAudit } from '../domains/auth/audit.service.ts';
import { requestPasswordReset, signIn } from '../domains/auth/auth.service.ts';
import { auditEvents } from '../domains/auth/auth.tables.ts';
import {
  createEmptyDatabase,
  createTestDatabase,
  noteSkippedPostgres,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../test/databases.ts';
import { makeTempDir, removeTempDir } from '../test/processes.ts';
import { seedOrg, TEST_PASSWORD } from '../test/seed.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backup, RestoreRefused, restore } from './backup.ts';
import { type DatabaseKind, type Db, query, sql } from './client.ts';
import { CODE_SCHEMA_VERSION, schemaVersion } from './migrate.ts';

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every table's rows as JSON text, ordered by primary key. Read at UTC so that timestamps from
 * databases with different time zones compare as text; schema_migrations compares without
 * applied_at, which is the time of each database's own migration.
 */
async function dumpTables(db: Db): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local time zone 'UTC'`);
    const tables = await query<{ name: string; pk: string[] }>(
      tx,
      sql`select c.relname::text as name,
            array(select a.attname::text from pg_index i cross join unnest(i.indkey) with ordinality as u(attnum, ord)
                  join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
                  where i.indrelid = c.oid and i.indisprimary order by u.ord) as pk
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = current_schema() and c.relkind in ('r', 'p')
          order by c.relname`,
    );
    const dump: Record<string, string[]> = {};
    for (const table of tables) {
      if (table.pk.length === 0) throw new Error(`${table.name} has no primary key to order by`);
      const columns = table.name === 'schema_migrations' ? 'version, name' : '*';
      const rows = await query<{ r: string }>(
        tx,
        sql.raw(
          `select row_to_json(t)::text as r from (select ${columns} from ${quoted(table.name)}) t
           order by ${table.pk.map(quoted).join(', ')}`,
        ),
      );
      dump[table.name] = rows.map((row) => row.r);
    }
    return dump;
  });
}

const totalRows = (dump: Record<string, string[]>) =>
  Object.values(dump).reduce((sum, rows) => sum + rows.length, 0);

const FILLED_TABLES = [
  'organisations',
  'employees',
  'teams',
  'team_managers',
  'team_memberships',
  'credentials',
  'sessions',
  'one_time_tokens',
  'api_keys',
  'audit_events',
  'rate_limit_counters',
  'schema_migrations',
];

/** The demo, a seeded organisation, an API key, a session, a reset token and many audit events. */
async function fillWithRealisticData(db: Db): Promise<void> {
  await loadDemoPeople(db);
  const org = await seedOrg(db);
  await createApiKey(org.people.admin.ctx, { name: 'HR sync', scopes: ['people:read'] });
  await signIn(db, { email: org.people.manager.email, password: TEST_PASSWORD, ip: '10.1.2.3' });
  await requestPasswordReset(db, org.people.employee.email, '10.1.2.3', {
    mailer: { send: async () => {} },
    publicUrl: 'http://serviceloop.test',
  });
  await recordAudit(org.system, 'test.awkward_json', null, {
    note: 'Ünïcødé "quoted" \\ back\nslash \u2028',
    amount: 1.5,
    nested: { list: [1, null, true, 'x'] },
  });
  // More rows than one backup batch (2000), so the keyset pagination over a composite key runs.
  const many = Array.from({ length: 2100 }, (_, i) => ({
    orgId: org.orgId,
    id: uuidv7(),
    actorType: 'system' as const,
    action: 'test.bulk',
    targetType: 'employee',
    targetId: org.people.employee.id,
    ip: `10.0.${i % 250}.1`,
    details: { i },
  }));
  await db.insert(auditEvents).values(many);
}

function gzipLines(lines: object[]): Buffer {
  return gzipSync(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}

describe('backup and restore', () => {
  let dir: string;
  const sources = new Map<DatabaseKind, Promise<{ database: TestDatabase; file: string }>>();
  const opened: TestDatabase[] = [];

  /** One source database per kind, filled and backed up once, shared by the tests that need it. */
  function backedUpSource(kind: DatabaseKind) {
    let source = sources.get(kind);
    if (!source) {
      source = (async () => {
        const database = await createTestDatabase(kind);
        opened.push(database);
        await fillWithRealisticData(database.db);
        const file = join(dir, `source-${kind}.jsonl.gz`);
        await backup(database.db, file, database.kind);
        return { database, file };
      })();
      sources.set(kind, source);
    }
    return source;
  }

  async function emptyTarget(kind: DatabaseKind): Promise<TestDatabase> {
    const database = await createEmptyDatabase(kind);
    opened.push(database);
    return database;
  }

  // The refusal tests share one target: each proves it is left without rows, which is all the
  // next one needs (a fresh PGlite costs seconds).
  let scratch: Promise<TestDatabase> | undefined;
  const scratchTarget = () => {
    scratch ??= emptyTarget('pglite');
    return scratch;
  };

  beforeAll(() => {
    dir = makeTempDir('backup');
    noteSkippedPostgres();
  });
  afterAll(async () => {
    await Promise.allSettled(sources.values());
    await Promise.allSettled(opened.map((database) => database.dispose()));
    removeTempDir(dir);
  });

  const roundTrips: { from: DatabaseKind; to: DatabaseKind }[] = [
    { from: 'pglite', to: 'pglite' },
    { from: 'pglite', to: 'postgres' },
    { from: 'postgres', to: 'pglite' },
  ];
  for (const { from, to } of roundTrips) {
    const needsPostgres = from === 'postgres' || to === 'postgres';
    it.skipIf(needsPostgres && !TEST_DATABASE_URL)(
      `restores a ${from} backup into ${to} with every row of every table identical`,
      async () => {
        const source = await backedUpSource(from);
        const target = await emptyTarget(to);
        const restored = await restore(target.db, source.file);

        const before = await dumpTables(source.database.db);
        const after = await dumpTables(target.db);
        // The tables this fixture fills hold rows, so comparing them proves something. Tables other
        // domains add are compared too; extend fillWithRealisticData() to put rows in them.
        for (const table of FILLED_TABLES) expect(before[table]?.length, table).toBeGreaterThan(0);
        expect(before.audit_events?.length).toBeGreaterThan(2000);
        expect(Object.keys(after)).toEqual(Object.keys(before));
        for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
        expect(Object.values(restored.counts).reduce((sum, n) => sum + n, 0)).toBe(
          totalRows(before) - (before.schema_migrations?.length ?? 0),
        );
        expect(await schemaVersion(target.db)).toBe(CODE_SCHEMA_VERSION);
      },
    );
  }

  it('fails a backup to a directory that does not exist, without crashing the process', async () => {
    const source = await backedUpSource('pglite');
    const file = join(dir, 'no-such-directory', 'backup.jsonl.gz');
    await expect(backup(source.database.db, file, 'pglite')).rejects.toThrow(/ENOENT/);
    expect(existsSync(file)).toBe(false);
  });

  it('leaves no partial file behind when the database fails half-way through a backup', async () => {
    const source = await backedUpSource('pglite');
    // The real database, except that the backup's transaction loses its connection after a few tables.
    let statements = 0;
    const failingTx = (tx: Db) =>
      new Proxy(tx, {
        get: (target, property) =>
          property === 'execute'
            ? (statement: SQL) => {
                if (++statements > 6) throw new Error('connection lost');
                return target.execute(statement);
              }
            : Reflect.get(target, property),
      });
    const failing = new Proxy(source.database.db, {
      get: (target, property) =>
        property === 'transaction'
          ? (run: (tx: Db) => Promise<unknown>, config?: PgTransactionConfig) =>
              target.transaction((tx) => run(failingTx(tx)), config)
          : Reflect.get(target, property),
    });
    const file = join(dir, 'partial.jsonl.gz');
    await expect(backup(failing, file, 'pglite')).rejects.toThrow('connection lost');
    expect(statements).toBeGreaterThan(6);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses to restore into a database that already holds data, and changes nothing', async () => {
    const source = await backedUpSource('pglite');
    const before = await dumpTables(source.database.db);
    await expect(restore(source.database.db, source.file)).rejects.toThrow(
      new RestoreRefused('The target database already holds data; restore into a fresh one'),
    );
    expect(await dumpTables(source.database.db)).toEqual(before);
  });

  it('refuses a backup made by a newer schema before touching the target', async () => {
    const file = join(dir, 'from-the-future.jsonl.gz');
    writeFileSync(
      file,
      gzipLines([
        {
          type: 'header',
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          schemaVersion: 999,
          createdAt: new Date().toISOString(),
          database: 'pglite',
        },
        { type: 'end', counts: {} },
      ]),
    );
    const target = await scratchTarget();
    const refusal = restore(target.db, file);
    await expect(refusal).rejects.toBeInstanceOf(RestoreRefused);
    await expect(refusal).rejects.toThrow(/newer Serviceloop \(schema 999\)/);
    const [{ organisations } = { organisations: 'missing' }] = await query<{ organisations: string | null }>(
      target.db,
      sql`select to_regclass('organisations')::text as organisations`,
    );
    expect(organisations).toBeNull();
  });

  it('refuses a backup whose trailer was cut off, and writes none of its rows', async () => {
    const source = await backedUpSource('pglite');
    const lines = gunzipSync(readFileSync(source.file)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '{}').type).toBe('end');
    const file = join(dir, 'no-trailer.jsonl.gz');
    writeFileSync(file, gzipSync(`${lines.slice(0, -1).join('\n')}\n`));

    const target = await scratchTarget();
    await expect(restore(target.db, file)).rejects.toThrow(
      new RestoreRefused(`${file} is truncated: it has no trailer`),
    );
    const dump = await dumpTables(target.db);
    expect(dump.organisations).toEqual([]);
    expect(totalRows(dump) - (dump.schema_migrations?.length ?? 0)).toBe(0);
  });

  it('refuses a backup file cut off mid-stream, and writes none of its rows', async () => {
    const source = await backedUpSource('pglite');
    const bytes = readFileSync(source.file);
    const file = join(dir, 'cut.jsonl.gz');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));

    const target = await scratchTarget();
    await expect(restore(target.db, file)).rejects.toThrow(/unexpected end of file/);
    const dump = await dumpTables(target.db);
    expect(totalRows(dump) - (dump.schema_migrations?.length ?? 0)).toBe(0);
  });
});
