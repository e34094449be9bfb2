import { once } from 'node:events';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Db, query, sql } from './client.ts';
import { CODE_SCHEMA_VERSION, migrate, schemaVersion } from './migrate.ts';

/**
 * Backups are gzip'd JSON lines: a header (format, schema version), then each table's rows in
 * batches, then a trailer with row counts. They are read in one repeatable-read transaction, so
 * the copy is consistent, and they restore into either PGlite or PostgreSQL.
 */
export const BACKUP_FORMAT = 'serviceloop-backup';
export const BACKUP_FORMAT_VERSION = 1;
const BATCH = 2000;

type Line =
  | {
      type: 'header';
      format: string;
      formatVersion: number;
      schemaVersion: number;
      createdAt: string;
      database: string;
    }
  | { type: 'table'; name: string }
  | { type: 'rows'; table: string; rows: unknown[] }
  | { type: 'end'; counts: Record<string, number> };

export type Progress = (message: string) => void;

interface TableInfo {
  name: string;
  deps: string[];
  pk: string[];
}

async function listTables(db: Db): Promise<TableInfo[]> {
  const rows = await query<{ name: string; deps: string[] | null; pk: string[] | null }>(
    db,
    sql`select c.relname as name,
          array(select distinct r.relname::text from pg_constraint k join pg_class r on r.oid = k.confrelid
                where k.conrelid = c.oid and k.contype = 'f' and k.confrelid <> c.oid) as deps,
          array(select a.attname::text from pg_index i cross join unnest(i.indkey) with ordinality as u(attnum, ord)
                join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
                where i.indrelid = c.oid and i.indisprimary order by u.ord) as pk
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
          and c.relname <> 'schema_migrations'
        order by c.relname`,
  );
  return topologicalOrder(rows.map((r) => ({ name: r.name, deps: r.deps ?? [], pk: r.pk ?? [] })));
}

/** Parents before children, so foreign keys hold as rows are inserted. */
export function topologicalOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.name)) return;
    if (path.has(t.name)) throw new Error(`Foreign keys form a cycle through ${t.name}`);
    path.add(t.name);
    for (const dep of t.deps) {
      const d = byName.get(dep);
      if (d) visit(d, path);
    }
    path.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

export async function backup(db: Db, file: string, databaseKind: string, progress: Progress = () => {}) {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  // pipeline() owns both streams' errors (no such directory, disk full): they fail this backup
  // instead of crashing the process, which may be the running server (admin socket).
  let failure: unknown = null;
  const written = pipeline(gzip, out).catch((err: unknown) => {
    failure = err;
  });
  const write = async (line: Line) => {
    if (failure) throw failure;
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await Promise.race([once(gzip, 'drain'), written]);
    if (failure) throw failure;
  };
  const counts: Record<string, number> = {};
  try {
    await writeTables(db, databaseKind, write, counts, progress);
    await write({ type: 'end', counts });
    gzip.end();
    await written;
    if (failure) throw failure;
  } catch (err) {
    // A partial file must not be mistaken for a backup.
    gzip.destroy();
    await written;
    rmSync(file, { force: true });
    throw err;
  }
  return { counts };
}

