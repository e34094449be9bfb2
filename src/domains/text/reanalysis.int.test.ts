import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { reanalyseNextBatch } from './reanalysis.ts';
import type { ReanalysisView, ThemeLabelsView, ThemeView } from './text.api.ts';
import { type TextOrg, textOrg } from './text.fixtures.ts';
import { DEFAULT_MODEL_VERSION } from './text.service.ts';

describe.each(DATABASE_KINDS)('re-analysis and theme labels on %s', (kind) => {
  let database: TestDatabase;
  let t: TextOrg;
  let org: SeededOrg;
  let manager: Session;
  let employee: Session;
  const ids: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    t = await textOrg(database);
    ({ org, manager } = t);
    employee = await signInAs(t.app, org.people.employee.email, TEST_PASSWORD);
    // Five comments and one score without a comment, analysed as they arrive.
    for (const comment of [
      'Friendly and quick, thank you',
      'I waited 40 minutes on hold',
      'The bill was wrong again',
      'Engineer fixed it first time',
      'Nobody called back as promised',
    ])
      ids.push(await t.comment(comment));
    await t.comment(undefined);
    await t.runner.runDueNow();
  });
  afterAll(async () => {
    await t.close();
    await database.dispose();
  });

  const versions = () =>
    query<{ response_id: string; model_version: string; analysed_at: Date | string }>(
      database.db,
      sql`select response_id, model_version, analysed_at from response_text where org_id = ${org.orgId}
          order by response_id`,
    );

  it('re-analyses every comment in batches, resuming after an interruption where it stopped', async () => {
    expect((await versions()).map((v) => v.model_version)).toEqual(Array(5).fill(DEFAULT_MODEL_VERSION));
    // As if the model had changed since: every stored analysis is stale.
    await query(
      database.db,
      sql`update response_text set model_version = 'stale' where org_id = ${org.orgId}`,
    );

    const first = await manager.request('POST', '/api/v1/text/reanalysis');
    expect(first.statusCode, first.body).toBe(202);
    // Starting again supersedes the first run: one run at a time.
    const second = await manager.request('POST', '/api/v1/text/reanalysis');
    const run = second.json() as ReanalysisView;
    expect(run).toMatchObject({ status: 'running', total: 5, done: 0 });
    const [firstRun] = await query<{ status: string }>(
      database.db,
      sql`select status from text_reanalyses where org_id = ${org.orgId} and id = ${(first.json() as ReanalysisView).id}`,
    );
    expect(firstRun?.status).toBe('superseded');

    // Two comments, then the process "stops": the batch and its cursor are committed together.
    expect(await reanalyseNextBatch(database.db, org.orgId, run.id, 2)).toBe(true);
    const sorted = [...ids].sort();
    const afterTwo = await versions();
    expect(
      afterTwo.filter((v) => v.model_version === DEFAULT_MODEL_VERSION).map((v) => v.response_id),
    ).toEqual(sorted.slice(0, 2));
    const progress = (await manager.request('GET', '/api/v1/text/reanalysis')).json() as {
      run: ReanalysisView;
    };
    expect(progress.run).toMatchObject({ id: run.id, status: 'running', done: 2, total: 5 });

    // The job (as after a restart) carries on from the cursor and finishes; the superseded run's
    // job does nothing.
    await t.runner.runDueNow();
    const done = (await manager.request('GET', '/api/v1/text/reanalysis')).json() as { run: ReanalysisView };
    expect(done.run).toMatchObject({ id: run.id, status: 'done', done: 5, total: 5 });
    expect(done.run.finishedAt).not.toBeNull();
    const all = await versions();
    expect(all.map((v) => v.model_version)).toEqual(Array(5).fill(DEFAULT_MODEL_VERSION));
    // The first two were not analysed again.
    for (const id of sorted.slice(0, 2))
      expect(new Date(all.find((v) => v.response_id === id)?.analysed_at ?? 0).getTime()).toBe(
        new Date(afterTwo.find((v) => v.response_id === id)?.analysed_at ?? 1).getTime(),
      );
    expect(await reanalyseNextBatch(database.db, org.orgId, run.id)).toBe(false);
  });

  it('is started by those who manage text analytics, and read by those who read responses', async () => {
    expect((await employee.request('POST', '/api/v1/text/reanalysis')).statusCode).toBe(403);
    expect((await employee.request('GET', '/api/v1/text/reanalysis')).statusCode).toBe(403);
    expect((await manager.request('GET', '/api/v1/text/reanalysis')).statusCode).toBe(200);
  });

  it('keeps the theme labels a manager assigns, refusing unknown themes and people without text:manage', async () => {
    const [id] = ids;
    const url = `/api/v1/responses/${id}/theme-labels`;
    const set = await manager.request('PUT', url, { themes: ['responsiveness', 'staff_attitude'] });
    expect(set.statusCode, set.body).toBe(200);
    expect((set.json() as ThemeLabelsView).themes).toEqual(['responsiveness', 'staff_attitude']);
    // Setting replaces: one kept, one dropped.
    const replaced = await manager.request('PUT', url, { themes: ['responsiveness'] });
    expect((replaced.json() as ThemeLabelsView).themes).toEqual(['responsiveness']);
    expect((await manager.request('GET', url)).json()).toMatchObject({
      responseId: id,
      themes: ['responsiveness'],
    });
    const unknown = await manager.request('PUT', url, { themes: ['parking_spaces'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: { code: 'INVALID', details: { themes: ['parking_spaces'] } },
    });
    expect((await employee.request('PUT', url, { themes: [] })).statusCode).toBe(403);
    const themes = (await manager.request('GET', '/api/v1/text/themes')).json() as { items: ThemeView[] };
    expect(themes.items.find((t) => t.key === 'responsiveness')?.labelled).toBe(1);
    expect(themes.items.find((t) => t.key === 'staff_attitude')?.labelled).toBe(0);
    // The analysis is untouched by labels.
    expect((await versions()).length).toBe(5);
    expect((await manager.request('PUT', url, { themes: [] })).json()).toMatchObject({
      themes: [],
      labelledAt: null,
    });
  });

  it('removes an organisation theme', async () => {
    const put = await manager.request('PUT', '/api/v1/text/themes', {
      key: 'parking',
      name: 'Parking',
      phrases: ['car park'],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await manager.request('DELETE', '/api/v1/text/themes/parking')).statusCode).toBe(204);
    expect((await manager.request('DELETE', '/api/v1/text/themes/parking')).statusCode).toBe(404);
  });
});
