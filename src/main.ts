import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { callAdminSocket, startAdminSocket } from './cli/admin-socket.ts';
import { demoSignIn, type OperationName, runOperation } from './cli/operations.ts';
import { loadConfig } from './config.ts';
import { startAutoAnalyze } from './db/auto-analyze.ts';
import { query, sql } from './db/client.ts';
import { DataDirLocked, readLockHolder } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { loadDemo } from './demo/demo.ts';
import { createMailer } from './integrations/email.ts';
import { allJobHandlers, scheduleDailyJobs } from './jobs/handlers.ts';
import { startJobRunner } from './jobs/jobs.ts';
import { adminSocketPath, openRuntime } from './runtime.ts';

const progress = (message: string) => process.stderr.write(`${message}\n`);

/**
 * Runs a database operation here, or through the running server when it holds the PGlite lock.
 * Anything else that finds the lock taken stops with a message that says what to do.
 */
async function dispatch(name: OperationName, args: unknown): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const holder = readLockHolder(config.dataDir);
    if (holder?.adminSocket && existsSync(holder.adminSocket)) {
      progress(`The server (pid ${holder.pid}) holds ${config.dataDir}; sending "${name}" to it.`);
      console.log(await callAdminSocket(holder.adminSocket, name, args, progress));
      return;
    }
    if (holder) throw new DataDirLocked(config.dataDir, holder);
  }
  const runtime = await openRuntime(config, name);
  try {
    // restore migrates by itself, first to the backup's schema version, then to the current one.
    if (name !== 'restore' && name !== 'migrate')
      await migrate(runtime.database.db, { onProgress: progress });
    console.log(await runOperation(runtime.database, name, args, progress));
  } finally {
    await runtime.close();
  }
}

