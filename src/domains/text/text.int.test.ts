import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { responseSteps } from '../../jobs/handlers.ts';
import { type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { responsePipelineHandlers } from '../responses/response-pipeline.ts';
import { analyseResponses, textAnalysisStep } from './text.service.ts';

describe('the text analysis response step', () => {
  it('is registered in the response pipeline at order 10', () => {
    const steps = responseSteps({
      db: {} as never,
      mailer: { send: async () => {} },
      publicUrl: 'http://x.test',
    });
    expect(steps.filter((s) => s.name === 'text-analysis').map((s) => s.order)).toEqual([10]);
  });
});

describe.each(DATABASE_KINDS)('text analytics on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;
  let runner: JobRunner;
  let surveyId: string;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['all'] });
    call = withApiKey(app, key);
    expect(
      (await call('PATCH', `/api/v1/employees/${org.people.employee.id}`, { name: 'Robert Brown' }))
        .statusCode,
    ).toBe(200);
    surveyId = (await call('POST', '/api/v1/surveys', { kind: 'nps', name: 'After your visit' })).json().id;
    await call('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' });
    runner = startJobRunner({
      db: database.db,
      handlers: responsePipelineHandlers([textAnalysisStep()]),
      pollMs: 0,
    });
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
    await database.dispose();
  });

  async function respond(score: number, comment: string | undefined) {
    const interaction = await call('POST', '/api/v1/interactions', {
      customer: { email: `c-${kind}-${++n}@example.com` },
      channel: 'phone',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      employeeIds: [org.people.employee.id],
    });
    expect(interaction.statusCode, interaction.body).toBe(201);
    const res = await call('POST', '/api/v1/responses', {
      surveyId,
      interactionId: interaction.json().id,
      score,
      ...(comment === undefined ? {} : { comment }),
    });
    expect(res.statusCode, res.body).toBe(201);
    await runner.runDueNow();
    return res.json() as { id: string };
  }

  it('stores sentiment, themes and mentions with each response and shows them in its detail', async () => {
    const { id } = await respond(3, 'Bob was friendly, but I waited 40 minutes on hold');
    const detail = await call('GET', `/api/v1/responses/${id}`);
    expect(detail.statusCode).toBe(200);
    const text = detail.json().text;
    expect(text.sentiment).toBe('negative');
    expect(text.sentimentScore).toBeLessThan(0);
    const comment = 'Bob was friendly, but I waited 40 minutes on hold';
    const waiting = text.themes.find((t: { key: string }) => t.key === 'responsiveness');
    expect(waiting.spans.map((s: { start: number; end: number }) => comment.slice(s.start, s.end))).toContain(
      'on hold',
    );
    expect(text.mentions).toEqual([
      expect.objectContaining({ employeeId: org.people.employee.id, name: 'Robert Brown', text: 'Bob' }),
    ]);
  });

  it('re-analysing changes nothing (the step is idempotent)', async () => {
    const { id } = await respond(10, 'Wonderful service, thank you');
    const before = await query<Record<string, unknown>>(
      database.db,
      sql`select sentiment, sentiment_score, themes, analysis from response_text where org_id = ${org.orgId} and response_id = ${id}`,
    );
    await analyseResponses(database.db, org.orgId, [id]);
    await analyseResponses(database.db, org.orgId, [id]);
    const after = await query<Record<string, unknown>>(
      database.db,
      sql`select sentiment, sentiment_score, themes, analysis from response_text where org_id = ${org.orgId} and response_id = ${id}`,
    );
    expect(after).toEqual(before);
    expect(after[0]?.sentiment).toBe('positive');
  });

  it('filters the responses list by sentiment and theme', async () => {
    const billing = await respond(2, 'They charged me twice and the refund never came');
    const praise = await respond(10, 'Lovely staff, very kind');
    const silent = await respond(8, undefined);
    const ids = async (q: string) =>
      ((await call('GET', `/api/v1/responses?limit=500&${q}`)).json().items as { id: string }[]).map(
        (r) => r.id,
      );
    const negative = await ids('sentiment=negative');
    expect(negative).toContain(billing.id);
    expect(negative).not.toContain(praise.id);
    expect(negative).not.toContain(silent.id);
    const priced = await ids('theme=price_billing');
    expect(priced).toContain(billing.id);
    expect(priced).not.toContain(praise.id);
    expect(await ids('theme=price_billing&sentiment=positive')).not.toContain(billing.id);
    expect((await call('GET', '/api/v1/responses?sentiment=angry')).statusCode).toBe(400);
  });

  it('uses organisation themes with their example phrases', async () => {
    const put = await call('PUT', '/api/v1/text/themes', {
      key: 'parking',
      name: 'Parking',
      phrases: ['car park', 'parking space*'],
    });
    expect(put.statusCode, put.body).toBe(200);
    const { id } = await respond(5, 'The car park was full again');
    const detail = (await call('GET', `/api/v1/responses/${id}`)).json();
    expect(detail.text.themes.map((t: { key: string }) => t.key)).toContain('parking');
    const themes = (await call('GET', '/api/v1/text/themes')).json().items as {
      key: string;
      builtIn: boolean;
    }[];
    expect(themes.find((t) => t.key === 'parking')?.builtIn).toBe(false);
    expect(themes.filter((t) => t.builtIn)).toHaveLength(13);
  });

  it('trains the organisation sentiment model from NPS comments and records whether it beats the default', async () => {
    for (let i = 0; i < 18; i++) {
      await respond(10, `Great visit number ${i}, the team were lovely`);
      await respond(1, `Visit ${i}: the tills were shut and nobody came`);
    }
    const res = await call('POST', '/api/v1/text/models/sentiment/train');
    expect(res.statusCode, res.body).toBe(200);
    const model = res.json().model;
    expect(model.kind).toBe('sentiment');
    expect(model.trainedOn + model.testedOn).toBeGreaterThanOrEqual(36);
    expect(model.heldOutMacroF1).toBeGreaterThan(0);
    expect(model.inUse).toBe(model.heldOutMacroF1 > model.defaultMacroF1);
    const listed = (await call('GET', '/api/v1/text/models')).json().items;
    expect(listed).toHaveLength(1);
  });
});
