import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { celebrate } from './celebrations.service.ts';
import type { WallStoryView } from './recognition.api.ts';
import { customerPraise } from './recognition.tables.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe.each(DATABASE_KINDS)('the public page of stories on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let leader: Session;
  let manager: Session;
  let employee: Session;
  let published: WallStoryView;
  let unpublished: WallStoryView;
  let consentedPraise: string;
  let refusedPraise: string;
  let consentedCustomer: string;

  const page = () => app.inject({ method: 'GET', url: `/stories/${org.slug}` });

  /** Praise of Alex by a new customer, as the response pipeline would store it. */
  async function praise(quote: string, customer: Record<string, unknown>): Promise<[string, string]> {
    const c = await admin.request('POST', '/api/v1/customers', {
      ...customer,
      email: `${uuidv7()}@example.com`,
    });
    expect(c.statusCode, c.body).toBe(201);
    const customerId = (c.json() as { id: string }).id;
    const survey = (
      await admin.request('POST', '/api/v1/surveys', { kind: 'nps', name: `s ${quote}` })
    ).json();
    await admin.request('PATCH', `/api/v1/surveys/${survey.id}`, { status: 'active' });
    const response = await admin.request('POST', '/api/v1/responses', {
      surveyId: survey.id,
      score: 10,
      customer: { id: customerId },
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = uuidv7();
    await database.db.insert(customerPraise).values({
      orgId: org.orgId,
      id,
      responseId: (response.json() as { id: string }).id,
      employeeId: org.people.employee.id,
      customerId,
      quote,
      score: 10,
      praisedAt: new Date(),
    });
    return [id, customerId];
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    await admin.request('PATCH', `/api/v1/employees/${org.people.employee.id}`, { name: 'Alex Brownlow' });
    await admin.request('PATCH', `/api/v1/employees/${org.people.manager.id}`, { name: 'Morgan Whitfield' });
    const give = async (message: string) => {
      const res = await manager.request('POST', '/api/v1/recognition/kudos', {
        recipientIds: [org.people.employee.id],
        kind: 'effort',
        message,
        valueTags: ['Owned the problem'],
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as WallStoryView;
    };
    published = await give('Stayed late to rebook a stranded family');
    unpublished = await give('Internal only: fixed the printer again');
    [consentedPraise, consentedCustomer] = await praise('Alex sorted it in minutes', {
      name: 'Dana Okafor',
      consentPublishName: true,
    });
    [refusedPraise] = await praise('Alex was lovely, thank you', { name: 'Sam Private' });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('lets only leaders (recognition:manage) publish, and refuses praise without consent', async () => {
    for (const who of [employee, manager]) {
      const res = await who.request('POST', `/api/v1/recognition/stories/${published.id}/publish`);
      expect(res.statusCode, res.body).toBe(403);
    }
    const ok = await leader.request('POST', `/api/v1/recognition/stories/${published.id}/publish`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: published.id, published: true });
    // Publishing twice is harmless.
    expect(
      (await leader.request('POST', `/api/v1/recognition/stories/${published.id}/publish`)).statusCode,
    ).toBe(200);

    const refused = await leader.request('POST', `/api/v1/recognition/stories/${refusedPraise}/publish`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
    const consented = await leader.request('POST', `/api/v1/recognition/stories/${consentedPraise}/publish`);
    expect(consented.statusCode, consented.body).toBe(200);

    const celebrationId = await celebrate(database.db, org.orgId, {
      kind: 'work_anniversary',
      employeeId: org.people.employee.id,
      title: 'Alex celebrates one year with us today',
      dedupeKey: 'test-anniversary',
      at: new Date(),
    });
    const celebration = await leader.request('POST', `/api/v1/recognition/stories/${celebrationId}/publish`);
    expect(celebration.statusCode, celebration.body).toBe(400);
    expect(celebration.json().error.code).toBe('INVALID');

    const wall = (await employee.request('GET', '/api/v1/recognition/wall')).json().items as WallStoryView[];
    expect(
      wall
        .filter((s) => s.published)
        .map((s) => s.id)
        .sort(),
    ).toEqual([published.id, consentedPraise].sort());
  });

  it('answers 404 while the organisation has not turned the page on, and for an unknown slug', async () => {
    const off = await page();
    expect(off.statusCode).toBe(404);
    expect(off.body).not.toContain('stranded family');
    expect((await app.inject({ method: 'GET', url: '/stories/no-such-org' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/stories/%3Cscript%3E' })).statusCode).toBe(404);
  });

  it('shows only published stories, by first names, with no internal ids, once turned on', async () => {
    const forbidden = await manager.request('PATCH', '/api/v1/recognition/settings', {
      publicWallEnabled: true,
    });
    expect(forbidden.statusCode).toBe(403);
    const on = await admin.request('PATCH', '/api/v1/recognition/settings', { publicWallEnabled: true });
    expect(on.statusCode, on.body).toBe(200);

    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Stayed late to rebook a stranded family');
    expect(res.body).toContain('Morgan recognised Alex for their effort');
    expect(res.body).toContain('Owned the problem');
    expect(res.body).toContain('Alex sorted it in minutes');
    expect(res.body).toContain('Dana Okafor praised Alex');
    expect(res.body).not.toContain(unpublished.text);
    expect(res.body).not.toContain('lovely');
    expect(res.body).not.toContain('Brownlow');
    expect(res.body).not.toContain('Whitfield');
    expect(res.body).not.toContain('one year with us');
    expect(res.body).not.toMatch(UUID);
  });

  it('drops praise whose customer withdraws consent, and stories taken off the page', async () => {
    const withdrawn = await admin.request('PATCH', `/api/v1/customers/${consentedCustomer}`, {
      consentPublishName: false,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await page()).body).not.toContain('Alex sorted it in minutes');

    expect(
      (await employee.request('DELETE', `/api/v1/recognition/stories/${published.id}/publish`)).statusCode,
    ).toBe(403);
    const off = await leader.request('DELETE', `/api/v1/recognition/stories/${published.id}/publish`);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().published).toBe(false);
    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('stranded family');
    expect(res.body).toContain('No stories yet.');
  });
});
