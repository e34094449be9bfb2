import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { addDays, organisationClock } from '../analytics/scope.ts';
import { teamManagers } from '../people/people.tables.ts';
import type { AgendaSuggestionsView, GoalView, OneOnOneView } from './coaching.api.ts';
import { recognitionActivity } from './leadership-activity.ts';

/**
 * 1:1s and coaching goals: planned by a manager with agenda items from the report's own record,
 * seen only by the two people and the report's managers; the manager's private notes by nobody else.
 */
describe.each(DATABASE_KINDS)('coaching on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  const as: Record<'admin' | 'leader' | 'manager' | 'employee', Session> = {} as never;
  let negativeId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    // The manager runs the team; the leader heads the department above it; the admin is a peer.
    await database.db.insert(teamManagers).values([
      { orgId: org.orgId, teamId: org.team, employeeId: org.people.manager.id },
      { orgId: org.orgId, teamId: org.department, employeeId: org.people.leader.id },
    ]);
    for (const role of ['admin', 'leader', 'manager', 'employee'] as const)
      as[role] = await signInAs(app, org.people[role].email, TEST_PASSWORD);
    const survey = (
      await as.admin.request('POST', '/api/v1/surveys', { kind: 'nps', name: 'After calls' })
    ).json().id as string;
    await as.admin.request('PATCH', `/api/v1/surveys/${survey}`, { status: 'active' });
    const answer = async (score: number, comment: string, minutesAgo: number) => {
      const res = await as.admin.request('POST', '/api/v1/responses', {
        surveyId: survey,
        score,
        comment,
        submittedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        customer: { email: `c${score}@example.com` },
        employeeIds: [org.people.employee.id],
        teamId: org.team,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    negativeId = await answer(2, 'Rude and slow, I waited forty minutes and nobody called back.', 120);
    await answer(10, 'Wonderful help, thank you so much!', 10);
    // The response pipeline analyses the comments (sentiment orders the suggestions).
    const runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({
        db: database.db,
        mailer: { send: async () => {} },
        publicUrl: 'http://x.test',
      }),
      pollMs: 0,
    });
    await runner.runDueNow();
    await runner.stop();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('a manager plans a 1:1 with agenda items suggested from the report’s customers, unhappy ones first', async () => {
    const suggestions = (
      await as.manager.request('GET', `/api/v1/one-on-ones/suggestions?employeeId=${org.people.employee.id}`)
    ).json() as AgendaSuggestionsView;
    // The detractor's comment opened a case (the default rules), which is on the agenda too.
    expect(suggestions.items.map((s) => s.source.type)).toEqual(['response', 'response', 'case']);
    expect(suggestions.items[2]?.reason).toBe('Case not yet contacted');
    expect(suggestions.items[0]).toMatchObject({
      source: { type: 'response', id: negativeId },
      reason: 'Unhappy customer comment',
    });
    expect(suggestions.items[0]?.text).toContain('score 2');
    // A peer (the admin) gets no suggestions about someone they do not manage.
    const peer = await as.admin.request(
      'GET',
      `/api/v1/one-on-ones/suggestions?employeeId=${org.people.employee.id}`,
    );
    expect(peer.json()).toEqual({ items: [] });

    const first = suggestions.items[0];
    const res = await as.manager.request('POST', '/api/v1/one-on-ones', {
      employeeId: org.people.employee.id,
      scheduledFor: new Date(Date.now() + 86_400_000).toISOString(),
      agenda: [{ text: first?.text, source: first?.source }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const planned = res.json() as OneOnOneView;
    expect(planned).toMatchObject({
      heldAt: null,
      privateNotes: '',
      agenda: [{ source: first?.source, done: false }],
    });
    // The report hears of it.
    const inbox = (await as.employee.request('GET', '/api/v1/notifications')).json();
    expect(JSON.stringify(inbox)).toContain(`/feedback?oneOnOne=${planned.id}`);
  });

  it('only a manager of the person can plan a 1:1 with them', async () => {
    const res = await as.admin.request('POST', '/api/v1/one-on-ones', {
      employeeId: org.people.employee.id,
      scheduledFor: new Date().toISOString(),
    });
    expect(res.statusCode).toBe(403);
  });

  it('both people write the agenda and shared notes; private notes stay with the manager; only the manager marks it held', async () => {
    const [planned] = (await as.manager.request('GET', '/api/v1/one-on-ones')).json().items as OneOnOneView[];
    if (!planned) throw new Error('no 1:1');
    const byEmployee = await as.employee.request('PATCH', `/api/v1/one-on-ones/${planned.id}`, {
      agenda: [...planned.agenda, { text: 'My training on the new tariff' }],
      sharedNotes: 'We agreed to call back within the hour.',
    });
    expect(byEmployee.statusCode, byEmployee.body).toBe(200);
    expect((byEmployee.json() as OneOnOneView).agenda.map((a) => a.id)[0]).toBe(planned.agenda[0]?.id);
    expect(
      (await as.employee.request('PATCH', `/api/v1/one-on-ones/${planned.id}`, { held: true })).statusCode,
    ).toBe(403);
    expect(
      (await as.employee.request('PATCH', `/api/v1/one-on-ones/${planned.id}`, { privateNotes: 'x' }))
        .statusCode,
    ).toBe(403);
    const held = await as.manager.request('PATCH', `/api/v1/one-on-ones/${planned.id}`, {
      privateNotes: 'Seems tired; ask about the rota.',
      held: true,
    });
    expect(held.json()).toMatchObject({ privateNotes: 'Seems tired; ask about the rota.' });
    expect((held.json() as OneOnOneView).heldAt).not.toBeNull();

    // The report and the department head see the meeting, never the private notes; a peer sees nothing.
    for (const who of ['employee', 'leader'] as const) {
      const seen = (await as[who].request('GET', `/api/v1/one-on-ones/${planned.id}`)).json() as OneOnOneView;
      expect(seen, who).toMatchObject({
        sharedNotes: 'We agreed to call back within the hour.',
        privateNotes: null,
      });
      expect(JSON.stringify(seen), who).not.toContain('rota');
    }
    expect((await as.admin.request('GET', `/api/v1/one-on-ones/${planned.id}`)).statusCode).toBe(404);
    const adminList = await as.admin.request(
      'GET',
      `/api/v1/one-on-ones?employeeId=${org.people.employee.id}`,
    );
    expect(adminList.json()).toEqual({ items: [] });

    const { timeZone, today } = await organisationClock(database.db, org.orgId);
    const counted = await recognitionActivity(database.db, org.orgId, {
      from: addDays(today, -1),
      until: addDays(today, 2),
      timeZone,
      grain: 'total',
      personIds: [org.people.manager.id, org.people.employee.id],
    });
    expect(counted).toEqual([
      expect.objectContaining({ person_id: org.people.manager.id, bucket: 'total', one_on_ones: 1 }),
    ]);
  });

  it('a coaching goal: set with the report, checked in on, achieved and then closed to check-ins', async () => {
    const res = await as.manager.request('POST', '/api/v1/coaching-goals', {
      employeeId: org.people.employee.id,
      title: 'Resolve billing questions on the first call',
      dueOn: '2030-03-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    const goal = res.json() as GoalView;
    expect(goal).toMatchObject({
      status: 'active',
      progress: 0,
      dueOn: '2030-03-31',
      createdBy: { id: org.people.manager.id },
    });

    const checked = await as.employee.request('POST', `/api/v1/coaching-goals/${goal.id}/check-ins`, {
      progress: 40,
      note: 'Shadowed billing for two days.',
    });
    expect(checked.statusCode, checked.body).toBe(201);
    expect(checked.json()).toMatchObject({
      progress: 40,
      checkIns: [{ progress: 40, author: { id: org.people.employee.id } }],
    });

    // It shows among the 1:1 suggestions, and only to the report and their managers.
    const suggestions = (
      await as.manager.request('GET', `/api/v1/one-on-ones/suggestions?employeeId=${org.people.employee.id}`)
    ).json() as AgendaSuggestionsView;
    expect(suggestions.items.find((s) => s.source.type === 'goal')?.text).toContain('(40%)');
    expect((await as.admin.request('GET', `/api/v1/coaching-goals/${goal.id}`)).statusCode).toBe(404);
    expect(
      (await as.admin.request('POST', `/api/v1/coaching-goals/${goal.id}/check-ins`, { progress: 90 }))
        .statusCode,
    ).toBe(404);

    const achieved = await as.manager.request('PATCH', `/api/v1/coaching-goals/${goal.id}`, {
      status: 'achieved',
    });
    expect(achieved.json()).toMatchObject({ status: 'achieved', progress: 100 });
    expect((achieved.json() as GoalView).closedAt).not.toBeNull();
    const late = await as.employee.request('POST', `/api/v1/coaching-goals/${goal.id}/check-ins`, {
      progress: 50,
    });
    expect(late.statusCode).toBe(400);

    // A person sets goals for themselves; a peer cannot set one for them.
    expect(
      (
        await as.employee.request('POST', '/api/v1/coaching-goals', {
          employeeId: org.people.employee.id,
          title: 'Learn Spanish',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await as.admin.request('POST', '/api/v1/coaching-goals', {
          employeeId: org.people.employee.id,
          title: 'Mine',
        })
      ).statusCode,
    ).toBe(403);
    const mine = (await as.employee.request('GET', '/api/v1/coaching-goals?status=active')).json()
      .items as GoalView[];
    expect(mine.map((g) => g.title)).toEqual(['Learn Spanish']);
  });
});