async function start(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const runtime = await openRuntime(config, 'start', true);
  const { database } = runtime;
  const migrated = await migrate(database.db, { onProgress: progress });
  if (migrated.applied.length > 0) progress(`Database migrated to schema ${migrated.to}`);

  const wantDemo =
    config.demoOnFirstStart === 'true' || (config.demoOnFirstStart === 'auto' && database.kind === 'pglite');
  const [{ n } = { n: 0 }] = await query<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from organisations`,
  );
  let firstStartDemo = false;
  if (n === 0 && wantDemo) {
    progress('First start on an empty database: loading the demo organisation…');
    await loadDemo(database.db, progress);
    firstStartDemo = true;
  }

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.smtpFrom, log: (m) => progress(m) });
  // Imported here, not at the top: the other commands need none of the HTTP app, and start faster.
  const { buildApp } = await import('./server/app.ts');
  const app = await buildApp({ config, database, mailer });
  await app.listen({ port: config.port, host: config.host });
  // Every organisation's daily jobs, for those created before a job existed or while stopped.
  await scheduleDailyJobs(database.db);
  const jobs = startJobRunner({
    db: database.db,
    handlers: allJobHandlers({
      db: database.db,
      mailer,
      publicUrl: config.publicUrl,
      outboundWebhooksAllowPrivate: config.outboundWebhooksAllowPrivate,
    }),
    log: (message, err) => app.log.error({ err }, message),
  });
  const admin = database.kind === 'pglite' ? await startAdminSocket(adminSocketPath(config), database) : null;
  // PostgreSQL's autovacuum analyzes tables as they grow; PGlite has none (src/db/auto-analyze.ts).
  const analyzer =
    database.kind === 'pglite'
      ? startAutoAnalyze(database.db, { log: (message, err) => app.log.error({ err }, message) })
      : null;
  const readyMs = Math.round(performance.now() - startedAt);
  app.log.info({ readyMs, database: database.kind, schemaVersion: migrated.to }, 'serviceloop ready');
  console.log(`Serviceloop is running at ${config.publicUrl} (${database.kind}, ready in ${readyMs} ms)`);
  if (firstStartDemo) console.log(demoSignIn());

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    admin?.close();
    await analyzer?.stop();
    await jobs.stop();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const program = new Command('serviceloop')
  .description('Serviceloop: customer feedback, recognition, close-the-loop, culture and strategy')
  .showHelpAfterError();

program.command('start').description('Migrate the database and serve the app and API').action(start);
program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(() => dispatch('migrate', {}));
program
  .command('demo')
  .description('Create the demo organisation (slug "demo") and print its sign-in')
  .action(() => dispatch('demo', {}));
program
  .command('create-admin')
  .description('Create (or promote) an admin; creates the organisation if it does not exist')
  .requiredOption('--org <slug>', 'organisation slug')
  .option('--org-name <name>', 'organisation name, when it is created')
  .requiredOption('--email <email>', 'email address')
  .requiredOption('--name <name>', 'full name')
  .option('--password <password>', 'password (at least 10 characters); generated and printed when omitted')
  .action((o) =>
    dispatch('create-admin', {
      org: o.org,
      orgName: o.orgName,
      email: o.email,
      name: o.name,
      password: o.password,
    }),
  );
program
  .command('import-roster')
  .description('Import people from a CSV (email,name,preferred_name,role,start_date,department,team,active)')
  .argument('<file>', 'CSV file')
  .requiredOption('--org <slug>', 'organisation slug')
  .option('--dry-run', 'check the file and report, write nothing', false)
  .option('--deactivate-missing', 'deactivate active people who are not in the file', false)
  .action((file: string, o) =>
    dispatch('import-roster', {
      org: o.org,
      file: resolve(file),
      dryRun: o.dryRun,
      deactivateMissing: o.deactivateMissing,
    }),
  );
const apiKey = program.command('api-key').description('Manage API keys');
apiKey
  .command('create')
  .description('Create an API key and print it once')
  .requiredOption('--org <slug>', 'organisation slug')
  .requiredOption('--name <name>', 'what the key is for')
  .addOption(new Option('--scopes <list>', 'comma-separated scopes, or "all"').default('all'))
  .action((o) =>
    dispatch('api-key-create', {
      org: o.org,
      name: o.name,
      scopes: String(o.scopes)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    }),
  );
program
  .command('backup')
  .description('Write a consistent, versioned backup of the whole database')
  .argument('<file>', 'backup file to write (gzip JSON lines)')
  .action((file: string) => dispatch('backup', { file: resolve(file) }));
program
  .command('restore')
  .description('Restore a backup into an empty database (PGlite or PostgreSQL)')
  .argument('<file>', 'backup file')
  .action((file: string) => dispatch('restore', { file: resolve(file) }));
const rollups = program.command('rollups').description('Analytics rollups');
rollups
  .command('rebuild')
  .description('Recompute the daily, weekly and monthly rollups from raw responses (all orgs, or one)')
  .option('--org <slug>', 'only this organisation')
  .action((o) => dispatch('rollups-rebuild', { org: o.org }));

const text = program.command('text').description('Text analytics on files, without a database');
text
  .command('classify')
  .description('Add sentiment, sentiment_score, themes and mentions to every row of a CSV')
  .requiredOption('--in <file>', 'CSV file to read')
  .requiredOption('--text-column <name>', 'column holding the comment')
  .requiredOption('--out <file>', 'CSV file to write')
  .option('--train <file>', 'labelled CSV: train the organisation path on it first')
  .option('--label-column <name>', 'with --train: column holding negative / neutral / positive')
  .option('--roster <file>', 'CSV of people (name, preferred_name, id) to find mentions of')
  .action(async (o) => {
    // Imported here: the other commands need none of the text model.
    const { ClassifyCsvOptions, classifyCsv } = await import('./domains/text/classify-csv.ts');
    const options = ClassifyCsvOptions.parse({
      in: resolve(o.in),
      out: resolve(o.out),
      textColumn: o.textColumn,
      train: o.train ? resolve(o.train) : undefined,
      labelColumn: o.labelColumn,
      roster: o.roster ? resolve(o.roster) : undefined,
    });
    const result = classifyCsv(options);
    if (result.training) {
      const t = result.training;
      progress(
        `Organisation model: macro-F1 ${t.heldOutMacroF1.toFixed(3)} vs default ${t.defaultMacroF1.toFixed(3)} on ${t.testedOn} held-out rows → ${t.use ? 'used' : 'not used (the default is as good or better)'}`,
      );
    }
    console.log(`Wrote ${result.rows} rows to ${options.out} (${result.model} sentiment model)`);
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
