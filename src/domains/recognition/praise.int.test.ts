import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { createMailer } from '../../integrations/email.ts';
import { responseSteps } from '../../jobs/handlers.ts';
import { type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { notificationEmailHandlers } from '../notifications/notifications.service.ts';
import { enqueueResponsePipeline, responsePipelineHandlers } from '../responses/response-pipeline.ts';
import { recognitionResponseStep } from './praise.step.ts';
import type { PraiseView, WallStoryView } from './recognition.api.ts';

const PUBLIC_URL = 'http://serviceloop.test';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

describe('the recognition response step', () => {
  it('is registered in the response pipeline at order 30', () => {
    const steps = responseSteps({ db: {} as never, mailer: { send: async () => {} }, publicUrl: PUBLIC_URL });
    expect(steps.filter((s) => s.name === 'recognition').map((s) => s.order)).toEqual([30]);
  });
});

describe.each(DATABASE_KINDS)('customer praise on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;
  let admin: Session;
  let manager: Session;
  let alex: Session;
  let runner: JobRunner;
  let surveyId: string;
  let otherTeam: string;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['all'] });
    call = withApiKey(app, key);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    alex = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    // Alex serves in Phone Support, which the manager manages; Priya is in another team.
    expect(
      (await call('PATCH', `/api/v1/employees/${org.people.employee.id}`, { name: 'Alex Brown' })).statusCode,
    ).toBe(200);
    expect(
      (await call('PATCH', `/api/v1/teams/${org.team}`, { managerIds: [org.people.manager.id] })).statusCode,
    ).toBe(200);
    otherTeam = (
      await call('POST', '/api/v1/teams', { name: 'Billing', kind: 'team', parentId: org.department })
    ).json().id;
    const priya = await call('POST', '/api/v1/employees', {
      name: 'Priya Raman',
      email: `priya@${org.slug}.example`,
      teamIds: [otherTeam],
    });
    expect(priya.statusCode, priya.body).toBe(201);
    surveyId = (await call('POST', '/api/v1/surveys', { kind: 'nps', name: 'After your call' })).json().id;
    await call('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' });
    const mailer = createMailer({
      smtpUrl: sink.url,
      from: 'Serviceloop <kudos@serviceloop.test>',
      log: () => {},
    });
    runner = startJobRunner({
      db: database.db,
      // Only this capability's handlers: the test is about recognition, not the other steps.
      handlers: {
        ...responsePipelineHandlers([recognitionResponseStep()]),
        ...notificationEmailHandlers({ mailer, publicUrl: PUBLIC_URL }),
      },
      pollMs: 0,
    });
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
    await database.dispose();
  });

  async function respond(score: number, comment: string, customer: Record<string, unknown> = {}) {
    const interaction = await call('POST', '/api/v1/interactions', {
      customer: { email: `customer-${kind}-${++n}@example.com`, name: 'Rosa Martinez', ...customer },
      channel: 'phone',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      employeeIds: [org.people.employee.id],
    });
    expect(interaction.statusCode, interaction.body).toBe(201);
    const res = await call('POST', '/api/v1/responses', {
      surveyId,
      interactionId: interaction.json().id,
      score,
      comment,
    });
    expect(res.statusCode, res.body).toBe(201);
    // Twice: the pipeline's notifications enqueue emails, which the second round sends.
    await runner.runDueNow();
    await runner.runDueNow();
    return res.json() as { id: string; customerId: string };
  }

  const praiseOf = async (responseId: string) =>
    query<{ id: string; employee_id: string; status: string }>(
      database.db,
      sql`select id, employee_id, status from customer_praise where org_id = ${org.orgId} and response_id = ${responseId}`,
    );

  it('notifies the named employee at once with the customer’s words, and suggests recognition to the manager', async () => {
    const response = await respond(10, 'Alex was brilliant, fixed our boiler in minutes!');
    const praise = await praiseOf(response.id);
    expect(praise).toEqual([
      { id: expect.any(String), employee_id: org.people.employee.id, status: 'suggested' },
    ]);

    const notes = (await alex.request('GET', '/api/v1/notifications')).json().items;
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'praise',
        // First name only: the customer did not consent to their name being shown.
        title: 'Rosa praised you',
        body: '“Alex was brilliant, fixed our boiler in minutes!”',
        readAt: null,
      }),
    ]);
    const email = await sink.waitFor((m) => m.to.includes(org.people.employee.email));
    expect(email.data).toContain('Rosa praised you');
    expect(email.data).toContain('fixed our boiler in minutes');

    const listed = await manager.request('GET', '/api/v1/recognition/praise');
    expect(listed.statusCode, listed.body).toBe(200);
    const suggestions = listed.json().items as PraiseView[];
    expect(suggestions).toMatchObject([
      {
        responseId: response.id,
        employee: { id: org.people.employee.id, name: 'Alex Brown' },
        customerName: 'Rosa',
        quote: 'Alex was brilliant, fixed our boiler in minutes!',
        status: 'suggested',
      },
    ]);
    const managerNotes = (await manager.request('GET', '/api/v1/notifications')).json().items;
    expect(managerNotes.map((x: { kind: string; title: string }) => [x.kind, x.title])).toContainEqual([
      'praise_suggestion',
      'A customer praised Alex Brown: recognise it?',
    ]);

    const profile = (
      await manager.request('GET', `/api/v1/recognition/profiles/${org.people.employee.id}`)
    ).json();
    expect(profile.praise.map((p: PraiseView) => p.responseId)).toEqual([response.id]);
    expect(profile.counts.praise).toBe(1);
  });

  it('runs once however often the pipeline runs over the same response', async () => {
    const response = await respond(9, 'Thank you Alex, very patient');
    const emailsBefore = sink.received.length;
    await database.db.transaction((tx) => enqueueResponsePipeline(tx, org.orgId, [response.id], 'created'));
    await database.db.transaction((tx) => enqueueResponsePipeline(tx, org.orgId, [response.id], 'created'));
    await runner.runDueNow();
    await runner.runDueNow();
    expect(await praiseOf(response.id)).toHaveLength(1);
    const [notes] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from notifications where org_id = ${org.orgId}
          and dedupe_key like 'praise%' and body like '%very patient%'`,
    );
    expect(notes?.n).toBe(2);
    expect(sink.received.length).toBe(emailsBefore);
  });

  it('finds no praise without a high score, without a name, or naming someone from another team', async () => {
    for (const [score, comment] of [
      [6, 'Alex was polite but it took a week'],
      [10, 'Great service, thank you'],
      [10, 'Priya sorted it all out'],
    ] as const) {
      const response = await respond(score, comment);
      expect(await praiseOf(response.id), comment).toEqual([]);
    }
  });

  it('shows the customer’s full name on the wall only with their consent', async () => {
    const consenting = await respond(10, 'Alex went above and beyond', {
      consentPublishName: true,
      name: 'Hiroshi Tanaka',
    });
    const wall = (await alex.request('GET', '/api/v1/recognition/wall?type=praise&limit=100')).json();
    const names = new Map(wall.items.map((s: WallStoryView) => [s.evidence?.id, s.customerName]));
    expect(names.get(consenting.id)).toBe('Hiroshi Tanaka');
    expect([...names.values()].filter((v) => v === 'Rosa').length).toBeGreaterThan(0);
    expect([...names.values()]).not.toContain('Rosa Martinez');
  });

  it('turns praise into kudos in one click, once, by the person’s manager only', async () => {
    const [suggestion] = (await manager.request('GET', '/api/v1/recognition/praise')).json()
      .items as PraiseView[];
    if (!suggestion) throw new Error('no suggestion');
    const byAlex = await alex.request('POST', `/api/v1/recognition/praise/${suggestion.id}/recognise`, {});
    expect(byAlex.statusCode).toBe(403);

    const res = await manager.request('POST', `/api/v1/recognition/praise/${suggestion.id}/recognise`, {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      type: 'kudos',
      from: { id: org.people.manager.id },
      to: [{ id: org.people.employee.id }],
      evidence: { type: 'response', id: suggestion.responseId },
    });
    expect(res.json().text).toContain(suggestion.quote);
    const again = await manager.request('POST', `/api/v1/recognition/praise/${suggestion.id}/recognise`, {});
    expect(again.statusCode).toBe(409);
    const recognised = (await manager.request('GET', '/api/v1/recognition/praise?status=recognised')).json()
      .items;
    expect(recognised).toMatchObject([{ id: suggestion.id, kudosId: res.json().id }]);
    const kudos = (await alex.request('GET', '/api/v1/notifications')).json().items;
    expect(kudos[0]).toMatchObject({ kind: 'kudos', title: 'Manager Person gave you kudos' });
  });

  it('celebrates a first promoter and praise milestones on the wall, each once', async () => {
    await admin.request('PATCH', '/api/v1/recognition/settings', { praiseMilestones: [3, 5] });
    await respond(10, 'Alex is a star');
    const celebrations = (await alex.request('GET', '/api/v1/recognition/wall?type=celebration')).json()
      .items;
    expect(celebrations.map((c: WallStoryView) => [c.kind, c.text])).toEqual([
      ['praise_milestone', 'Alex Brown has been praised by name by 3 customers'],
      ['first_promoter', 'Alex Brown won their first promoter: a customer who would recommend us'],
    ]);
  });

  it('withdraws a suggestion nobody acted on when the customer amends their answer', async () => {
    const response = await respond(10, 'Alex was fantastic');
    expect(await praiseOf(response.id)).toHaveLength(1);
    await database.db.execute(
      sql`update responses set score = 5, comment = 'Actually it broke again' where org_id = ${org.orgId} and id = ${response.id}`,
    );
    await database.db.transaction((tx) => enqueueResponsePipeline(tx, org.orgId, [response.id], 'amended'));
    await runner.runDueNow();
    expect(await praiseOf(response.id)).toEqual([]);
  });

  it('stores praise in imported history without notifying anyone', async () => {
    const res = await call('POST', '/api/v1/responses/import', {
      surveyId,
      csv: 'submitted_at,score,comment,team\n2025-01-10T10:00:00Z,10,Alex saved the day,Phone Support\n',
      dryRun: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    const before = (await alex.request('GET', '/api/v1/notifications')).json().items.length;
    await runner.runDueNow();
    const [row] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from customer_praise where org_id = ${org.orgId} and quote = 'Alex saved the day'`,
    );
    expect(row?.n).toBe(1);
    expect((await alex.request('GET', '/api/v1/notifications')).json().items.length).toBe(before);
  });
});
