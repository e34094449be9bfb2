import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import type { HomeView } from './home.api.ts';

describe.each(DATABASE_KINDS)('home page on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  const as = {} as Record<'admin' | 'leader' | 'manager' | 'employee', Session>;

  const home = async (who: Session) => {
    const res = await who.request('GET', '/api/v1/home');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as HomeView;
  };
  const expectCreated = async (res: Promise<{ statusCode: number; body: string }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(201);
    return JSON.parse(r.body) as { id: string };
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    for (const role of ['admin', 'leader', 'manager', 'employee'] as const)
      as[role] = await signInAs(app, org.people[role].email, TEST_PASSWORD);
  });

  it('starts empty for a new person, with their team and no targets', async () => {
    const h = await home(as.employee);
    expect(h.person).toEqual({ id: org.people.employee.id, name: 'Employee Person' });
    expect(h.acknowledgements).toEqual({ items: [], total: 0, more: false });
    expect(h.cases).toEqual({ items: [], total: 0, more: false, overdue: 0 });
    expect(h.training).toEqual({ items: [], total: 0, more: false, overdue: 0 });
    expect(h.feedback).toMatchObject({ items: [], total: 0, unacknowledged: 0 });
    expect(h.praise).toEqual([]);
    expect(h.kudos).toEqual([]);
    expect(h.teams).toEqual([{ id: org.team, name: 'Phone Support', targets: [] }]);
    expect(h.organisationTargets).toEqual([]);
  });

  it('gathers what each capability asks of me today, and only mine', async () => {
    // A priority to acknowledge, asked of everyone.
    const announcement = await expectCreated(
      as.leader.request('POST', '/api/v1/strategy/announcements', {
        title: 'Call back every detractor within a day',
        kind: 'priority',
        requireAcknowledgement: true,
      }),
    );
    // A case I own, and one the manager owns (a customer has one open case at a time).
    const customer = async (name: string) =>
      expectCreated(as.admin.request('POST', '/api/v1/customers', { name, email: `${name}@example.com` }));
    const mine = await expectCreated(
      as.manager.request('POST', '/api/v1/cases', {
        customerId: (await customer('waiting')).id,
        reason: 'Waited 40 minutes',
        ownerId: org.people.employee.id,
      }),
    );
    await expectCreated(
      as.manager.request('POST', '/api/v1/cases', {
        customerId: (await customer('billing')).id,
        reason: 'Billing error',
      }),
    );
    // Kudos and feedback for me; a training module due.
    await expectCreated(
      as.manager.request('POST', '/api/v1/recognition/kudos', {
        recipientIds: [org.people.employee.id],
        kind: 'effort',
        message: 'Kept calm with a very upset caller',
      }),
    );
    await expectCreated(
      as.manager.request('POST', '/api/v1/feedback', {
        employeeId: org.people.employee.id,
        kind: 'praise',
        message: 'You summarised the next steps clearly',
      }),
    );
    const module = await expectCreated(
      as.leader.request('POST', '/api/v1/training/modules', {
        title: 'Recovering an unhappy customer',
        kind: 'competency',
        estimatedMinutes: 15,
      }),
    );
    const assigned = await as.leader.request('POST', '/api/v1/training/assignments', {
      moduleId: module.id,
      employeeIds: [org.people.employee.id],
      dueDate: '2030-01-31',
    });
    expect(assigned.statusCode, assigned.body).toBeLessThan(300);
    // A target for my team and one for the organisation.
    for (const target of [
      { metric: 'nps', scope: 'team', teamId: org.team, comparator: '>=', value: 40, dueDate: '2030-06-30' },
      { metric: 'csat', scope: 'org', comparator: '>=', value: 85, dueDate: '2030-06-30' },
    ])
      await expectCreated(as.leader.request('POST', '/api/v1/analytics/targets', target));

    const h = await home(as.employee);
    expect(h.acknowledgements.items.map((a) => a.id)).toEqual([announcement.id]);
    expect(h.acknowledgements.total).toBe(1);
    expect(h.cases.items.map((c) => c.id)).toEqual([mine.id]);
    expect(h.cases.total).toBe(1);
    expect(h.kudos.map((k) => k.text)).toEqual(['Kept calm with a very upset caller']);
    expect(h.feedback.items.map((f) => f.message)).toEqual(['You summarised the next steps clearly']);
    expect(h.feedback.unacknowledged).toBe(1);
    expect(h.training.items.map((a) => a.moduleTitle)).toEqual(['Recovering an unhappy customer']);
    expect(h.training.items[0]?.dueDate).toBe('2030-01-31');
    expect(h.teams[0]?.targets.map((t) => [t.metric, t.value])).toEqual([['nps', 40]]);
    expect(h.organisationTargets.map((t) => [t.metric, t.value])).toEqual([['csat', 85]]);

    // Acknowledging the priority takes it off the list; the manager's home has their own case.
    await as.employee.request('POST', `/api/v1/strategy/announcements/${announcement.id}/acknowledge`);
    expect((await home(as.employee)).acknowledgements.total).toBe(0);
    const managerHome = await home(as.manager);
    expect(managerHome.cases.items.map((c) => c.reason)).toEqual(['Billing error']);
    expect(managerHome.kudos).toEqual([]);
    expect(managerHome.training.total).toBe(0);
  });

  it('is for a signed-in person, not an API key', async () => {
    const { key } = await createApiKey(org.people.admin.ctx, { name: 'BI', scopes: ['people:read'] });
    const res = await withApiKey(app, key)('GET', '/api/v1/home');
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/home' })).statusCode).toBe(401);
  });
});
