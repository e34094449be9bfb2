import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../integrations/email.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { type Clock, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import { createCustomer, updateCustomer } from '../customers/customers.service.ts';
import { emailCustomer } from './case-email.ts';
import { getCaseReport } from './case-report.ts';
import { updateCaseSettings } from './case-settings.service.ts';
import { getCase, openCase, updateCase } from './cases.service.ts';

const PUBLIC_URL = 'http://serviceloop.test';
const HOUR = 3_600_000;

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

/** The token of the survey link in an email (score links are /s/<token>?score=N). */
function surveyToken(email: ReceivedEmail): string {
  const match = /\/s\/([A-Za-z0-9_-]+)/.exec(email.data.replace(/=\r?\n/g, ''));
  if (!match?.[1]) throw new Error('no survey link in the email');
  return match[1];
}

describe.each(DATABASE_KINDS)('case follow-up survey on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let mailer: Mailer;
  let now: Date;
  let n = 0;
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    mailer = createMailer({ smtpUrl: sink.url, from: 'Serviceloop <cases@serviceloop.test>', log: () => {} });
    // Far enough ahead that every job enqueued with the real clock is due at any test time.
    now = new Date(Date.now() + 30 * 86_400_000);
    await updateCaseSettings(org.people.admin.ctx, { followUpDelayHours: 24 });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  /** Runs every due job until none is left (a job may enqueue another due at once). */
  async function runJobs(at: Date) {
    now = at;
    const runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({ db: database.db, mailer, publicUrl: PUBLIC_URL }),
      clock,
      pollMs: 0,
    });
    for (let i = 0; i < 4; i++) await runner.runDueNow();
    await runner.stop();
  }

  const sentTo = (address: string) => sink.received.filter((e) => e.to.includes(address));

  async function resolvedCase(customer: { consentEmail?: boolean; email?: string | null }) {
    const email = customer.email === null ? null : (customer.email ?? `follow-up-${kind}-${++n}@example.com`);
    const created = await createCustomer(org.system, {
      name: 'Rosa Díaz',
      email,
      ...(customer.consentEmail !== undefined && { consentEmail: customer.consentEmail }),
    });
    const manager = org.people.manager.ctx;
    const opened = await openCase(manager, { customerId: created.id, ownerId: org.people.manager.id }, now);
    await updateCase(manager, opened.id, { status: 'contacted' }, now);
    const resolved = await updateCase(manager, opened.id, { status: 'resolved', outcome: 'recovered' }, now);
    return { caseId: opened.id, customerId: created.id, email: email ?? '', resolved };
  }

  it('sends one follow-up after the delay, links the answer to the case and counts it in the report', async () => {
    const resolvedAt = now;
    const { caseId, email, resolved } = await resolvedCase({});
    expect(resolved.followUp).toMatchObject({
      status: 'scheduled',
      dueAt: new Date(resolvedAt.getTime() + 24 * HOUR).toISOString(),
    });

    await runJobs(new Date(resolvedAt.getTime() + 23 * HOUR));
    expect(sentTo(email)).toHaveLength(0);

    await runJobs(new Date(resolvedAt.getTime() + 24 * HOUR));
    const mail = await sink.waitFor((e) => e.to.includes(email));
    expect(mail.data).toContain('Did we put things right?');
    expect(mail.data).toContain('List-Unsubscribe');
    expect((await getCase(org.system, caseId, now)).followUp?.status).toBe('sent');

    // Fires once: later runs send nothing more.
    await runJobs(new Date(resolvedAt.getTime() + 72 * HOUR));
    expect(sentTo(email)).toHaveLength(1);

    // One tap in the email records the answer.
    const tapped = await app.inject({ method: 'GET', url: `/s/${surveyToken(mail)}?score=4` });
    expect(tapped.statusCode).toBeLessThan(400);
    const page = await admin.request('GET', `/api/v1/cases/${caseId}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().followUp).toMatchObject({
      status: 'answered',
      score: 4,
      recovered: true,
      scaleMax: 5,
    });

    const report = await getCaseReport(org.system, {}, now);
    expect(report.followUp).toMatchObject({ answered: 1, recoveryScore: 4, measuredRecovery: 1 });
    const owner = report.byOwner.find((o) => o.id === org.people.manager.id);
    expect(owner).toMatchObject({ followUpAnswers: 1, recoveryScore: 4, recovered: 1, settled: 1 });
  });

  it('sends nothing when the case was reopened before the follow-up was due', async () => {
    const resolvedAt = now;
    const { caseId, customerId, email } = await resolvedCase({});
    // The customer answers negatively again: the case reopens (next cycle).
    const survey = await admin.request('POST', '/api/v1/surveys', { kind: 'nps', name: `nps ${++n}` });
    const surveyId = survey.json().id as string;
    await admin.request('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' });
    const answer = await admin.request('POST', '/api/v1/responses', {
      surveyId,
      score: 1,
      customer: { id: customerId },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    await runJobs(new Date(resolvedAt.getTime() + HOUR));
    expect((await getCase(org.system, caseId, now)).status).toBe('new');

    await runJobs(new Date(resolvedAt.getTime() + 25 * HOUR));
    expect(sentTo(email)).toHaveLength(0);
    expect((await getCase(org.system, caseId, now)).followUp).toMatchObject({
      cycle: 1,
      status: 'skipped',
      skipped: 'reopened',
    });
  });

  it('respects survey-email consent and unsubscribe, checked when it is due', async () => {
    const resolvedAt = now;
    const noConsent = await resolvedCase({ consentEmail: false });
    const unsubscribed = await resolvedCase({});
    const noEmail = await resolvedCase({ email: null });
    // Unsubscribing after resolution but before the follow-up is due still counts.
    await updateCustomer(org.system, unsubscribed.customerId, { unsubscribed: true });

    await runJobs(new Date(resolvedAt.getTime() + 25 * HOUR));
    expect(sentTo(noConsent.email)).toHaveLength(0);
    expect(sentTo(unsubscribed.email)).toHaveLength(0);
    const skipped = async (caseId: string) => (await getCase(org.system, caseId, now)).followUp?.skipped;
    expect(await skipped(noConsent.caseId)).toBe('no_consent');
    expect(await skipped(unsubscribed.caseId)).toBe('unsubscribed');
    expect(await skipped(noEmail.caseId)).toBe('no_email');
  });

  it('sends nothing when the organisation turned follow-ups off', async () => {
    await updateCaseSettings(org.people.admin.ctx, { followUpEnabled: false });
    try {
      const { caseId, email, resolved } = await resolvedCase({});
      expect(resolved.followUp).toMatchObject({ status: 'skipped', skipped: 'disabled' });
      await runJobs(new Date(now.getTime() + 25 * HOUR));
      expect(sentTo(email)).toHaveLength(0);
      expect((await getCase(org.system, caseId, now)).followUp?.skipped).toBe('disabled');
    } finally {
      await updateCaseSettings(org.people.admin.ctx, { followUpEnabled: true });
    }
  });

  it('emails about the customer’s own case are service emails: survey consent and unsubscribe do not stop them', async () => {
    const { caseId, customerId, email } = await resolvedCase({ consentEmail: false });
    await updateCustomer(org.system, customerId, { unsubscribed: true });
    const queued = await emailCustomer(org.people.manager.ctx, caseId, { template: 'follow_up' }, now);
    expect(queued.to).toBe(email);
    await runJobs(new Date(now.getTime() + HOUR));
    const mail = await sink.waitFor((e) => e.to.includes(email));
    expect(mail.data).toContain('I am following up on your recent feedback');
  });
});
