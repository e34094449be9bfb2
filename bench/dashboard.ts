/**
 * npm run bench:dashboard — how the analytics dashboards hold up as volume grows. For each size
 * (default 100k, 1M, 10M responses) it loads one large customer's history — 24 months, 200 teams,
 * 5,000 employees with a skewed workload (a few people serve many customers), 3 channels, 4
 * surveys — generated server-side (`insert … select generate_series`, from a hash of the row number,
 * so PostgreSQL and PGlite hold identical rows), builds the rollups the way production does
 * (`rebuildRollups`), then times the service functions the API calls:
 *   overview   the organisation overview with its monthly trend (24 months)
 *   teams      NPS by team by month for all teams
 *   employee   one busy employee's monthly scores with intervals
 * on PostgreSQL and PGlite (PGlite up to --pglite-max, default 1M: loading and rebuilding 10M in
 * WebAssembly takes too long to be useful). DuckDB computes the same NPS by team by month by
 * scanning the same raw rows (copied in from the database) and the numbers are compared.
 *
 * All sizes of one database stay open and are timed in interleaved rounds: 20 warm-up rounds, then
 * 50 timed ones, each running the three calls once at every size (in a rotating order), with a
 * DuckDB scan at the largest size every tenth round. A server answers dashboards all day, so the
 * figures are its steady state, with the JIT compiled code (the first calls take twice as long);
 * and this VM's speed drifts by up to 2× over minutes, so only timings taken side by side compare
 * the sizes with each other and with DuckDB fairly.
 *
 * The last line is JSON: per database, p95_ms per size (the slowest of the three queries),
 * duckdb_scan_ms (median of the scans at the largest size), speedup_vs_duckdb (that scan over the
 * teams query's p95 at the largest size), flatness (p95 at the largest size over p95 at 100k) and
 * equal (DuckDB's numbers equal the dashboard's at every size).
 *
 * Options: --sizes 100000,1000000 --pglite-max 1000000 --runs 50 --warmup 20 --only postgres|pglite
 *   --reuse  on PostgreSQL, keep each size's database when it already holds that size (no
 *            reload): for iterating on the queries at 10M.
 * PostgreSQL: BENCH_DATABASE_URL, default postgres://sl:sl@localhost:5432/serviceloop_bench; each
 * size gets its own database beside it (serviceloop_bench_<size>, created when missing), whose
 * public schema is dropped and recreated unless --reuse finds the size loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'drizzle-orm';
import { type Database, type Db, openDatabase, query } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { EmployeeMonthlyQuery, OverviewQuery, TeamsQuery } from '../src/domains/analytics/analytics.api.ts';
import { getOverview } from '../src/domains/analytics/overview.service.ts';
import { getEmployeeMonthly, getTeamComparison } from '../src/domains/analytics/people-scores.service.ts';
import { rebuildRollups } from '../src/domains/analytics/rollups.ts';
import type { Ctx } from '../src/domains/auth/context.ts';
import { surveyTemplate } from '../src/domains/surveys/survey-templates.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('sizes') ?? '100000,1000000,10000000').split(',').map(Number);
const PGLITE_MAX = Number(arg('pglite-max') ?? 1_000_000);
const RUNS = Number(arg('runs') ?? 50);
const WARMUP = Number(arg('warmup') ?? 20);
const ONLY = arg('only');
const REUSE = process.argv.includes('--reuse');
const PG_URL = process.env.BENCH_DATABASE_URL || 'postgres://sl:sl@localhost:5432/serviceloop_bench';

const TEAMS = 200;
const EMPLOYEES = 5000;
const FROM = '2023-07-01';
const TO = '2025-06-30';
const TIME_ZONE = 'Europe/Berlin';
const ORG = '00000000-0000-7000-8000-00000000b001';
const SURVEYS = ['nps', 'csat', 'ces', 'custom'] as const;
const id = (kind: string, n: number | string) => `00000000-0000-7000-${kind}-${String(n).padStart(12, '0')}`;
const idSql = (kind: string, n: string) =>
  `('00000000-0000-7000-${kind}-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
/** The employee who serves most customers (index 0 of the skewed workload). */
const BUSY_EMPLOYEE = id('a000', '0');

