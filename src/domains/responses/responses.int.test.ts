import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { buildTestApp, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';

describe.each(DATABASE_KINDS)('response ingestion on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;
  let nps: string;
  let interactionId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'ingest', scopes: ['all'] });
    call = withApiKey(app, key);
    nps = (await call('POST', '/api/v1/surveys', { kind: 'nps', name: 'After support calls' })).json().id;
    await call('PATCH', `/api/v1/surveys/${nps}`, { status: 'active' });
    interactionId = (
      await call('POST', '/api/v1/interactions', {
        customer: { externalId: 'c-1', name: 'Hiroshi Tanaka', email: 'hiroshi@example.com' },
        channel: 'chat',
        occurredAt: '2026-11-22T08:00:00Z',
        employeeIds: [org.people.employee.id],
      })
    ).json().id;
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const responsesCount = async () =>
    (
      await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from responses where org_id = ${org.orgId}`,
      )
    )[0]?.n ?? 0;

  it('stores a response attributed to the interaction’s customer, employee, team and channel', async () => {
    const res = await call('POST', '/api/v1/responses', {
      surveyId: nps,
      interactionId,
      score: 9,
      comment: 'Alex sorted my boiler quickly',
      locale: 'en',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      score: 9,
      comment: 'Alex sorted my boiler quickly',
      answers: { score: 9, reason: 'Alex sorted my boiler quickly' },
      interactionId,
      employeeIds: [org.people.employee.id],
      teamId: org.team,
      channel: 'chat',
      customerName: 'Hiroshi Tanaka',
      source: 'api',
    });
  });

  it('keeps exactly one response however often a client retries with one Idempotency-Key, even concurrently', async () => {
    const before = await responsesCount();
    const body = {
      surveyId: nps,
      customer: { email: 'lena@example.com' },
      score: 4,
      comment: 'Waited 40 minutes',
    };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', '/api/v1/responses', body, { 'idempotency-key': 'crm-event-77' }),
      ),
    );
    expect(new Set(replies.map((r) => r.json().id)).size).toBe(1);
    expect(replies.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.statusCode === 200)).toHaveLength(9);
    expect(await responsesCount()).toBe(before + 1);
  });

  it('keeps one response per invitation token: retries return it, new answers amend it', async () => {
    const invitation = (
      await call('POST', '/api/v1/invitations', { surveyId: nps, interactionId, channel: 'api' })
    ).json();
    expect(invitation.url).toMatch(/\/s\/[\w-]+$/);
    const token = invitation.url.split('/s/')[1];
    const before = await responsesCount();
    const first = await call('POST', '/api/v1/responses', {
      surveyId: nps,
      invitationToken: token,
      score: 6,
    });
    const retry = await call('POST', '/api/v1/responses', {
      surveyId: nps,
      invitationToken: token,
      score: 6,
    });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    const amended = await call('POST', '/api/v1/responses', {
      surveyId: nps,
      invitationToken: token,
      score: 8,
    });
    expect(amended.statusCode).toBe(200);
    expect(amended.json()).toMatchObject({
      id: first.json().id,
      score: 8,
      employeeIds: [org.people.employee.id],
    });
    expect(await responsesCount()).toBe(before + 1);
    const log = (await call('GET', `/api/v1/invitations?surveyId=${nps}&status=answered`)).json();
    expect(log.items.map((i: { id: string }) => i.id)).toContain(invitation.id);

    await database.db.execute(
      sql`update responses set amendable_until = now() - interval '1 minute' where id = ${first.json().id}`,
    );
    const late = await call('POST', '/api/v1/responses', { surveyId: nps, invitationToken: token, score: 2 });
    expect(late.statusCode).toBe(409);
  });

  it('refuses answers that do not fit the survey, saying which', async () => {
    const before = await responsesCount();
    const res = await call('POST', '/api/v1/responses', { surveyId: nps, score: 11 });
    expect(res.statusCode).toBe(400);
    const missing = await call('POST', '/api/v1/responses', {
      surveyId: nps,
      answers: { reason: 'no score' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.problems).toEqual([
      { questionId: 'score', message: 'an answer is required' },
    ]);
    expect(await responsesCount()).toBe(before);
  });

  it('answers a batch per item and stores the good ones', async () => {
    const before = await responsesCount();
    const res = await call('POST', '/api/v1/responses/batch', {
      items: [
        { idempotencyKey: 'batch-1', response: { surveyId: nps, score: 10 } },
        { response: { surveyId: nps, score: 42 } },
        { response: { nonsense: true } },
        { idempotencyKey: 'batch-1', response: { surveyId: nps, score: 10 } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { status: number; id?: string }[];
    expect(items.map((i) => i.status).slice(0, 3)).toEqual([201, 400, 400]);
    expect(items[3]).toMatchObject({ status: 200, id: items[0]?.id });
    expect(await responsesCount()).toBe(before + 1);
  });

  it('lists responses with filters, newest first', async () => {
    const detractors = (
      await call('GET', `/api/v1/responses?surveyId=${nps}&scoreMax=6&hasComment=true`)
    ).json();
    expect(detractors.items.length).toBeGreaterThan(0);
    expect(
      detractors.items.every((r: { score: number; comment: string | null }) => r.score <= 6 && r.comment),
    ).toBe(true);
    const mine = (await call('GET', `/api/v1/responses?employeeId=${org.people.employee.id}`)).json();
    expect(
      mine.items.every((r: { employeeIds: string[] }) => r.employeeIds.includes(org.people.employee.id)),
    ).toBe(true);
  });
});
