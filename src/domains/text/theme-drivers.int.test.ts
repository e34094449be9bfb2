import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import type { DriversView } from '../analytics/analytics.api.ts';
import { type AnalyticsOrg, analyticsOrg } from '../analytics/analytics.fixtures.ts';
import { analyseResponses } from './text.service.ts';

/**
 * Comment themes weighed as key drivers: NPS answers where customers who waited score low and the
 * others high, and the price is mentioned evenly by both. The waiting theme must come out as the
 * driver, negatively correlated with the score; price far behind.
 */
describe.each(DATABASE_KINDS)('comment themes as key drivers on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: AnalyticsOrg;
  let leader: Session;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    a = await analyticsOrg(await seedOrg(database.db));
    leader = await signInAs(app, a.org.people.leader.email, TEST_PASSWORD);
    const ids: string[] = [];
    // Two in five customers waited (and scored low); half mention the price, evenly across both
    // groups, so price carries almost no weight.
    for (let i = 0; i < 40; i++) {
      const waited = i % 5 < 2;
      const price = i % 2 === 0;
      const comment = `${waited ? 'I waited an hour on hold.' : 'Thanks, all good.'}${price ? ' The price was high.' : ''}`;
      ids.push(
        await a.submit({ surveyId: a.surveys.nps, score: waited ? 2 + (i % 3) : 9 + (i % 2), comment }),
      );
    }
    // The same on the effort scale (CES 1–7, higher is more effort): those who waited say 6–7.
    for (let i = 0; i < 40; i++) {
      const waited = i % 5 < 2;
      const comment = waited ? 'I waited an hour on hold.' : 'Thanks, all good.';
      ids.push(
        await a.submit({ surveyId: a.surveys.ces, score: waited ? 6 + (i % 2) : 1 + (i % 3), comment }),
      );
    }
    await a.writer.drain();
    await analyseResponses(database.db, a.org.orgId, ids);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('finds waiting time as the driver of NPS, with a negative correlation', async () => {
    const res = await leader.request('GET', `/api/v1/analytics/drivers?surveyId=${a.surveys.nps}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as DriversView;
    expect(d.status).toBe('ok');
    expect(d.responses).toBe(40);
    const waiting = d.drivers.find((x) => x.key === 'theme:responsiveness');
    // 16 of 40 comments raise waiting, a complaint: it performs at 60 (the share that do not).
    expect(waiting).toMatchObject({ source: 'theme', performance: 60 });
    expect(waiting?.correlation).toBeLessThan(-0.9);
    expect(d.drivers.map((x) => x.key)).toEqual(['theme:responsiveness', 'theme:price_billing']);
    expect(waiting?.importance).toBeGreaterThan(0.9);
    // A theme no comment has is not weighed.
    expect(d.drivers.some((x) => x.key === 'theme:facilities')).toBe(false);
  });

  it('on the effort scale, a complaint theme goes with more effort and still performs at the share that do not raise it', async () => {
    const res = await leader.request('GET', `/api/v1/analytics/drivers?surveyId=${a.surveys.ces}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as DriversView;
    expect(d.status).toBe('ok');
    const waiting = d.drivers.find((x) => x.key === 'theme:responsiveness');
    expect(waiting?.correlation).toBeGreaterThan(0.9);
    // 16 of 40 comments raise waiting: it performs at 60, as on NPS (not at 40).
    expect(waiting).toMatchObject({ source: 'theme', performance: 60 });
  });
});