const log = (m: string) => process.stderr.write(`${m}\n`);
const fmt = (n: number) => n.toLocaleString('en');

async function seed(db: Db, size: number, chunk: number): Promise<void> {
  await db.execute(
    sql`insert into organisations (id, name, slug, time_zone) values (${ORG}, 'Bench Co', 'bench', ${TIME_ZONE})`,
  );
  await db.execute(
    sql.raw(`insert into teams (org_id, id, name, kind)
      select '${ORG}', ${idSql('9000', 'g')}, 'Team ' || g, 'team' from generate_series(0, ${TEAMS - 1}) g`),
  );
  await db.execute(
    sql.raw(`insert into employees (org_id, id, name, email)
      select '${ORG}', ${idSql('a000', 'g')}, 'Agent ' || g, 'agent' || g || '@bench.example'
      from generate_series(0, ${EMPLOYEES - 1}) g`),
  );
  for (const [i, kind] of SURVEYS.entries()) {
    const definition =
      kind === 'custom'
        ? {
            languages: ['en'],
            title: { en: 'Custom' },
            thankYou: { en: 'Thanks' },
            brandColor: '#1864ab',
            questions: [
              { id: 'overall', type: 'rating', min: 1, max: 10, required: false, label: { en: 'Overall' } },
            ],
          }
        : surveyTemplate(kind);
    await db.execute(sql`insert into surveys (org_id, id, kind, name, status, definition)
      values (${ORG}, ${id('b000', i)}, ${kind}, ${kind}, 'active', ${JSON.stringify(definition)}::jsonb)`);
  }
  // Per row g: h1 picks the survey and the time, h2 the employee (u² skews the workload toward low
  // indexes) and the channel, h3 the score (teams differ by team index), h4 how many served.
  const hashes = `abs(hashint8(g)) as h1, abs(hashint8(g + 1000000007)) as h2,
    abs(hashint8(g + 2000000011)) as h3, abs(hashint8(g + 3000000019)) as h4`;
  const employee = `floor(${EMPLOYEES} * power((h2 % 1000000) / 1000000.0, 2))::int`;
  for (let start = 1; start <= size; start += chunk) {
    const end = Math.min(size, start + chunk - 1);
    await db.execute(
      sql.raw(`insert into responses (org_id, id, survey_id, team_id, channel, source, score, submitted_at, updated_at)
        select '${ORG}', ${idSql('8000', 'g')}, ${idSql('b000', '(h1 % 4)')},
          ${idSql('9000', `(${employee} % ${TEAMS})`)},
          (array['email', 'phone', 'chat'])[(1 + (h2 / 1000000) % 3)::int], 'import',
          case h1 % 4
            when 0 then least(10, h3 % 9 + (${employee} % ${TEAMS}) % 3)
            when 1 then 1 + h3 % 5
            when 2 then 1 + h3 % 7
            else 1 + h3 % 10 end,
          timestamptz '${FROM} 00:00:00+02' + make_interval(secs => (h1 / 4) % (730 * 86400)),
          now()
        from generate_series(${start}, ${end}) g, lateral (select ${hashes}) h`),
    );
    await db.execute(
      sql.raw(`insert into response_employees (org_id, response_id, employee_id)
        select '${ORG}', ${idSql('8000', 'g')}, ${idSql('a000', 'e')}
        from generate_series(${start}, ${end}) g, lateral (select ${hashes}) h,
          lateral (select ${employee} as e where h4 % 20 <> 0
                   union all select (${employee} + ${TEAMS}) % ${EMPLOYEES} where h4 % 20 = 1) x`),
    );
    log(`  loaded ${fmt(end)} responses`);
  }
}

