import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { buildTestApp, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';

describe.each(DATABASE_KINDS)('response import on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;
  let survey: string;
  let interactionId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'migration', scopes: ['all'] });
    call = withApiKey(app, key);
    // custom: score (CSAT 1–5), resolved (yes / partly / no), reason (text)
    survey = (await call('POST', '/api/v1/surveys', { kind: 'custom', name: 'Legacy CSAT' })).json().id;
    interactionId = (
      await call('POST', '/api/v1/interactions', {
        customer: { externalId: 'C-7', email: 'mira@example.com', name: 'Mira Kovač' },
        channel: 'chat',
        occurredAt: '2025-03-01T10:00:00Z',
        employeeIds: [org.people.employee.id],
        externalRef: 'ZD-1001',
      })
    ).json().id;
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const responseCount = async () =>
    (
      await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from responses where org_id = ${org.orgId}`,
      )
    )[0]?.n ?? 0;

  const csv = () =>
    [
      'submitted_at,score,comment,customer_external_id,customer_email,employee_emails,team,channel,external_ref,answer.resolved',
      '2025-03-02T08:00:00Z,5,Quick and friendly,,,,,,ZD-1001,yes',
      `2025-03-04T12:30:00+01:00,2,Nobody called back,,olaf@example.com,${org.people.manager.email},,phone,,no`,
      '2025-03-05T09:00:00Z,4,,C-7,,,Phone Support,email,LEGACY-9,partly',
    ].join('\n');

  it('dry-runs: reports and writes nothing', async () => {
    const res = await call('POST', '/api/v1/responses/import', {
      surveyId: survey,
      csv: csv(),
      dryRun: true,
    });
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
    expect(await responseCount()).toBe(0);
  });

  it('checks every answer against the survey and names the column and line', async () => {
    const bad = [
      'submitted_at,score,comment,answer.resolved,answer.mood',
      '2025-03-02T08:00:00Z,9,,yes,',
      '2025-03-02T08:00:00Z,3,,maybe,',
      '2025-03-02T08:00:00Z,,,yes,',
      '2025-03-02T08:00:00Z,4,,,happy',
      'not a date,4,,,',
    ].join('\n');
    const res = await call('POST', '/api/v1/responses/import', { surveyId: survey, csv: bad, dryRun: false });
    const report = res.json();
    expect(report.ok).toBe(false);
    expect(report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [2, 'score'],
      [3, 'answer.resolved'],
      [4, 'score'],
      [5, 'answer.mood'],
      [6, 'submitted_at'],
    ]);
    expect(report.errors[0].message).toBe('a whole number from 1 to 5');
    expect(await responseCount()).toBe(0);
  });

  it('imports once, attributing by the interaction’s external reference, and re-imports nothing', async () => {
    const first = (
      await call('POST', '/api/v1/responses/import', { surveyId: survey, csv: csv(), dryRun: false })
    ).json();
    expect(first).toMatchObject({ ok: true, created: 3, unchanged: 0 });
    const again = (
      await call('POST', '/api/v1/responses/import', { surveyId: survey, csv: csv(), dryRun: false })
    ).json();
    expect(again).toMatchObject({ ok: true, created: 0, unchanged: 3 });
    expect(await responseCount()).toBe(3);

    const items = (await call('GET', `/api/v1/responses?surveyId=${survey}`)).json().items as {
      score: number;
      source: string;
      interactionId: string | null;
      employeeIds: string[];
      teamId: string | null;
      channel: string | null;
      customerName: string | null;
      answers: Record<string, unknown>;
      submittedAt: string;
    }[];
    const byScore = (score: number) => items.find((r) => r.score === score);
    expect(byScore(5)).toMatchObject({
      source: 'import',
      interactionId,
      employeeIds: [org.people.employee.id],
      teamId: org.team,
      channel: 'chat',
      customerName: 'Mira Kovač',
      answers: { score: 5, resolved: 'yes', reason: 'Quick and friendly' },
      submittedAt: '2025-03-02T08:00:00.000Z',
    });
    expect(byScore(2)).toMatchObject({
      interactionId: null,
      employeeIds: [org.people.manager.id],
      teamId: org.team,
      channel: 'phone',
    });
    // LEGACY-9 names no interaction, so the row's own columns attribute it.
    expect(byScore(4)).toMatchObject({
      interactionId: null,
      employeeIds: [],
      teamId: org.team,
      customerName: 'Mira Kovač',
    });
  });

  it('refuses an unknown survey', async () => {
    const res = await call('POST', '/api/v1/responses/import', {
      surveyId: '0190f0f0-0000-7000-8000-000000000000',
      csv: csv(),
      dryRun: true,
    });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'INVALID']);
  });

  it('needs responses:write', async () => {
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['customers:write'] });
    const res = await withApiKey(app, key)('POST', '/api/v1/responses/import', {
      surveyId: survey,
      csv: csv(),
      dryRun: true,
    });
    expect(res.statusCode).toBe(403);
  });
});
