import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { createMailer, type Mailer } from '../../integrations/email.ts';
import { jobs } from '../../jobs/jobs.tables.ts';
import { type Clock, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { distributionHandlers } from './distribution.jobs.ts';
import { samplingBucket } from './distribution.service.ts';
import { invitations } from './surveys.tables.ts';

const PUBLIC_URL = 'http://serviceloop.test';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The raw message with quoted-printable undone (nodemailer wraps long HTML lines). */
const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function fakeClock(start: Date): Clock & { set(d: Date): void } {
  let now = start;
  return {
    now: () => now,
    set: (d) => {
      now = d;
    },
  };
}

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

describe.each(DATABASE_KINDS)('survey distribution on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;
  let surveyId: string;
  let mailer: Mailer;
  let n = 0;
  const unique = (name: string) => `${name}-${kind}-${++n}@customers.example`;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['all'] });
    call = withApiKey(app, key);
    surveyId = (await call('POST', '/api/v1/surveys', { kind: 'nps', name: 'After support' })).json().id;
    await call('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' });
    mailer = createMailer({
      smtpUrl: sink.url,
      from: 'Serviceloop <surveys@serviceloop.test>',
      log: () => {},
    });
  });
  // Each test states its own rules; none may plan or send for the next one.
  afterEach(async () => {
    await database.db.execute(sql`update distribution_rules set active = false`);
    await database.db.execute(sql`update jobs set done_at = now() where done_at is null and dead_at is null`);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const runner = (clock: Clock, withMailer: Mailer = mailer) =>
    startJobRunner({
      db: database.db,
      handlers: distributionHandlers({ db: database.db, mailer: withMailer, publicUrl: PUBLIC_URL }),
      clock,
      pollMs: 0,
    });

  async function createRule(body: Record<string, unknown>): Promise<string> {
    const res = await call('POST', '/api/v1/distribution-rules', { surveyId, name: 'Rule', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  async function interaction(body: {
    email?: string | null;
    customer?: Record<string, unknown>;
    channel?: string;
    teamId?: string;
    occurredAt?: Date;
  }): Promise<string> {
    const res = await call('POST', '/api/v1/interactions', {
      customer: body.customer ?? { email: body.email, name: 'Amara Okafor' },
      channel: body.channel ?? 'phone',
      occurredAt: (body.occurredAt ?? new Date()).toISOString(),
      ...(body.teamId && { teamId: body.teamId }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  const invitationOf = async (interactionId: string) =>
    (
      await database.db
        .select()
        .from(invitations)
        .where(and(eq(invitations.orgId, org.orgId), eq(invitations.interactionId, interactionId)))
    )[0];
  const emailsTo = (address: string) => sink.received.filter((e) => e.to.includes(address));
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('invites after a phone interaction of the chosen team, at occurredAt + delay, and one click records the score', async () => {
    await createRule({ channels: ['phone'], teamIds: [org.team], delayMinutes: 90 });
    const occurredAt = new Date(Date.now() - 5 * MINUTE);
    const email = unique('amara');
    const id = await interaction({ email, teamId: org.team, occurredAt });
    // Another channel, or another team, is not the rule's business.
    expect(
      await invitationOf(await interaction({ email: unique('chat'), channel: 'chat', teamId: org.team })),
    ).toBeUndefined();
    expect(
      await invitationOf(await interaction({ email: unique('dept'), teamId: org.department })),
    ).toBeUndefined();

    const invitation = await invitationOf(id);
    expect(invitation?.scheduledFor?.getTime()).toBe(occurredAt.getTime() + 90 * MINUTE);
    const [job] = await database.db
      .select({ queue: jobs.queue, runAt: jobs.runAt })
      .from(jobs)
      .where(and(eq(jobs.orgId, org.orgId), eq(jobs.singletonKey, invitation?.id ?? '')));
    expect(job).toEqual({ queue: 'send-invitation', runAt: invitation?.scheduledFor });

    const clock = fakeClock(new Date(occurredAt.getTime() + 89 * MINUTE));
    const worker = runner(clock);
    await worker.runDueNow();
    await settle();
    expect(emailsTo(email)).toEqual([]);
    clock.set(new Date(occurredAt.getTime() + 90 * MINUTE));
    expect(await worker.runDueNow()).toBeGreaterThanOrEqual(1);
    await worker.stop();

    // Received by a real SMTP server: the first question is in the email as 11 score links.
    const received: ReceivedEmail = await sink.waitFor((e) => e.to.includes(email));
    const message = decoded(received.data);
    const token = invitation?.token ?? '';
    const scores = [...message.matchAll(new RegExp(`${PUBLIC_URL}/s/${token}\\?score=(\\d+)"`, 'g'))].map(
      (m) => Number(m[1]),
    );
    expect(scores).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(message).toContain('How likely are you to recommend Org');
    expect(message).toContain('Not at all likely');
    expect(message).toMatch(new RegExp(`List-Unsubscribe: <${PUBLIC_URL}/u/${token}>`));
    expect(message).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // The plain-text part lists the survey link.
    expect(message).toContain(`Answer here: ${PUBLIC_URL}/s/${token}`);
    expect((await invitationOf(id))?.sentAt).toEqual(clock.now());

    const clicked = await app.inject({ method: 'GET', url: `/s/${token}?score=9` });
    expect(clicked.statusCode).toBe(200);
    const [response] = await query<{ score: number }>(
      database.db,
      sql`select score from responses where org_id = ${org.orgId} and invitation_id = ${invitation?.id}`,
    );
    expect(response?.score).toBe(9);
    expect((await invitationOf(id))?.answeredAt).not.toBeNull();
  });

  it('samples none at 0 %, all at 100 %, and a deterministic half at 50 %', async () => {
    const none = await createRule({ samplingPercent: 0, fatigueDays: 0 });
    expect(await invitationOf(await interaction({ email: unique('zero') }))).toBeUndefined();
    await call('PATCH', `/api/v1/distribution-rules/${none}`, { active: false });

    const all = await createRule({ samplingPercent: 100, fatigueDays: 0 });
    expect(await invitationOf(await interaction({ email: unique('hundred') }))).toBeDefined();
    await call('PATCH', `/api/v1/distribution-rules/${all}`, { active: false });

    const half = await createRule({ samplingPercent: 50, fatigueDays: 0 });
    const items = Array.from({ length: 40 }, (_, i) => ({
      idempotencyKey: `half-${kind}-${i}`,
      interaction: {
        customer: { email: unique(`half${i}`) },
        channel: 'chat',
        occurredAt: new Date().toISOString(),
      },
    }));
    const batch = await call('POST', '/api/v1/interactions/batch', { items });
    expect(batch.statusCode, batch.body).toBe(200);
    const ids: string[] = batch.json().items.map((i: { id: string }) => i.id);
    const expected = ids.filter((id) => samplingBucket(id, half) < 50);
    const invited: string[] = [];
    for (const id of ids) if (await invitationOf(id)) invited.push(id);
    expect(invited).toEqual(expected);
    expect(invited.length).toBeGreaterThan(0);
    expect(invited.length).toBeLessThan(40);

    // A retry of the same batch replays: the decision stands and nobody is invited twice.
    const retried = await call('POST', '/api/v1/interactions/batch', { items: items.slice(0, 1) });
    expect(retried.json().items[0]).toMatchObject({ id: ids[0], replayed: true });
    const [{ count } = { count: -1 }] = await query<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from invitations where org_id = ${org.orgId} and interaction_id = ${ids[0]}`,
    );
    expect(count).toBe(expected.includes(ids[0] ?? '') ? 1 : 0);
  });

  it('never invites one customer twice within the fatigue window, counting scheduled invitations', async () => {
    await createRule({ delayMinutes: 60 * 24 });
    const email = unique('fatigue');
    const first = await interaction({ email, occurredAt: new Date(Date.now() - 2 * DAY) });
    expect(await invitationOf(first)).toBeDefined();
    // The first is only scheduled (not sent) yet; it still counts.
    expect(await invitationOf(await interaction({ email }))).toBeUndefined();
    expect(await invitationOf(await interaction({ email, channel: 'email' }))).toBeUndefined();
  });

  it('invites again once the fatigue window has passed', async () => {
    await createRule({ delayMinutes: 0, fatigueDays: 5 });
    const email = unique('later');
    expect(
      await invitationOf(await interaction({ email, occurredAt: new Date(Date.now() - 6 * DAY) })),
    ).toBeDefined();
    expect(await invitationOf(await interaction({ email }))).toBeDefined();
  });

  it('invites nobody without an email address, without consent, or unsubscribed', async () => {
    await createRule({ delayMinutes: 0, fatigueDays: 0 });
    expect(
      await invitationOf(await interaction({ customer: { externalId: `no-email-${kind}` } })),
    ).toBeUndefined();
    const noConsent = unique('noconsent');
    expect(
      await invitationOf(await interaction({ customer: { email: noConsent, consentEmail: false } })),
    ).toBeUndefined();
    const unsubscribed = await call('POST', '/api/v1/customers', { email: unique('unsub') });
    await call('PATCH', `/api/v1/customers/${unsubscribed.json().id}`, { unsubscribed: true });
    expect(
      await invitationOf(await interaction({ customer: { id: unsubscribed.json().id } })),
    ).toBeUndefined();
    // The control: the same rule does invite an ordinary customer.
    expect(await invitationOf(await interaction({ email: unique('ordinary') }))).toBeDefined();
  });

  it('sends one reminder after N days, only while unanswered', async () => {
    await createRule({ delayMinutes: 0, reminderDays: 3, fatigueDays: 0 });
    const start = new Date();
    const quiet = unique('quiet');
    const keen = unique('keen');
    const quietId = await interaction({ email: quiet, occurredAt: start });
    const keenId = await interaction({ email: keen, occurredAt: start });
    const clock = fakeClock(start);
    const worker = runner(clock);
    await worker.runDueNow();
    await sink.waitFor((e) => e.to.includes(keen));
    await sink.waitFor((e) => e.to.includes(quiet));
    // One customer answers through the API with the invitation's token before the reminder is due.
    const keenToken = (await invitationOf(keenId))?.token;
    const answered = await call('POST', '/api/v1/responses', {
      surveyId,
      invitationToken: keenToken,
      score: 10,
    });
    expect(answered.statusCode, answered.body).toBe(201);

    clock.set(new Date(start.getTime() + 3 * DAY - MINUTE));
    await worker.runDueNow();
    await settle();
    expect(emailsTo(quiet)).toHaveLength(1);
    clock.set(new Date(start.getTime() + 3 * DAY));
    await worker.runDueNow();
    const reminder = await sink.waitFor((e) => e.to.includes(quiet) && /Subject: Reminder:/.test(e.data));
    expect(decoded(reminder.data)).toContain('score=10');
    expect((await invitationOf(quietId))?.remindedAt).toEqual(clock.now());
    clock.set(new Date(start.getTime() + 30 * DAY));
    await worker.runDueNow();
    await worker.stop();
    await settle();
    expect(emailsTo(quiet)).toHaveLength(2);
    expect(emailsTo(keen)).toHaveLength(1);
  });

  it('honours unsubscribe: POST /u/<token> (one-click) stops the reminder and every later invitation', async () => {
    await createRule({ delayMinutes: 0, reminderDays: 2, fatigueDays: 0 });
    const start = new Date();
    const email = unique('leaving');
    const id = await interaction({ email, occurredAt: start });
    const clock = fakeClock(start);
    const worker = runner(clock);
    await worker.runDueNow();
    await sink.waitFor((e) => e.to.includes(email));
    const token = (await invitationOf(id))?.token ?? '';

    // GET only asks (mail scanners follow links); it changes nothing.
    const asked = await app.inject({ method: 'GET', url: `/u/${token}` });
    expect(asked.statusCode).toBe(200);
    expect(asked.headers['content-type']).toMatch(/text\/html/);
    expect(asked.body).toContain(`<form method="post" action="/u/${token}">`);
    const [before] = await query<{ unsubscribed_at: Date | null }>(
      database.db,
      sql`select c.unsubscribed_at from customers c join invitations i on i.org_id = c.org_id and i.customer_id = c.id
          where i.token = ${token}`,
    );
    expect(before?.unsubscribed_at).toBeNull();

    const oneClick = await app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('You are unsubscribed');
    expect((await app.inject({ method: 'GET', url: `/u/${token}` })).body).toContain('You are unsubscribed');

    clock.set(new Date(start.getTime() + 10 * DAY));
    await worker.runDueNow();
    await worker.stop();
    await settle();
    expect(emailsTo(email)).toHaveLength(1);
    expect((await invitationOf(id))?.remindedAt).toBeNull();
    // Nor is the customer invited again.
    expect(await invitationOf(await interaction({ email }))).toBeUndefined();
  });

  it('does not send a scheduled invitation to a customer who unsubscribed in the meantime', async () => {
    await createRule({ delayMinutes: 120, fatigueDays: 0 });
    const start = new Date();
    const email = unique('changed-mind');
    const first = await interaction({ email, occurredAt: start });
    const second = await interaction({ email, occurredAt: start, channel: 'chat' });
    // Unsubscribed through the first invitation's link (a form post from the confirm page).
    const page = await app.inject({
      method: 'POST',
      url: `/u/${(await invitationOf(first))?.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(page.statusCode).toBe(200);
    const worker = runner(fakeClock(new Date(start.getTime() + 3 * 60 * MINUTE)));
    await worker.runDueNow();
    await worker.stop();
    await settle();
    expect(emailsTo(email)).toEqual([]);
    expect((await invitationOf(first))?.sentAt).toBeNull();
    expect((await invitationOf(second))?.sentAt).toBeNull();
    expect((await app.inject({ method: 'POST', url: '/u/not-a-token' })).statusCode).toBe(404);
  });

  it('marks an invitation bounced on a permanent SMTP failure and does not retry', async () => {
    await createRule({ delayMinutes: 0, fatigueDays: 0 });
    const id = await interaction({ email: unique('bounce') });
    let attempts = 0;
    const rejecting: Mailer = {
      async send() {
        attempts++;
        throw Object.assign(new Error('550 5.1.1 mailbox unavailable'), { responseCode: 550 });
      },
    };
    const clock = fakeClock(new Date(Date.now() + MINUTE));
    const worker = runner(clock, rejecting);
    await worker.runDueNow();
    clock.set(new Date(clock.now().getTime() + DAY));
    await worker.runDueNow();
    await worker.stop();
    expect(attempts).toBe(1);
    expect((await invitationOf(id))?.bouncedAt).not.toBeNull();
    expect((await invitationOf(id))?.sentAt).toBeNull();
  });

  it('lets survey managers write rules and everyone with surveys:read list them', async () => {
    const leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    const created = await leader.request('POST', '/api/v1/distribution-rules', {
      surveyId,
      name: 'Chat, half',
      channels: ['chat'],
      samplingPercent: 50,
      active: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      delayMinutes: 60,
      fatigueDays: 30,
      reminderDays: null,
      teamIds: [],
    });
    const manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    expect(
      (await manager.request('POST', '/api/v1/distribution-rules', { surveyId, name: 'x' })).statusCode,
    ).toBe(403);
    const employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    const listed = await employee.request('GET', '/api/v1/distribution-rules');
    expect(listed.json().items.map((r: { id: string }) => r.id)).toContain(created.json().id);
    const ofSurvey = await employee.request('GET', `/api/v1/distribution-rules?surveyId=${surveyId}`);
    expect(ofSurvey.json().items.length).toBeGreaterThan(0);
    expect(ofSurvey.json().items.every((r: { surveyId: string }) => r.surveyId === surveyId)).toBe(true);
    const ofOther = await employee.request('GET', `/api/v1/distribution-rules?surveyId=${org.team}`);
    expect(ofOther.json().items).toEqual([]);
    const badSurvey = await leader.request('POST', '/api/v1/distribution-rules', {
      surveyId: org.team,
      name: 'No such survey',
    });
    expect(badSurvey.statusCode).toBe(400);
    const patched = await leader.request('PATCH', `/api/v1/distribution-rules/${created.json().id}`, {
      samplingPercent: 101,
    });
    expect(patched.statusCode).toBe(400);
    expect(
      (await leader.request('DELETE', `/api/v1/distribution-rules/${created.json().id}`)).statusCode,
    ).toBe(204);
    expect((await leader.request('GET', `/api/v1/distribution-rules/${created.json().id}`)).statusCode).toBe(
      404,
    );
  });
});
