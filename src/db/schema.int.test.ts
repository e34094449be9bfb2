import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as analyticsTables from '../domains/analytics/analytics.tables.ts';
import * as authTables from '../domains/auth/auth.tables.ts';
import * as caseTables from '../domains/cases/cases.tables.ts';
import * as actionPlanTables from '../domains/culture/action-plans.tables.ts';
import * as climateTables from '../domains/culture/climate.tables.ts';
import * as internalServiceTables from '../domains/culture/internal-service.tables.ts';
import * as pulseTables from '../domains/culture/pulse.tables.ts';
import * as customerTables from '../domains/customers/customers.tables.ts';
import * as notificationTables from '../domains/notifications/notifications.tables.ts';
import * as peopleTables from '../domains/people/people.tables.ts';
import * as coachingTables from '../domains/recognition/coaching.tables.ts';
import * as recognitionTables from '../domains/recognition/recognition.tables.ts';
import * as responseTables from '../domains/responses/responses.tables.ts';
import * as strategyTables from '../domains/strategy/strategy.tables.ts';
import * as distributionTables from '../domains/surveys/distribution.tables.ts';
import * as surveyTables from '../domains/surveys/surveys.tables.ts';
import * as textTables from '../domains/text/text.tables.ts';
import * as trainingTables from '../domains/training/training.tables.ts';
import * as inboundWebhookTables from '../integrations/inbound-webhooks.tables.ts';
import * as outboundWebhookTables from '../integrations/outbound-webhooks.tables.ts';
import * as jobTables from '../jobs/jobs.tables.ts';
import * as idempotencyTables from '../server/idempotency.tables.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { query, sql } from './client.ts';
import { CODE_SCHEMA_VERSION, migrate, SchemaTooNew, schemaVersion } from './migrate.ts';

// Every Drizzle table of every domain: add a domain's tables module here when it is created.
const DRIZZLE_TABLES: PgTable[] = [
  peopleTables,
  authTables,
  customerTables,
  idempotencyTables,
  surveyTables,
  responseTables,
  jobTables,
  distributionTables,
  inboundWebhookTables,
  caseTables,
  recognitionTables,
  coachingTables,
  notificationTables,
  outboundWebhookTables,
  textTables,
  trainingTables,
  analyticsTables,
  pulseTables,
  actionPlanTables,
  climateTables,
  internalServiceTables,
  strategyTables,
].flatMap((module) => Object.values(module).filter((value): value is PgTable => is(value, PgTable)));
// Tables that are not tenant data, so have no org_id (see the migration's comments).
const GLOBAL_TABLES = new Set(['organisations', 'rate_limit_counters', 'schema_migrations']);

describe.each(DATABASE_KINDS)('schema on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  it('is at the code version, and migrating again changes nothing', async () => {
    expect(await schemaVersion(database.db)).toBe(CODE_SCHEMA_VERSION);
    expect((await migrate(database.db)).applied).toEqual([]);
  });

  it('matches the Drizzle tables column for column', async () => {
    const columns = await query<{ table_name: string; column_name: string; is_nullable: string }>(
      database.db,
      sql`select table_name, column_name, is_nullable from information_schema.columns where table_schema = current_schema()`,
    );
    const tableNames = new Set(columns.map((c) => c.table_name));
    for (const table of DRIZZLE_TABLES) {
      const config = getTableConfig(table);
      expect(tableNames, `table ${config.name}`).toContain(config.name);
      const actual = columns
        .filter((c) => c.table_name === config.name)
        .map((c) => `${c.column_name}${c.is_nullable === 'NO' ? ' not null' : ''}`)
        .sort();
      const declared = config.columns.map((c) => `${c.name}${c.notNull ? ' not null' : ''}`).sort();
      expect(declared, `columns of ${config.name}`).toEqual(actual);
    }
    const declaredNames = new Set(DRIZZLE_TABLES.map((t) => getTableConfig(t).name));
    const undeclared = [...tableNames].filter((t) => !declaredNames.has(t) && t !== 'schema_migrations');
    expect(undeclared, 'tables without a Drizzle definition').toEqual([]);
  });

  it('leads every tenant table primary key with org_id', async () => {
    const keys = await query<{ table_name: string; first_column: string }>(
      database.db,
      sql`select c.relname as table_name, a.attname as first_column
          from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
          where i.indisprimary and n.nspname = current_schema()`,
    );
    const tenant = keys.filter((k) => !GLOBAL_TABLES.has(k.table_name));
    expect(tenant.length).toBeGreaterThan(5);
    for (const k of tenant) expect(k.first_column, k.table_name).toBe('org_id');
  });

  it('keeps no GIN pending list (no autovacuum on PGlite would merge it; inserts stalled for seconds)', async () => {
    const gin = await query<{ name: string; options: string[] | null }>(
      database.db,
      sql`select c.relname as name, c.reloptions as options from pg_class c
          join pg_index i on i.indexrelid = c.oid join pg_am a on a.oid = c.relam
          where a.amname = 'gin' and c.relnamespace = 'public'::regnamespace`,
    );
    expect(gin.length).toBeGreaterThan(0);
    for (const index of gin) expect(index.options ?? [], index.name).toContain('fastupdate=off');
  });

  it('refuses to run against a database migrated by newer code', async () => {
    await database.db.execute(
      sql`insert into schema_migrations (version, name) values (${CODE_SCHEMA_VERSION + 1}, 'from_the_future')`,
    );
    await expect(migrate(database.db)).rejects.toBeInstanceOf(SchemaTooNew);
    await database.db.execute(sql`delete from schema_migrations where version = ${CODE_SCHEMA_VERSION + 1}`);
  });
});