async function writeTables(
  db: Db,
  databaseKind: string,
  write: (line: Line) => Promise<void>,
  counts: Record<string, number>,
  progress: Progress,
) {
  // schemaVersion() creates schema_migrations when it is missing, which a read-only transaction
  // refuses even when the table exists: make sure of it here, then only read it inside.
  await schemaVersion(db);
  await db.transaction(
    async (tx) => {
      const [{ version } = { version: 0 }] = await query<{ version: number }>(
        tx,
        sql`select coalesce(max(version), 0)::int as version from schema_migrations`,
      );
      await write({
        type: 'header',
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        schemaVersion: version,
        createdAt: new Date().toISOString(),
        database: databaseKind,
      });
      const tables = await listTables(tx);
      for (const [i, table] of tables.entries()) {
        await write({ type: 'table', name: table.name });
        let count = 0;
        let last: unknown = null;
        const pk = sql.raw(table.pk.map((c) => `"${c}"`).join(', '));
        for (;;) {
          // Keyset pagination on the primary key: the last row is cast back to the table's row type.
          const rows = await query<{ r: unknown }>(
            tx,
            sql`select row_to_json(t) as r from ${ident(table.name)} t
                ${last === null ? sql`` : sql`where (${pk}) > (select ${pk} from json_populate_record(null::${ident(table.name)}, ${JSON.stringify(last)}::json))`}
                order by ${pk} limit ${BATCH}`,
          );
          if (rows.length === 0) break;
          await write({ type: 'rows', table: table.name, rows: rows.map((r) => r.r) });
          count += rows.length;
          last = rows[rows.length - 1]?.r ?? null;
          if (rows.length < BATCH) break;
        }
        counts[table.name] = count;
        progress(`backup: ${table.name} ${count} rows (${i + 1}/${tables.length})`);
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The backup's lines, split on "\n" only: JSON.stringify escapes every \n and \r inside strings,
 * but not U+2028/U+2029, which readline (since Node 22) also treats as line ends.
 */
async function* readLines(file: string): AsyncGenerator<Line> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  gunzip.setEncoding('utf8');
  let buffered = '';
  for await (const chunk of source.pipe(gunzip) as AsyncIterable<string>) {
    buffered += chunk;
    let start = 0;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n', start)) {
      const line = buffered.slice(start, end);
      start = end + 1;
      if (line.trim()) yield JSON.parse(line) as Line;
    }
    buffered = buffered.slice(start);
  }
  if (buffered.trim()) yield JSON.parse(buffered) as Line;
}

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/**
 * Restores a backup into an empty database: migrates to the backup's schema version, loads every
 * row in one transaction (checking the trailer's counts), then migrates to the current version.
 */
export async function restore(db: Db, file: string, progress: Progress = () => {}) {
  const lines = readLines(file);
  const first = await lines.next();
  const header = first.value;
  if (header?.type !== 'header' || header.format !== BACKUP_FORMAT)
    throw new RestoreRefused(`${file} is not a Serviceloop backup`);
  if (header.formatVersion > BACKUP_FORMAT_VERSION || header.schemaVersion > CODE_SCHEMA_VERSION)
    throw new RestoreRefused(
      `${file} was made by a newer Serviceloop (schema ${header.schemaVersion}); this one knows schema ${CODE_SCHEMA_VERSION}`,
    );
  if ((await schemaVersion(db)) > header.schemaVersion)
    throw new RestoreRefused(
      'The target database is already migrated past the backup; restore into a fresh one',
    );
  await migrate(db, { target: header.schemaVersion, onProgress: progress });
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await query<{ n: number }>(
      tx,
      sql`select count(*)::int as n from organisations`,
    );
    if (n > 0) throw new RestoreRefused('The target database already holds data; restore into a fresh one');
    await tx.execute(sql`set constraints all deferred`);
    let ended = false;
    for await (const line of lines) {
      if (line.type === 'rows') {
        await tx.execute(
          sql`insert into ${ident(line.table)} select * from json_populate_recordset(null::${ident(line.table)}, ${JSON.stringify(line.rows)}::json)`,
        );
        counts[line.table] = (counts[line.table] ?? 0) + line.rows.length;
      } else if (line.type === 'table') {
        progress(`restore: ${line.name}`);
      } else if (line.type === 'end') {
        for (const [table, expected] of Object.entries(line.counts)) {
          if ((counts[table] ?? 0) !== expected)
            throw new RestoreRefused(
              `${table}: the backup promises ${expected} rows but holds ${counts[table] ?? 0}`,
            );
        }
        ended = true;
      }
    }
    if (!ended) throw new RestoreRefused(`${file} is truncated: it has no trailer`);
  });
  await migrate(db, { onProgress: progress });
  return { counts, schemaVersion: header.schemaVersion };
}
