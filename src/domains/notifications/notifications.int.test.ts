import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { createMailer } from '../../integrations/email.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import type { NotificationView } from './notifications.api.ts';
import { type NewNotification, NOTIFICATION_EMAIL, notify } from './notifications.service.ts';

const PUBLIC_URL = 'http://serviceloop.test';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

interface Page {
  items: NotificationView[];
  nextCursor: string | null;
  unread: number;
}

describe.each(DATABASE_KINDS)('notifications on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let other: SeededOrg;
  let runner: JobRunner;
  let alex: Session;
  let manager: Session;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    other = await seedOrg(database.db);
    alex = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    const mailer = createMailer({
      smtpUrl: sink.url,
      from: 'Serviceloop <hello@serviceloop.test>',
      log: () => {},
    });
    runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({ db: database.db, mailer, publicUrl: PUBLIC_URL }),
      pollMs: 0,
    });
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
    await database.dispose();
  });

  /** Notifies in one transaction, as every caller does, and runs the email jobs. */
  async function tell(orgId: string, input: Omit<NewNotification, 'title'> & { title?: string }) {
    const title = input.title ?? `Notice ${kind} ${++n}`;
    const created = await database.db.transaction((tx) => notify(tx, orgId, { ...input, title }));
    await runner.runDueNow();
    return { created, title };
  }
  const mine = async (session: Session, q = '') => {
    const res = await session.request('GET', `/api/v1/notifications${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const emailsWith = (subject: string) => sink.received.filter((m) => m.data.includes(`Subject: ${subject}`));

  it('notifies once per person and key, in the app and by email, however often it is asked', async () => {
    const input = {
      to: [org.people.employee.id, org.people.employee.id, null],
      kind: 'kudos',
      title: `Kudos for you ${kind}`,
      body: 'Thanks for fixing the boiler',
      link: '/recognition/me',
      dedupeKey: `kudos:dedupe-${kind}`,
    } as const;
    expect((await tell(org.orgId, input)).created).toBe(1);
    expect((await tell(org.orgId, input)).created).toBe(0);
    const page = await mine(alex);
    expect(page.items.filter((i) => i.title === input.title)).toHaveLength(1);
    const email = await sink.waitFor((m) => m.data.includes(`Subject: ${input.title}`));
    expect(email.to).toEqual([org.people.employee.email]);
    expect(email.data).toContain('Thanks for fixing the boiler');
    expect(email.data).toContain(`Open it: ${PUBLIC_URL}/recognition/me`);
    await runner.runDueNow();
    expect(emailsWith(input.title)).toHaveLength(1);
    const [jobs] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from jobs where org_id = ${org.orgId} and queue = ${NOTIFICATION_EMAIL}
          and payload->>'notificationId' = ${page.items.find((i) => i.title === input.title)?.id ?? ''}`,
    );
    expect(jobs?.n).toBe(1);
  });

  it('without a key, each call is a notification of its own', async () => {
    const a = await tell(org.orgId, {
      to: org.people.employee.id,
      kind: 'case_assigned',
      title: `Twice ${kind}`,
    });
    const b = await tell(org.orgId, {
      to: org.people.employee.id,
      kind: 'case_assigned',
      title: `Twice ${kind}`,
    });
    expect([a.created, b.created]).toEqual([1, 1]);
    expect((await mine(alex)).items.filter((i) => i.title === `Twice ${kind}`)).toHaveLength(2);
  });

  it('email preferences turn off the email of a topic, never the in-app notification', async () => {
    expect((await (await alex.request('GET', '/api/v1/notifications/preferences')).json()) as object).toEqual(
      {
        cases: true,
        kudos: true,
        praise: true,
        feedback: true,
        strategy: true,
        training: true,
      },
    );
    const put = await alex.request('PUT', '/api/v1/notifications/preferences', { cases: false });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({
      cases: false,
      kudos: true,
      praise: true,
      feedback: true,
      strategy: true,
      training: true,
    });
    // Only the topics given change.
    expect(
      (await alex.request('PUT', '/api/v1/notifications/preferences', { praise: false })).json(),
    ).toEqual({
      cases: false,
      kudos: true,
      praise: false,
      feedback: true,
      strategy: true,
      training: true,
    });
    expect((await alex.request('PUT', '/api/v1/notifications/preferences', { sms: true })).statusCode).toBe(
      400,
    );

    const quiet = await tell(org.orgId, {
      to: org.people.employee.id,
      kind: 'case_escalated',
      link: '/cases',
    });
    const loud = await tell(org.orgId, { to: org.people.employee.id, kind: 'feedback' });
    // Someone else's preferences are their own: the manager still gets case emails.
    const managers = await tell(org.orgId, { to: org.people.manager.id, kind: 'case_escalated' });
    await sink.waitFor((m) => m.data.includes(`Subject: ${loud.title}`));
    await sink.waitFor((m) => m.data.includes(`Subject: ${managers.title}`));
    expect(emailsWith(quiet.title)).toHaveLength(0);
    const titles = (await mine(alex)).items.map((i) => i.title);
    expect(titles).toContain(quiet.title);
    expect(titles).toContain(loud.title);

    // Turned off after the notification was made, before its email went: the email is not sent.
    await alex.request('PUT', '/api/v1/notifications/preferences', { cases: true });
    const late = `Late ${kind}`;
    await database.db.transaction((tx) =>
      notify(tx, org.orgId, { to: org.people.employee.id, kind: 'case_reminder', title: late }),
    );
    await alex.request('PUT', '/api/v1/notifications/preferences', { cases: false });
    await runner.runDueNow();
    expect(emailsWith(late)).toHaveLength(0);
    await alex.request('PUT', '/api/v1/notifications/preferences', { cases: true, praise: true });
  });

  it('shows people their own notifications only, in this organisation only', async () => {
    const forManager = await tell(org.orgId, { to: org.people.manager.id, kind: 'goodwill_approval' });
    // Another organisation's employee with the same role and a notification of the same key.
    const elsewhere = await tell(other.orgId, {
      to: other.people.employee.id,
      kind: 'kudos',
      dedupeKey: 'kudos:shared-key',
    });
    const here = await tell(org.orgId, {
      to: org.people.employee.id,
      kind: 'kudos',
      dedupeKey: 'kudos:shared-key',
    });
    expect([elsewhere.created, here.created]).toEqual([1, 1]);

    const alexes = await mine(alex);
    expect(alexes.items.map((i) => i.title)).not.toContain(forManager.title);
    expect(alexes.items.map((i) => i.title)).not.toContain(elsewhere.title);
    expect(alexes.items.map((i) => i.title)).toContain(here.title);
    const managers = await mine(manager);
    const theirs = managers.items.find((i) => i.title === forManager.title);
    expect(theirs).toBeDefined();

    // Alex can neither read nor mark the manager's notification: it does not exist for them.
    const read = await alex.request('POST', `/api/v1/notifications/${theirs?.id}/read`);
    expect(read.statusCode).toBe(404);
    expect((await mine(manager)).items.find((i) => i.id === theirs?.id)?.readAt).toBeNull();

    // An API key acts for no person: it has no notifications.
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['all'] });
    const apiKey = withApiKey(app, key);
    expect((await apiKey('GET', '/api/v1/notifications')).statusCode).toBe(403);
    expect((await apiKey('POST', `/api/v1/notifications/${theirs?.id}/read`)).statusCode).toBe(404);
  });

  it('marks one or all read, counts the unread, and pages newest first', async () => {
    const first = await tell(org.orgId, { to: org.people.leader.id, kind: 'case_assigned' });
    const second = await tell(org.orgId, { to: org.people.leader.id, kind: 'case_response' });
    await tell(org.orgId, { to: org.people.leader.id, kind: 'case_reopened' });
    const leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    const all = await mine(leader);
    expect(all.unread).toBe(3);

    const page1 = await mine(leader, '?limit=2');
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await mine(leader, `?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.items.map((i) => i.title)).toEqual([first.title]);
    expect(page2.nextCursor).toBeNull();
    expect((await leader.request('GET', '/api/v1/notifications?cursor=nonsense')).statusCode).toBe(400);

    const id = all.items.find((i) => i.title === second.title)?.id;
    const marked = await leader.request('POST', `/api/v1/notifications/${id}/read`);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json().readAt).not.toBeNull();
    // Marking it again changes nothing and answers the same.
    expect((await leader.request('POST', `/api/v1/notifications/${id}/read`)).json().readAt).toBe(
      marked.json().readAt,
    );
    const unread = await mine(leader, '?unread=true');
    expect(unread.unread).toBe(2);
    expect(unread.items.map((i) => i.title)).not.toContain(second.title);

    const allRead = await leader.request('POST', '/api/v1/notifications/read-all');
    expect(allRead.json()).toEqual({ updated: 2 });
    expect((await mine(leader)).unread).toBe(0);
    // Nobody else's were marked.
    expect((await mine(alex)).unread).toBeGreaterThan(0);
  });
});
