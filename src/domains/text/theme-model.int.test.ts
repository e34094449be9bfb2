import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { TEST_PASSWORD } from '../../test/seed.ts';
import type { ReanalysisView, TextModelView } from './text.api.ts';
import { type TextOrg, textOrg } from './text.fixtures.ts';

const SUFFIXES = ['', ' again', ' this morning', ' on Monday', ' as usual', ' today'];
const PARKING = [
  'Could not find a space for the car',
  'No spaces left for my car at the office',
  'Had to leave the car two streets away',
  'Nowhere to put the car when I arrived',
  'The car spaces were all taken',
];
const NOTHING = [
  'Just filling in the survey',
  'Nothing else to add',
  'No comment from me',
  'Nothing to report here',
  'That is all',
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
  let t: TextOrg;
  const parkingIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    t = await textOrg(database);
    const put = await t.manager.request('PUT', '/api/v1/text/themes', {
      key: 'parking',
      name: 'Parking',
      phrases: [],
    });
    expect(put.statusCode, put.body).toBe(200);
    for (const [theme, texts] of [
      ['parking', PARKING],
      ['responsiveness', WAITING],
    ] as const)
      for (const text of texts)
        for (const suffix of SUFFIXES) {
          const id = await t.comment(`${text}${suffix}.`, 4);
          if (theme === 'parking') parkingIds.push(id);
          await query(
            database.db,
            sql`insert into response_theme_labels (org_id, response_id, theme, labelled_by)
                values (${t.org.orgId}, ${id}, ${theme}, ${t.org.people.manager.id})`,
          );
        }
    await t.runner.runDueNow();
  });
  afterAll(async () => {
    await t.close();
    await database.dispose();
  });

  const themesOf = async (ids: string[]) =>
    query<{ themes: string[] }>(
      database.db,
      sql`select themes from response_text where org_id = ${t.org.orgId} and response_id = any(${sql.param(ids)}::uuid[])`,
    );

  it('learns a theme from labels, is used because it beats the phrases, and re-analysis applies it', async () => {
    // Before: no phrase finds parking.
    expect((await themesOf(parkingIds)).some((r) => r.themes.includes('parking'))).toBe(false);

    const res = await t.manager.request('POST', '/api/v1/text/models/themes/train');
    expect(res.statusCode, res.body).toBe(200);
    const model = (res.json() as { model: TextModelView }).model;
    expect(model).toMatchObject({ kind: 'themes', inUse: true, trainedOn: expect.any(Number) });
    expect(model.heldOutMacroF1).toBeGreaterThan(model.defaultMacroF1);
    expect(model.trainedOn + model.testedOn).toBe(60);

    const run = (await t.manager.request('GET', '/api/v1/text/reanalysis')).json() as { run: ReanalysisView };
    expect(run.run).toMatchObject({ status: 'running', reason: 'The themes model was retrained', total: 60 });
    await t.runner.runDueNow();
    const after = await themesOf(parkingIds);
    expect(after.filter((r) => r.themes.includes('parking')).length).toBeGreaterThanOrEqual(27);

    // An employee may not train.
    const employee = await signInAs(t.app, t.org.people.employee.email, TEST_PASSWORD);
    expect((await employee.request('POST', '/api/v1/text/models/themes/train')).statusCode).toBe(403);
  });

  it('learns from comments labelled "none" to add no theme to them', async () => {
    const nothingIds: string[] = [];
    for (const text of NOTHING)
      for (const suffix of SUFFIXES) {
        const id = await t.comment(`${text}${suffix}.`, 8);
        nothingIds.push(id);
        const res = await t.manager.request('PUT', `/api/v1/responses/${id}/theme-labels`, {
          themes: ['none'],
        });
        expect(res.statusCode, res.body).toBe(200);
      }
    // "none" stands alone, and no organisation theme may take its key.
    const [first] = nothingIds;
    const both = await t.manager.request('PUT', `/api/v1/responses/${first}/theme-labels`, {
      themes: ['none', 'parking'],
    });
    expect(both.statusCode).toBe(400);
    const reserved = await t.manager.request('PUT', '/api/v1/text/themes', {
      key: 'none',
      name: 'None',
      phrases: [],
    });
    expect(reserved.statusCode).toBe(400);

    const res = await t.manager.request('POST', '/api/v1/text/models/themes/train');
    expect(res.statusCode, res.body).toBe(200);
    const model = (res.json() as { model: TextModelView }).model;
    expect(model.trainedOn + model.testedOn).toBe(90);
    expect(model.inUse).toBe(true);
    await t.runner.runDueNow();
    const nothing = await themesOf(nothingIds);
    expect(nothing).toHaveLength(30);
    expect(
      nothing.filter((r) => r.themes.includes('parking') || r.themes.includes('responsiveness')),
    ).toEqual([]);
    expect(
      (await themesOf(parkingIds)).filter((r) => r.themes.includes('parking')).length,
    ).toBeGreaterThanOrEqual(27);
  });
});