interface Timing {
  p50: number;
  p95: number;
}
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
const round2 = (x: number) => Math.round(x * 100) / 100;

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round2(percentile(sorted, 0.5)), p95: round2(percentile(sorted, 0.95)) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

type NpsCells = Map<string, { n: number; value: number }>;
const QUERY_NAMES = ['overview', 'teams', 'employee'] as const;
type QueryName = (typeof QUERY_NAMES)[number];

interface SizeResult {
  timings: Record<QueryName, Timing>;
}

/** One loaded size: its database and the three dashboard calls, as the API makes them. */
interface Loaded {
  size: number;
  database: Database;
  queries: Record<QueryName, () => Promise<unknown>>;
  teams: () => ReturnType<typeof getTeamComparison>;
}

async function load(database: Database, size: number, reused: boolean): Promise<Loaded> {
  const db = database.db;
  if (reused) log(`  ${database.kind} ${fmt(size)}: reusing the loaded database`);
  else {
    const t0 = performance.now();
    await seed(db, size, database.kind === 'pglite' ? 100_000 : 1_000_000);
    const t1 = performance.now();
    const { rows } = await db.transaction((tx) => rebuildRollups(tx, ORG));
    if (database.kind === 'postgres') await db.execute(sql`analyze`);
    const t2 = performance.now();
    log(
      `  ${database.kind} ${fmt(size)}: loaded in ${((t1 - t0) / 1000).toFixed(1)} s, rollups rebuilt in ${((t2 - t1) / 1000).toFixed(1)} s (${fmt(rows)} rows)`,
    );
  }
  const ctx: Ctx = { db, orgId: ORG, actor: { type: 'system' } };
  const range = { from: FROM, to: TO };
  const teamsQuery = TeamsQuery.parse({ ...range, metric: 'nps' });
  const teams = () => getTeamComparison(ctx, teamsQuery);
  return {
    size,
    database,
    teams,
    queries: {
      overview: () => getOverview(ctx, OverviewQuery.parse(range)),
      teams,
      employee: () => getEmployeeMonthly(ctx, BUSY_EMPLOYEE, EmployeeMonthlyQuery.parse(range)),
    },
  };
}

async function dashboardCells(loaded: Loaded): Promise<NpsCells> {
  const cells: NpsCells = new Map();
  for (const team of (await loaded.teams()).teams)
    for (const s of team.series)
      if (s.estimate.n > 0)
        cells.set(`${team.teamId}|${s.period}`, { n: s.estimate.n, value: s.estimate.value ?? Number.NaN });
  return cells;
}

/** DuckDB holding a copy of one size's raw rows; `scan` computes NPS by team by month from them. */
class DuckCopy {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly duck: DuckDBConnection,
  ) {}

  static async of(db: Db): Promise<DuckCopy> {
    const instance = await DuckDBInstance.create(':memory:');
    const duck = await instance.connect();
    await duck.run('create table surveys (id varchar, kind varchar)');
    await duck.run('create table responses (survey_id varchar, team_id varchar, score integer, ts double)');
    for (const s of await query<{ id: string; kind: string }>(
      db,
      sql`select id, kind from surveys where org_id = ${ORG}`,
    ))
      await duck.run(`insert into surveys values ('${s.id}', '${s.kind}')`);
    const appender = await duck.createAppender('responses');
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await query<{
        id: string;
        survey_id: string;
        team_id: string;
        score: number | null;
        ts: number;
      }>(
        db,
        sql`select id, survey_id, team_id, score, extract(epoch from submitted_at)::float8 as ts from responses
            where org_id = ${ORG} and id > ${after} order by id limit 200000`,
      );
      for (const r of batch) {
        appender.appendVarchar(r.survey_id);
        appender.appendVarchar(r.team_id);
        if (r.score === null) appender.appendNull();
        else appender.appendInteger(r.score);
        appender.appendDouble(Number(r.ts));
        appender.endRow();
      }
      const last = batch[batch.length - 1];
      if (!last) break;
      after = last.id;
    }
    appender.closeSync();
    return new DuckCopy(instance, duck);
  }

  async scan(): Promise<NpsCells> {
    const rows = (
      await this.duck.runAndReadAll(
        `select r.team_id, strftime(date_trunc('month', timezone('${TIME_ZONE}', to_timestamp(r.ts))), '%Y-%m-%d') as month,
          count(*)::integer as n, (count(*) filter (where r.score >= 9))::integer as p, (count(*) filter (where r.score <= 6))::integer as d
        from responses r join surveys s on s.id = r.survey_id
        where s.kind = 'nps' and r.score is not null
        group by 1, 2`,
      )
    ).getRowObjectsJS();
    const cells: NpsCells = new Map();
    for (const r of rows) {
      const n = Number(r.n);
      cells.set(`${r.team_id}|${r.month}`, {
        n,
        value: Math.round((10_000 * (Number(r.p) - Number(r.d))) / n) / 100,
      });
    }
    return cells;
  }

  close(): void {
    this.duck.closeSync();
    this.instance.closeSync();
  }
}

