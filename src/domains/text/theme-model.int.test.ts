import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { responsePipelineHandlers } from '../responses/response-pipeline.ts';
import { textReanalysisHandlers } from './reanalysis.ts';
import type { ReanalysisView, TextModelView } from './text.api.ts';
import { textAnalysisStep } from './text.service.ts';

const SUFFIXES = ['', ' again', ' this morning', ' on Monday', ' as usual', ' today'];
const PARKING = [
  'Could not find a space for the car',
  'No spaces left for my car at the office',
  'Had to leave the car two streets away',
  'Nowhere to put the car when I arrived',
  'The car spaces were all taken',
];
const WAITING = [
  'I waited an hour on hold',
  'Kept waiting for a call back',
  'The wait was far too long',
  'Waiting forever for the engineer',
  'Long queue on the phone line',
];

/**
 * The organisation's theme classifier: managers label comments about parking (a theme of their own
 * that no phrase finds) and about waiting; the model learns the parking words, beats the phrase
 * matcher on held-out comments, is put in use, and the re-analysis it starts tags parking comments.
 */
describe.each(DATABASE_KINDS)("the organisation's theme model on %s", (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let manager: Session;
  let runner: JobRunner;
  const parkingIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['all'] });
    const call = withApiKey(app, key);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    expect(
      (await manager.request('PUT', '/api/v1/text/themes', { key: 'parking', name: 'Parking', phrases: [] }))
        .statusCode,
    ).toBe(200);
    const surveyId = (await call('POST', '/api/v1/surveys', { kind: 'nps', name: 'After your visit' })).json()
      .id;
    await call('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' });
    runner = startJobRunner({
      db: database.db,
      handlers: { ...responsePipelineHandlers([textAnalysisStep()]), ...textReanalysisHandlers() },
      pollMs: 0,
    });
    let n = 0;
    for (const [theme, texts] of [
      ['parking', PARKING],
      ['responsiveness', WAITING],
    ] as const)
      for (const text of texts)
        for (const suffix of SUFFIXES) {
          const res = await call('POST', '/api/v1/responses', {
            surveyId,
            customer: { email: `c${++n}@example.com` },
            score: 4,
            comment: `${text}${suffix}.`,
          });
          expect(res.statusCode, res.body).toBe(201);
          const id = res.json().id as string;
          if (theme === 'parking') parkingIds.push(id);
          await query(
            database.db,
            sql`insert into response_theme_labels (org_id, response_id, theme, labelled_by)
                values (${org.orgId}, ${id}, ${theme}, ${org.people.manager.id})`,
          );
        }
    await runner.runDueNow();
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
    await database.dispose();
  });

  const themesOf = async (ids: string[]) =>
    query<{ themes: string[] }>(
      database.db,
      sql`select themes from response_text where org_id = ${org.orgId} and response_id = any(${sql.param(ids)}::uuid[])`,
    );

  it('learns a theme from labels, is used because it beats the phrases, and re-analysis applies it', async () => {
    // Before: no phrase finds parking.
    expect((await themesOf(parkingIds)).some((r) => r.themes.includes('parking'))).toBe(false);

    const res = await manager.request('POST', '/api/v1/text/models/themes/train');
    expect(res.statusCode, res.body).toBe(200);
    const model = (res.json() as { model: TextModelView }).model;
    expect(model).toMatchObject({ kind: 'themes', inUse: true, trainedOn: expect.any(Number) });
    expect(model.heldOutMacroF1).toBeGreaterThan(model.defaultMacroF1);
    expect(model.trainedOn + model.testedOn).toBe(60);

    const run = (await manager.request('GET', '/api/v1/text/reanalysis')).json() as { run: ReanalysisView };
    expect(run.run).toMatchObject({ status: 'running', reason: 'The themes model was retrained', total: 60 });
    await runner.runDueNow();
    const after = await themesOf(parkingIds);
    expect(after.filter((r) => r.themes.includes('parking')).length).toBeGreaterThanOrEqual(27);

    // An employee may not train.
    const employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    expect((await employee.request('POST', '/api/v1/text/models/themes/train')).statusCode).toBe(403);
  });
});
