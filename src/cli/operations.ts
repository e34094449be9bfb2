import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { backup, restore } from '../db/backup.ts';
import type { Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { loadDemo } from '../demo/demo.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../demo/people.demo.ts';
import { rebuildRollups } from '../domains/analytics/rollups.ts';
import { createApiKey } from '../domains/auth/api-keys.service.ts';
import { recordAudit } from '../domains/auth/audit.service.ts';
import { setPassword } from '../domains/auth/auth.service.ts';
import type { Ctx } from '../domains/auth/context.ts';
import { randomToken } from '../domains/auth/secrets.ts';
import { createOrganisation, findOrganisationBySlug } from '../domains/people/organisations.service.ts';
import { CreateOrganisationInput } from '../domains/people/people.api.ts';
import { employees, organisations } from '../domains/people/people.tables.ts';
import { importRoster } from '../domains/people/roster-import.ts';
import { scheduleDailyJobs } from '../jobs/handlers.ts';
import { realClock } from '../jobs/jobs.ts';

/**
 * The CLI's database work, as plain functions of an open database. The CLI runs them itself when
 * it can open the database, or sends them to the running server's admin socket when the server
 * holds the PGlite lock (src/cli/admin-socket.ts), so both paths run exactly this code.
 */
export const OperationArgs = {
  migrate: z.object({}),
  demo: z.object({}),
  'create-admin': z.object({
    org: z.string(),
    orgName: z.string().optional(),
    email: z.email(),
    name: z.string().min(1),
    password: z.string().min(10).optional(),
  }),
  'import-roster': z.object({
    org: z.string(),
    file: z.string(),
    dryRun: z.boolean().default(false),
    deactivateMissing: z.boolean().default(false),
  }),
  'api-key-create': z.object({
    org: z.string(),
    name: z.string().min(1),
    scopes: z.array(z.string()).min(1),
  }),
  backup: z.object({ file: z.string() }),
  restore: z.object({ file: z.string() }),
  'rollups-rebuild': z.object({ org: z.string().optional() }),
} as const;
export type OperationName = keyof typeof OperationArgs;
export const OPERATION_NAMES = Object.keys(OperationArgs) as OperationName[];

export type Progress = (message: string) => void;

async function systemCtx(database: Database, slug: string): Promise<Ctx> {
  const org = await findOrganisationBySlug(database.db, slug);
  if (!org) throw new Error(`No organisation has the slug "${slug}"`);
  return { db: database.db, orgId: org.id, actor: { type: 'system' }, ip: null };
}

export async function runOperation(
  database: Database,
  name: OperationName,
  rawArgs: unknown,
  progress: Progress,
): Promise<string> {
  const db = database.db;
  switch (name) {
    case 'migrate': {
      const result = await migrate(db, { onProgress: progress });
      return result.applied.length > 0
        ? `Migrated from schema ${result.from} to ${result.to}: ${result.applied.join(', ')}`
        : `The schema is up to date (version ${result.to})`;
    }
    case 'demo': {
      progress('demo: creating Lakeside Home Services');
      const { people: result, voice } = await loadDemo(db, progress);
      if (result.created) await scheduleDailyJobs(db, realClock, result.orgId);
      return result.created
        ? `Demo organisation created: ${result.people} people in ${result.teams} teams, ${voice.customers} customers, ${voice.interactions} interactions, ${voice.responses} responses.\n${demoSignIn()}`
        : `The demo organisation already exists.\n${demoSignIn()}`;
    }
    case 'create-admin': {
      const args = OperationArgs['create-admin'].parse(rawArgs);
      const password = args.password ?? randomToken(12);
      const org =
        (await findOrganisationBySlug(db, args.org)) ??
        (await createOrganisation(
          db,
          CreateOrganisationInput.parse({ name: args.orgName ?? args.org, slug: args.org }),
        ));
      await scheduleDailyJobs(db, realClock, org.id);
      await db.transaction(async (tx) => {
        const [existing] = await tx
          .select({ id: employees.id })
          .from(employees)
          .where(
            and(eq(employees.orgId, org.id), sql`lower(${employees.email}) = ${args.email.toLowerCase()}`),
          );
        const id = existing?.id ?? uuidv7();
        if (existing) {
          await tx
            .update(employees)
            .set({ role: 'admin', active: true })
            .where(and(eq(employees.orgId, org.id), eq(employees.id, id)));
        } else {
          await tx
            .insert(employees)
            .values({ orgId: org.id, id, name: args.name, email: args.email, role: 'admin' });
        }
        await setPassword(tx, org.id, id, password);
        await recordAudit(
          { db: tx, orgId: org.id, actor: { type: 'system' } },
          'employee.admin_created_by_cli',
          {
            type: 'employee',
            id,
          },
        );
      });
      return `Admin ready in ${org.name} (${org.slug}): sign in as ${args.email}${args.password ? '' : ` with password ${password}`}`;
    }
    case 'import-roster': {
      const args = OperationArgs['import-roster'].parse(rawArgs);
      const ctx = await systemCtx(database, args.org);
      progress(`import: reading ${args.file}`);
      const report = await importRoster(ctx, {
        csv: readFileSync(args.file, 'utf8'),
        dryRun: args.dryRun,
        deactivateMissing: args.deactivateMissing,
      });
      const lines = [
        `${report.dryRun ? 'Dry run' : 'Import'}: ${report.total} rows — ${report.created} to create, ${report.updated} to update, ` +
          `${report.unchanged} unchanged, ${report.deactivated} to deactivate` +
          (report.teamsCreated.length ? `; new teams: ${report.teamsCreated.join(', ')}` : ''),
        ...report.errors.map((e) => `  line ${e.row}${e.field ? ` (${e.field})` : ''}: ${e.message}`),
      ];
      if (!report.ok) lines.push('Nothing was written: fix the rows above and run again.');
      if (!report.ok) throw new OperationFailed(lines.join('\n'));
      return lines.join('\n');
    }
    case 'api-key-create': {
      const args = OperationArgs['api-key-create'].parse(rawArgs);
      const ctx = await systemCtx(database, args.org);
      const { key, apiKey } = await createApiKey(ctx, { name: args.name, scopes: args.scopes });
      return `API key "${apiKey.name}" (scopes: ${apiKey.scopes.join(', ')}). It is shown only now:\n${key}`;
    }
    case 'backup': {
      const args = OperationArgs.backup.parse(rawArgs);
      const { counts } = await backup(db, args.file, database.kind, progress);
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      return `Backup written to ${args.file}: ${rows} rows in ${Object.keys(counts).length} tables`;
    }
    case 'restore': {
      const args = OperationArgs.restore.parse(rawArgs);
      const { counts } = await restore(db, args.file, progress);
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      return `Restored ${rows} rows from ${args.file}`;
    }
    case 'rollups-rebuild': {
      const args = OperationArgs['rollups-rebuild'].parse(rawArgs);
      const org = args.org ? await findOrganisationBySlug(db, args.org) : null;
      if (args.org && !org) throw new OperationFailed(`No organisation has the slug "${args.org}"`);
      const orgs = org
        ? [org]
        : await db.select({ id: organisations.id, slug: organisations.slug }).from(organisations);
      let rows = 0;
      for (const o of orgs) {
        progress(`rollups: rebuilding ${o.slug}`);
        rows += (await db.transaction((tx) => rebuildRollups(tx, o.id))).rows;
      }
      return `Rebuilt the rollups of ${orgs.length} organisation(s): ${rows} rows`;
    }
  }
}

export class OperationFailed extends Error {
  override name = 'OperationFailed';
}

export function demoSignIn(): string {
  return `Demo sign-in: ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}`;
}