const sameCells = (a: NpsCells, b: NpsCells) =>
  a.size === b.size &&
  [...a].every(
    ([k, v]) => b.get(k)?.n === v.n && Math.abs((b.get(k)?.value ?? Number.NaN) - v.value) < 0.006,
  );

async function openFresh(
  kind: 'postgres' | 'pglite',
  dir: string,
  size: number,
): Promise<{ database: Database; reused: boolean }> {
  if (kind === 'pglite') {
    rmSync(dir, { recursive: true, force: true });
    const database = await openDatabase({ pgliteDir: dir });
    await migrate(database.db);
    return { database, reused: false };
  }
  // One database per size (serviceloop_bench_100000, …), so --reuse can keep each loaded size.
  const url = new URL(PG_URL);
  const name = `${url.pathname.slice(1)}_${size}`;
  const admin = await openDatabase({ databaseUrl: PG_URL, poolSize: 1 });
  try {
    const [exists] = await query(admin.db, sql`select 1 from pg_database where datname = ${name}`);
    if (!exists) await admin.db.execute(sql.raw(`create database "${name}"`));
  } finally {
    await admin.close();
  }
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  if (REUSE) {
    const [held] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::float8 as n from responses where org_id = ${ORG}`,
    ).catch(() => []); // no responses table yet: nothing to reuse
    if (held?.n === size) {
      // Loaded by an older schema perhaps: its pending migrations (e.g. a re-keyed index) apply.
      await migrate(database.db);
      return { database, reused: true };
    }
  }
  await database.db.execute(sql`drop schema public cascade`);
  await database.db.execute(sql`create schema public`);
  await migrate(database.db);
  return { database, reused: false };
}

interface Summary {
  p95_ms: Record<string, number>;
  duckdb_scan_ms: number;
  speedup_vs_duckdb: number;
  flatness: number;
  equal: boolean;
}

/**
 * One database kind: every size loaded and open at once, then timed in interleaved rounds (each
 * round runs the three calls at every size, in a rotating order, and every tenth round one DuckDB
 * scan at the largest size). On this VM a process's speed drifts by up to 2× over minutes, so
 * sizes timed one after the other compared the machine's moods as much as the sizes; interleaved,
 * the flatness and the speed-up compare timings taken side by side.
 */
async function benchKind(
  kind: 'postgres' | 'pglite',
  sizes: number[],
  scratch: string,
): Promise<{ sizes: Record<number, SizeResult>; duckMs: number; equal: boolean }> {
  const loaded: Loaded[] = [];
  let duck: DuckCopy | undefined;
  try {
    for (const size of sizes) {
      log(`${kind}: ${fmt(size)} responses`);
      const { database, reused } = await openFresh(kind, join(scratch, `pglite-${size}`), size);
      loaded.push(await load(database, size, reused));
    }
    // Identical numbers at every size; the largest size's copy stays for the timed scans.
    let equal = true;
    for (const l of loaded) {
      const copy = await DuckCopy.of(l.database.db);
      const same = sameCells(await dashboardCells(l), await copy.scan());
      log(`  ${kind} ${fmt(l.size)}: DuckDB's numbers ${same ? 'equal' : 'DIFFER FROM'} the dashboard's`);
      equal &&= same;
      if (l === loaded[loaded.length - 1]) duck = copy;
      else copy.close();
    }
    const samples = new Map(
      loaded.map((l) => [l.size, { overview: [], teams: [], employee: [] } as Record<QueryName, number[]>]),
    );
    const duckSamples: number[] = [];
    const round = async (index: number, measured: boolean) => {
      for (let i = 0; i < loaded.length; i++) {
        const l = loaded[(index + i) % loaded.length] as Loaded;
        for (const name of QUERY_NAMES) {
          const ms = await timed(l.queries[name]);
          if (measured) samples.get(l.size)?.[name].push(ms);
        }
      }
    };
    for (let i = 0; i < WARMUP; i++) await round(i, false);
    for (let i = 0; i < RUNS; i++) {
      await round(i, true);
      if (duck && i % 10 === 5) {
        const copy = duck;
        duckSamples.push(await timed(() => copy.scan()));
        // DuckDB's threads and memory are foreign to a dashboard server: one untimed round lets
        // the caches and the allocator settle before the next timed one.
        await round(i, false);
      }
    }
    // Fewer than six timed rounds (--runs) leave no scan between them: time one after.
    if (duck && duckSamples.length === 0) {
      const copy = duck;
      duckSamples.push(await timed(() => copy.scan()));
    }
    const result: Record<number, SizeResult> = {};
    for (const l of loaded) {
      const s = samples.get(l.size) as Record<QueryName, number[]>;
      const timings = {
        overview: summarise(s.overview),
        teams: summarise(s.teams),
        employee: summarise(s.employee),
      };
      for (const [name, t] of Object.entries(timings))
        log(`  ${kind} ${fmt(l.size)} ${name.padEnd(9)} p50 ${t.p50} ms  p95 ${t.p95} ms`);
      result[l.size] = { timings };
    }
    const duckMs = summarise(duckSamples).p50;
    log(
      `  duckdb scan of ${fmt(sizes[sizes.length - 1] ?? 0)} raw rows: ${duckMs} ms (median of ${duckSamples.length}, taken between the rounds)`,
    );
    return { sizes: result, duckMs, equal };
  } finally {
    duck?.close();
    for (const l of loaded) await l.database.close();
  }
}

async function main() {
  const kinds = (['postgres', 'pglite'] as const).filter((k) => !ONLY || ONLY === k);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  const summary: Record<string, Summary> = {};
  try {
    for (const kind of kinds) {
      const sizes = [...SIZES].sort((a, b) => a - b).filter((s) => kind !== 'pglite' || s <= PGLITE_MAX);
      if (!sizes.length) continue;
      const r = await benchKind(kind, sizes, scratch);
      const largest = sizes[sizes.length - 1] as number;
      const p95 = (size: number) =>
        Math.max(...Object.values(r.sizes[size]?.timings ?? {}).map((t) => t.p95));
      summary[kind] = {
        p95_ms: Object.fromEntries(sizes.map((s) => [String(s), p95(s)])),
        duckdb_scan_ms: r.duckMs,
        speedup_vs_duckdb: Math.round((r.duckMs / (r.sizes[largest]?.timings.teams.p95 ?? 1)) * 10) / 10,
        flatness: Math.round((p95(largest) / p95(sizes[0] ?? largest)) * 100) / 100,
        equal: r.equal,
      };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: 'dashboard', ...summary }));
}

await main();
