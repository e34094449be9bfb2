import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { buildTestApp, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';

describe.each(DATABASE_KINDS)('customer and interaction imports on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, {
      name: 'crm',
      scopes: ['customers:write', 'customers:read'],
    });
    call = withApiKey(app, key);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const count = async (table: 'customers' | 'interactions') =>
    (
      await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${org.orgId}`,
      )
    )[0]?.n ?? 0;

  const customersCsv = [
    'External ID,Name,Email,Phone,Segment,Value,Locale,Consent Email,Consent Publish Name',
    'C-100,Hiroshi Tanaka,hiroshi@example.jp,+81 3 1234 5678,Enterprise,125000.50,ja,yes,no',
    'C-101,Lena Fischer,lena@example.de,,SMB,900,de-AT,,true',
    ',Walk-in Customer,walkin@example.com,,,,,false,',
  ].join('\n');

  it('reports a dry run and writes nothing', async () => {
    const res = await call('POST', '/api/v1/customers/import', { csv: customersCsv, dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      dryRun: true,
      ok: true,
      total: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      errors: [],
    });
    expect(await count('customers')).toBe(0);
  });

  it('names each bad row by its line and writes nothing', async () => {
    const csv = [
      'external_id,name,email,value,consent_email',
      'C-1,Good Row,good@example.com,10,yes',
      'C-2,Bad Email,not-an-email,,',
      'C-3,"Quoted, with a comma",c3@example.com,lots,maybe',
      ',No Identity,,,',
      'C-1,Twice,twice@example.com,,',
    ].join('\n');
    const res = await call('POST', '/api/v1/customers/import', { csv, dryRun: false });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ ok: false, created: 0, total: 5 });
    expect(report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'email'],
      [4, 'value'],
      [4, 'consent_email'],
      [5, 'external_id'],
      [6, 'external_id'],
    ]);
    expect(await count('customers')).toBe(0);
  });

  it('imports, then updates by external id or email, and re-imports idempotently', async () => {
    const first = (
      await call('POST', '/api/v1/customers/import', { csv: customersCsv, dryRun: false })
    ).json();
    expect(first).toMatchObject({ ok: true, created: 3, updated: 0, unchanged: 0 });
    expect(await count('customers')).toBe(3);
    const again = (
      await call('POST', '/api/v1/customers/import', { csv: customersCsv, dryRun: false })
    ).json();
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3 });

    const changed = [
      'external_id,email,segment,consent_email',
      'C-100,,Strategic,',
      'W-1,walkin@example.com,,true',
    ].join('\n');
    const update = (await call('POST', '/api/v1/customers/import', { csv: changed, dryRun: false })).json();
    expect(update).toMatchObject({ ok: true, created: 0, updated: 2, unchanged: 0 });
    const list = (await call('GET', '/api/v1/customers?limit=50')).json().items;
    expect(list.find((c: { externalId: string }) => c.externalId === 'C-100')).toMatchObject({
      name: 'Hiroshi Tanaka',
      segment: 'Strategic',
      value: 125000.5,
      consentEmail: true,
      phone: '+81 3 1234 5678',
    });
    expect(list.find((c: { email: string }) => c.email === 'walkin@example.com')).toMatchObject({
      externalId: 'W-1',
      consentEmail: true,
    });
    expect(await count('customers')).toBe(3);
  });

  const interactionsCsv = (employee: string) =>
    [
      'occurred_at,channel,customer_external_id,customer_email,customer_name,employee_emails,team,external_ref',
      `2026-10-01T09:30:00Z,Phone,C-100,,,${employee},Phone Support,T-1`,
      `2026-10-01T11:00:00+02:00,email,,new.person@example.org,Ada New,${employee}; ${org.people.manager.email},,T-2`,
      '2026-10-02T08:00:00Z,in person,C-101,,,,,',
    ].join('\n');

  it('dry-runs interactions, then imports them once however often the file comes', async () => {
    const csv = interactionsCsv(org.people.employee.email);
    const dry = (await call('POST', '/api/v1/interactions/import', { csv, dryRun: true })).json();
    expect(dry).toMatchObject({ dryRun: true, ok: true, total: 3, created: 3, errors: [] });
    expect(await count('interactions')).toBe(0);

    const first = (await call('POST', '/api/v1/interactions/import', { csv, dryRun: false })).json();
    expect(first).toMatchObject({ ok: true, created: 3, unchanged: 0 });
    const again = (await call('POST', '/api/v1/interactions/import', { csv, dryRun: false })).json();
    // The row without an external_ref has nothing to recognise it by: it is new each time.
    expect(again).toMatchObject({ ok: true, created: 1, unchanged: 2 });
    expect(await count('interactions')).toBe(4);

    const t1 = (await call('GET', '/api/v1/interactions?limit=50'))
      .json()
      .items.find((i: { externalRef: string }) => i.externalRef === 'T-1');
    expect(t1).toMatchObject({ channel: 'phone', teamId: org.team, employeeIds: [org.people.employee.id] });
    expect(await count('customers')).toBe(4);
  });

  it('refuses interactions naming unknown people, teams or channels, by line, writing nothing', async () => {
    const before = await count('interactions');
    const csv = [
      'occurred_at,channel,customer_email,employee_emails,team,external_ref',
      `yesterday,phone,a@example.com,${org.people.employee.email},,X-1`,
      '2026-10-03T10:00:00Z,fax,b@example.com,,,X-2',
      '2026-10-03T10:00:00Z,chat,c@example.com,ghost@nowhere.example,Night Shift,X-3',
      '2026-10-03T10:00:00Z,chat,,,,X-4',
      '2026-10-03T10:00:00Z,chat,d@example.com,,,X-5',
      '2026-10-03T10:00:00.000Z,chat,d@example.com,,,X-5',
    ].join('\n');
    const report = (await call('POST', '/api/v1/interactions/import', { csv, dryRun: false })).json();
    expect(report.ok).toBe(false);
    expect(report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [2, 'occurred_at'],
      [3, 'channel'],
      [4, 'employee_emails'],
      [4, 'team'],
      [5, 'customer_external_id'],
      [7, 'external_ref'],
    ]);
    expect(await count('interactions')).toBe(before);
  });

  it('refuses a file that is not CSV or lacks a column', async () => {
    const broken = await call('POST', '/api/v1/interactions/import', {
      csv: 'occurred_at,channel,customer_email\n2026-10-03T10:00:00Z,chat\n',
      dryRun: true,
    });
    expect(broken.json()).toMatchObject({ ok: false, errors: [{ row: 2, field: null }] });
    const missing = await call('POST', '/api/v1/customers/import', { csv: 'name\nNobody\n', dryRun: true });
    expect(missing.json().errors).toEqual([
      {
        row: 1,
        field: 'external_id',
        message: 'The header row needs one of the columns "external_id", "email"',
      },
    ]);
  });

  it('takes files over the default 1 MB body limit', async () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `B-${i},Bulk Customer Number ${i} of the Northern Region,bulk${i}@example.com,Retail`,
    );
    const csv = ['external_id,name,email,segment', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await call('POST', '/api/v1/customers/import', { csv, dryRun: true });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 20_000 });
  });

  it('needs customers:write', async () => {
    const { key } = await createApiKey(org.system, { name: 'reader', scopes: ['customers:read'] });
    const res = await withApiKey(app, key)('POST', '/api/v1/customers/import', {
      csv: customersCsv,
      dryRun: true,
    });
    expect(res.statusCode).toBe(403);
  });
});
