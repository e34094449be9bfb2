import { type Db, query, sql } from './client.ts';

/** Tables smaller than this (in pages) are left alone: any plan is cheap on them. */
const MIN_PAGES = 4;

/**
 * PostgreSQL's autovacuum also ANALYZEs each table as it grows, and every analyze invalidates the
 * plans cached on that table. PGlite has no autovacuum, so its tables are never analyzed and its
 * plans are made without statistics for the life of the process. What that cost: under ingest, the
 * pipeline's upsert of 1,000 analysed comments took up to 1–1.5 s inside PGlite in some runs (10 s
 * of a 10 s benchmark, holding the one connection), against 15–35 ms alone on the same data.
 * Dropping the `response_text → responses` foreign key made it fast, and so did analyzing
 * `responses` once, mid-run (twice each). The check's plan is an index scan either way, so the
 * time is most likely planning: the check is planned for each row while the cached generic plan
 * looks costlier than custom ones, and statistics settle that.
 *
 * So on PGlite the server analyzes, every few seconds, each table that has grown past twice the
 * size its last analyze saw (and past a few pages): a table is analyzed a handful of times as it
 * grows, not on every write. Returns the tables it analyzed.
 */
export async function analyzeGrownTables(db: Db): Promise<string[]> {
  const grown = await query<{ name: string }>(
    db,
    sql`select format('%I.%I', n.nspname, c.relname) as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and pg_relation_size(c.oid) / current_setting('block_size')::int > 2 * greatest(c.relpages, 0) + ${MIN_PAGES}
        order by c.relname`,
  );
  // Names from the catalogue, quoted by format('%I').
  for (const { name } of grown) await db.execute(sql.raw(`analyze ${name}`));
  return grown.map((g) => g.name);
}

/** Runs `analyzeGrownTables` every `intervalMs` until stopped (one run at a time). */
export function startAutoAnalyze(
  db: Db,
  options: { intervalMs?: number; log: (message: string, err: unknown) => void },
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = analyzeGrownTables(db)
      .catch((err) => options.log('automatic analyze failed', err))
      .finally(() => {
        running = null;
      });
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
