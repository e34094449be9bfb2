import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { setPassword } from '../auth/auth.service.ts';
import { feedbackCoverage } from './feedback.service.ts';
import type { FeedbackView } from './recognition.api.ts';

/**
 * Private feedback reaches exactly three people: who gave it, who it is about, and that person's
 * managers. Everyone else, whatever their role, and API keys with every scope, cannot read it by
 * id, in a list, on a profile or in the coverage view, nor act on it.
 */
describe.each(DATABASE_KINDS)('private feedback on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  const people: Record<string, { id: string; session: Session }> = {};
  let apiKey: ReturnType<typeof withApiKey>;
  let feedback: FeedbackView;
  let interactionId: string;
  const SECRET_WORDS = 'interrupting the customer twice';

  async function addPerson(name: string, role: string, teamIds: string[]) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@${org.slug}.example`;
    const res = await admin.request('POST', '/api/v1/employees', { name, email, role, teamIds });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await setPassword(database.db, org.orgId, id, TEST_PASSWORD);
    return { id, session: await signInAs(app, email, TEST_PASSWORD) };
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    const otherTeam = (
      await admin.request('POST', '/api/v1/teams', {
        name: 'Billing',
        kind: 'team',
        parentId: org.department,
      })
    ).json().id;
    // Sam is the subject, in Phone Support; Mia manages Phone Support; Dan heads the department.
    people.subject = await addPerson('Sam Subject', 'employee', [org.team]);
    people.giver = await addPerson('Gina Giver', 'employee', [org.team]);
    people.teamManager = await addPerson('Mia Manager', 'manager', [org.team]);
    people.departmentHead = await addPerson('Dan Head', 'manager', []);
    people.otherManager = await addPerson('Otto Other', 'manager', [otherTeam]);
    await admin.request('PATCH', `/api/v1/teams/${org.team}`, { managerIds: [people.teamManager.id] });
    await admin.request('PATCH', `/api/v1/teams/${org.department}`, {
      managerIds: [people.departmentHead.id],
    });
    await admin.request('PATCH', `/api/v1/teams/${otherTeam}`, { managerIds: [people.otherManager.id] });
    // The seeded people of each role are peers of Sam: same team, none of them Sam's manager.
    for (const role of ['admin', 'leader', 'manager', 'employee'] as const)
      people[`seeded ${role}`] = {
        id: org.people[role].id,
        session: await signInAs(app, org.people[role].email, TEST_PASSWORD),
      };
    const { key } = await createApiKey(org.system, { name: 'everything', scopes: ['all'] });
    apiKey = withApiKey(app, key);
    interactionId = (
      await apiKey('POST', '/api/v1/interactions', {
        customer: { email: 'lena@example.com' },
        channel: 'phone',
        occurredAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
        employeeIds: [people.subject.id],
      })
    ).json().id;
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('is given by a peer, tied to evidence, with its immediacy measured', async () => {
    const res = await people.giver?.session.request('POST', '/api/v1/feedback', {
      employeeId: people.subject?.id,
      kind: 'to_improve',
      message: `On the Lena call you were ${SECRET_WORDS}; let them finish first.`,
      evidence: { type: 'interaction', id: interactionId },
    });
    expect(res?.statusCode, res?.body).toBe(201);
    feedback = res?.json() as FeedbackView;
    expect(feedback).toMatchObject({
      kind: 'to_improve',
      giver: { id: people.giver?.id },
      employee: { id: people.subject?.id },
      evidence: { type: 'interaction', id: interactionId },
      acknowledgedAt: null,
      replies: [],
    });
    expect(feedback.immediacyHours).toBeGreaterThanOrEqual(4.9);
    expect(feedback.immediacyHours).toBeLessThanOrEqual(5.1);
  });

  it('reaches the subject, the giver and the subject’s managers', async () => {
    for (const who of ['subject', 'giver', 'teamManager', 'departmentHead']) {
      const session = people[who]?.session;
      const one = await session?.request('GET', `/api/v1/feedback/${feedback.id}`);
      expect(one?.statusCode, who).toBe(200);
      const list = await session?.request('GET', `/api/v1/feedback?employeeId=${people.subject?.id}`);
      expect(
        list?.json().items.map((f: FeedbackView) => f.id),
        who,
      ).toEqual([feedback.id]);
    }
    const profile = await people.teamManager?.session.request(
      'GET',
      `/api/v1/recognition/profiles/${people.subject?.id}`,
    );
    expect(profile?.json().feedback.map((f: FeedbackView) => f.id)).toEqual([feedback.id]);
  });

  it('never reaches anyone else, whatever their role', async () => {
    const outsiders = ['seeded admin', 'seeded leader', 'seeded manager', 'seeded employee', 'otherManager'];
    for (const who of outsiders) {
      const session = people[who]?.session;
      if (!session) throw new Error(who);
      const reads = [
        await session.request('GET', `/api/v1/feedback/${feedback.id}`),
        await session.request('POST', `/api/v1/feedback/${feedback.id}/acknowledge`),
        await session.request('POST', `/api/v1/feedback/${feedback.id}/replies`, { body: 'Let me see' }),
      ];
      expect(
        reads.map((r) => r.statusCode),
        who,
      ).toEqual([404, 404, 404]);
      for (const url of [
        `/api/v1/feedback?employeeId=${people.subject?.id}`,
        '/api/v1/feedback',
        `/api/v1/recognition/profiles/${people.subject?.id}`,
        '/api/v1/feedback/coverage',
        '/api/v1/notifications',
        '/api/v1/recognition/wall',
      ]) {
        const res = await session.request('GET', url);
        expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
        expect(res.body, `${who} ${url}`).not.toContain(SECRET_WORDS);
        expect(res.body, `${who} ${url}`).not.toContain(feedback.id);
      }
      const profile = await session.request('GET', `/api/v1/recognition/profiles/${people.subject?.id}`);
      expect(profile.json().feedback, who).toBeNull();
    }
    // An API key acts for no person: it can read no feedback at all.
    expect((await apiKey('GET', `/api/v1/feedback/${feedback.id}`)).statusCode).toBe(404);
    expect((await apiKey('GET', '/api/v1/feedback')).statusCode).toBe(403);
    expect(
      (await apiKey('GET', `/api/v1/recognition/profiles/${people.subject?.id}`)).json().feedback,
    ).toBeNull();
  });

  it('is acknowledged by its subject only, and replied to by either side', async () => {
    const byGiver = await people.giver?.session.request(
      'POST',
      `/api/v1/feedback/${feedback.id}/acknowledge`,
    );
    expect(byGiver?.statusCode).toBe(403);
    const ack = await people.subject?.session.request('POST', `/api/v1/feedback/${feedback.id}/acknowledge`);
    expect(ack?.statusCode).toBe(200);
    expect(ack?.json().acknowledgedAt).not.toBeNull();
    const reply = await people.subject?.session.request('POST', `/api/v1/feedback/${feedback.id}/replies`, {
      body: 'Fair point, thanks Gina',
    });
    expect(reply?.statusCode, reply?.body).toBe(201);
    expect(reply?.json().replies).toMatchObject([
      { body: 'Fair point, thanks Gina', author: { id: people.subject?.id } },
    ]);
    const giverNotes = (await people.giver?.session.request('GET', '/api/v1/notifications'))?.json();
    expect(giverNotes.items[0]).toMatchObject({ kind: 'feedback_reply' });
    // The notification says there is a reply, never what it says.
    expect(JSON.stringify(giverNotes)).not.toContain('Fair point');
  });

  it('shows managers the days since each report’s last feedback and recognition, with a nudge', async () => {
    const res = await people.teamManager?.session.request('GET', '/api/v1/feedback/coverage');
    expect(res?.statusCode, res?.body).toBe(200);
    const coverage = res?.json();
    expect(coverage.nudgeDays).toBe(14);
    const rows = new Map(coverage.rows.map((r: { employee: { id: string } }) => [r.employee.id, r]));
    expect(rows.has(people.teamManager?.id)).toBe(false);
    expect(rows.has(people.otherManager?.id)).toBe(false);
    expect(rows.get(people.subject?.id)).toMatchObject({
      daysSinceFeedback: 0,
      daysSinceRecognition: null,
      // Recognised never: nudged even with fresh feedback.
      nudge: true,
      feedbackCount90d: 1,
    });
    expect(rows.get(people.giver?.id)).toMatchObject({ daysSinceFeedback: null, nudge: true });

    await people.giver?.session.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [people.subject?.id],
      kind: 'success',
      message: 'Calm with an angry caller',
    });
    const later = await feedbackCoverage(
      {
        db: database.db,
        orgId: org.orgId,
        actor: { type: 'user', employeeId: people.teamManager?.id ?? '', role: 'manager', sessionId: 'x' },
      },
      {},
      { now: () => new Date(Date.now() + 15 * 86_400_000) },
    );
    const subject = later.rows.find((r) => r.employee.id === people.subject?.id);
    expect(subject).toMatchObject({ daysSinceFeedback: 15, daysSinceRecognition: 15, nudge: true });
    const fresh = await feedbackCoverage(
      {
        db: database.db,
        orgId: org.orgId,
        actor: { type: 'user', employeeId: people.teamManager?.id ?? '', role: 'manager', sessionId: 'x' },
      },
      {},
    );
    expect(fresh.rows.find((r) => r.employee.id === people.subject?.id)?.nudge).toBe(false);
    expect(fresh.medianImmediacyHours).toBeCloseTo(5, 0);
    // Employees do not see coverage.
    expect((await people.subject?.session.request('GET', '/api/v1/feedback/coverage'))?.statusCode).toBe(403);
  });

  it('refuses feedback to yourself and evidence from nowhere', async () => {
    const self = await people.giver?.session.request('POST', '/api/v1/feedback', {
      employeeId: people.giver?.id,
      kind: 'praise',
      message: 'Well done me',
    });
    expect(self?.statusCode).toBe(400);
    const nowhere = await people.giver?.session.request('POST', '/api/v1/feedback', {
      employeeId: people.subject?.id,
      kind: 'praise',
      message: 'Nice',
      evidence: { type: 'response', id: '01a20000-0000-7000-8000-000000000000' },
    });
    expect([nowhere?.statusCode, nowhere?.json().error.message]).toEqual([400, 'Unknown response']);
  });
});
