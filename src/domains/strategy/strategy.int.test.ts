import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { createMailer, type Mailer } from '../../integrations/email.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { type Clock, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { setPassword } from '../auth/auth.service.ts';
import { employees, teamMemberships, teams } from '../people/people.tables.ts';
import type { AnnouncementView, ReachView, StrategyDiff } from './strategy.api.ts';

const PUBLIC_URL = 'http://serviceloop.test';
const DAY = 86_400_000;

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

const strategy = {
  vision: 'Every customer leaves a contact with their problem solved and a reason to come back.',
  customersServed: ['Households', 'Small businesses'],
  customersNotServed: ['Resellers', 'Customers who only want the lowest price'],
  tradeOffs: [
    {
      left: 'Quality',
      right: 'Cost',
      position: -60,
      sentence: 'We fix it right once rather than cheaply twice.',
    },
    { left: 'Consistency', right: 'Personalisation', position: 30, sentence: 'Same standards, your name.' },
  ],
  priorities: [
    { title: 'Resolve on first contact' },
    { title: 'Call back every detractor within a day' },
    { title: 'Recognise great service weekly' },
  ],
};

describe.each(DATABASE_KINDS)('strategy and communication on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let leader: Session;
  let employee: Session;
  let stores: { teamId: string; people: { id: string; email: string; session: Session }[] };
  let mailer: Mailer;
  let now = new Date();
  const clock: Clock = { now: () => now };
  const versions: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    mailer = createMailer({
      smtpUrl: sink.url,
      from: 'Serviceloop <strategy@serviceloop.test>',
      log: () => {},
    });
    // A second team of two people, under the same department.
    const teamId = uuidv7();
    await database.db
      .insert(teams)
      .values({ orgId: org.orgId, id: teamId, name: 'Stores', kind: 'team', parentId: org.department });
    const people = [];
    for (const name of ['Ada Store', 'Bo Store']) {
      const id = uuidv7();
      const email = `${name.split(' ')[0]?.toLowerCase()}@${org.slug}.example`;
      await database.db.insert(employees).values({ orgId: org.orgId, id, name, email, role: 'employee' });
      await database.db
        .insert(teamMemberships)
        .values({ orgId: org.orgId, id: uuidv7(), teamId, employeeId: id });
      await setPassword(database.db, org.orgId, id, TEST_PASSWORD);
      people.push({ id, email, session: await signInAs(app, email, TEST_PASSWORD) });
    }
    stores = { teamId, people };
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  async function runJobs(at: Date) {
    now = at;
    const runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({ db: database.db, mailer, publicUrl: PUBLIC_URL }),
      clock,
      pollMs: 0,
    });
    for (let i = 0; i < 3; i++) await runner.runDueNow();
    await runner.stop();
  }

  async function publish(draft: unknown, publishBody: unknown = {}) {
    const saved = await leader.request('PUT', '/api/v1/strategy/draft', draft);
    expect(saved.statusCode, saved.body).toBe(200);
    const res = await leader.request('POST', '/api/v1/strategy/publish', publishBody);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as {
      version: { id: string; number: number };
      announcement: AnnouncementView | null;
    };
    versions.push(body.version.id);
    return body;
  }

  it('publishes immutable versions that everyone reads; only leaders edit the draft', async () => {
    const empty = (await employee.request('GET', '/api/v1/strategy')).json();
    expect(empty).toEqual({ current: null, draft: null, canManage: false });
    expect((await employee.request('PUT', '/api/v1/strategy/draft', strategy)).statusCode).toBe(403);
    expect((await employee.request('POST', '/api/v1/strategy/publish', {})).statusCode).toBe(403);
    expect((await leader.request('POST', '/api/v1/strategy/publish', {})).statusCode).toBe(400);

    const target = await leader.request('POST', '/api/v1/analytics/targets', {
      name: 'Loyal customers',
      metric: 'nps',
      scope: 'org',
      comparator: '>=',
      value: 40,
      dueDate: '2030-12-31',
    });
    expect(target.statusCode, target.body).toBe(201);
    const targetId = target.json().id as string;
    const unknownTarget = await leader.request('PUT', '/api/v1/strategy/draft', {
      ...strategy,
      targets: [{ targetId: uuidv7() }],
    });
    expect(unknownTarget.statusCode).toBe(400);

    const { version } = await publish(
      { ...strategy, targets: [{ targetId, ownerId: org.people.manager.id, note: 'Reviewed monthly' }] },
      { note: 'First version' },
    );
    expect(version.number).toBe(1);
    const page = (await employee.request('GET', '/api/v1/strategy')).json();
    expect(page.canManage).toBe(false);
    expect(page.draft).toBeNull();
    expect(page.current).toMatchObject({
      number: 1,
      note: 'First version',
      publishedBy: { id: org.people.leader.id },
    });
    expect(page.current.strategy.customersNotServed).toEqual(strategy.customersNotServed);
    expect(page.current.strategy.tradeOffs[0]).toMatchObject({
      left: 'Quality',
      right: 'Cost',
      position: -60,
    });
    const priorities = page.current.strategy.priorities as { id: string; title: string }[];
    expect(priorities.map((p) => p.title)).toEqual(strategy.priorities.map((p) => p.title));
    expect(priorities.every((p) => /^p-[0-9a-f]{8}$/.test(p.id))).toBe(true);
    expect(page.current.strategy.targets).toEqual([
      {
        targetId,
        owner: { id: org.people.manager.id, name: 'Manager Person' },
        note: 'Reviewed monthly',
        target: expect.objectContaining({
          name: 'Loyal customers',
          metric: 'nps',
          value: 40,
          dueDate: '2030-12-31',
        }),
      },
    ]);

    // The leader's draft starts from the current version; publishing it unchanged is refused.
    const leaderPage = (await leader.request('GET', '/api/v1/strategy')).json();
    expect(leaderPage.draft).toMatchObject({ basedOnVersion: 1, updatedAt: null });
    const same = await leader.request('PUT', '/api/v1/strategy/draft', {
      ...leaderPage.draft.strategy,
      targets: [{ targetId, ownerId: org.people.manager.id, note: 'Reviewed monthly' }],
    });
    expect(same.statusCode, same.body).toBe(200);
    expect((await leader.request('POST', '/api/v1/strategy/publish', {})).statusCode).toBe(409);
  });

  it('diffs any two versions field by field', async () => {
    const v1 = (await leader.request('GET', `/api/v1/strategy/versions/${versions[0]}`)).json();
    const [first, second, third] = v1.strategy.priorities as {
      id: string;
      title: string;
      description: string;
    }[];
    if (!first || !second || !third) throw new Error('three priorities expected');
    await publish({
      ...v1.strategy,
      vision: 'Every customer leaves a contact happy, with their problem solved and a reason to come back.',
      customersServed: ['Households', 'Small businesses', 'Public sector'],
      targets: [],
      priorities: [third, first, second],
      tradeOffs: [{ ...strategy.tradeOffs[0], position: -80 }, strategy.tradeOffs[1]],
    });
    await publish(
      {
        ...v1.strategy,
        targets: [],
        customersNotServed: ['Resellers'],
        priorities: [{ title: 'Listen before answering' }, third, first],
      },
      { note: 'Listening first' },
    );

    const list = (await employee.request('GET', '/api/v1/strategy/versions')).json();
    expect(list.items.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);

    const two = (await employee.request('GET', `/api/v1/strategy/versions/${versions[1]}/diff`)).json();
    expect(two.from.number).toBe(1);
    const d2 = two.diff as StrategyDiff;
    expect(d2.vision.segments.filter((s) => s.op !== 'same')).toEqual([{ op: 'added', text: 'happy, ' }]);
    expect(d2.customersServed).toEqual({ added: ['Public sector'], removed: [] });
    expect(d2.priorities.moved).toEqual([{ id: third.id, title: third.title, fromRank: 3, toRank: 1 }]);
    expect(d2.tradeOffs.changed).toMatchObject([{ left: 'Quality', right: 'Cost', from: -60, to: -80 }]);
    expect(d2.targets.removed).toHaveLength(1);

    const across = await employee.request(
      'GET',
      `/api/v1/strategy/versions/${versions[2]}/diff?against=${versions[0]}`,
    );
    expect(across.statusCode, across.body).toBe(200);
    const d3 = across.json().diff as StrategyDiff;
    expect(d3.vision.changed).toBe(false);
    expect(d3.customersNotServed).toEqual({
      added: [],
      removed: ['Customers who only want the lowest price'],
    });
    expect(d3.priorities.added).toMatchObject([{ title: 'Listen before answering', rank: 1 }]);
    expect(d3.priorities.removed).toEqual([{ id: second.id, title: second.title, rank: 2 }]);
    expect(d3.priorities.moved).toEqual([{ id: third.id, title: third.title, fromRank: 3, toRank: 2 }]);

    // Version 1 is as it was published, whatever came after.
    expect((await employee.request('GET', `/api/v1/strategy/versions/${versions[0]}`)).json()).toEqual(v1);
    expect((await employee.request('GET', `/api/v1/strategy/versions/${versions[0]}/diff`)).statusCode).toBe(
      400,
    );
    expect((await employee.request('GET', `/api/v1/strategy/versions/${uuidv7()}/diff`)).statusCode).toBe(
      404,
    );
  });

  it('asks everyone to acknowledge a priority change, tracks reach per team and understanding by quiz', async () => {
    const draft = (await leader.request('GET', '/api/v1/strategy')).json().draft.strategy;
    const { announcement } = await publish(
      {
        ...draft,
        targets: [],
        priorities: [{ title: 'Recover every unhappy customer' }, ...draft.priorities],
      },
      {
        announce: {
          kind: 'priority',
          body: 'Recovering unhappy customers is now our first priority.',
          quiz: {
            questions: [
              {
                id: 'not-served',
                prompt: 'Which customers do we not serve?',
                kind: 'single',
                options: ['Households', 'Resellers', 'Small businesses'],
                correct: [1],
              },
              {
                id: 'first',
                prompt: 'What is our first priority?',
                kind: 'single',
                options: ['Recover every unhappy customer', 'Lowest price'],
                correct: [0],
              },
            ],
            passMark: 1,
          },
        },
      },
    );
    if (!announcement) throw new Error('an announcement was asked for');
    expect(announcement).toMatchObject({
      kind: 'priority',
      requiresAcknowledgement: true,
      strategyVersion: { number: 4 },
    });
    expect(announcement.title).toContain('priorities');
    // Readers get the questions without the answers.
    expect(JSON.stringify(announcement.quiz)).not.toContain('correct');
    expect(announcement.reach).toEqual({ asked: 6, seen: 0, acknowledged: 0 });

    const pending = (await employee.request('GET', '/api/v1/strategy/announcements?filter=pending')).json();
    expect(pending.items.map((a: AnnouncementView) => a.id)).toEqual([announcement.id]);
    expect(pending.items[0].reach).toBeNull();
    expect(pending.items[0].me).toEqual({ seenAt: null, acknowledgedAt: null, quizScore: null });

    const seen = await employee.request('POST', `/api/v1/strategy/announcements/${announcement.id}/seen`);
    expect(seen.json().me.seenAt).not.toBeNull();
    const quiz = await employee.request('POST', `/api/v1/strategy/announcements/${announcement.id}/quiz`, {
      answers: { 'not-served': [1], first: [1] },
    });
    expect(quiz.statusCode, quiz.body).toBe(200);
    expect(quiz.json()).toMatchObject({ correct: 1, total: 2, score: 0.5, passed: false });
    const acked = await employee.request(
      'POST',
      `/api/v1/strategy/announcements/${announcement.id}/acknowledge`,
    );
    expect(acked.json().me).toMatchObject({ quizScore: 0.5 });
    expect(acked.json().me.acknowledgedAt).not.toBeNull();
    const again = await employee.request(
      'POST',
      `/api/v1/strategy/announcements/${announcement.id}/acknowledge`,
    );
    expect(again.json().me.acknowledgedAt).toBe(acked.json().me.acknowledgedAt);
    expect(
      (await employee.request('GET', '/api/v1/strategy/announcements?filter=pending')).json().items,
    ).toEqual([]);
    // Still among the reader's own, with their acknowledgement; another's list does not have it.
    const mine = (await employee.request('GET', '/api/v1/strategy/announcements?filter=mine')).json().items;
    expect(mine.map((a: AnnouncementView) => a.id)).toEqual([announcement.id]);
    expect(mine[0].me.acknowledgedAt).not.toBeNull();

    const [ada, bo] = stores.people;
    if (!ada || !bo) throw new Error('two store people expected');
    await ada.session.request('POST', `/api/v1/strategy/announcements/${announcement.id}/quiz`, {
      answers: { 'not-served': [1], first: [0] },
    });
    await ada.session.request('POST', `/api/v1/strategy/announcements/${announcement.id}/acknowledge`);
    await bo.session.request('POST', `/api/v1/strategy/announcements/${announcement.id}/seen`);

    expect(
      (await employee.request('GET', `/api/v1/strategy/announcements/${announcement.id}/reach`)).statusCode,
    ).toBe(403);
    const reach = (
      await leader.request('GET', `/api/v1/strategy/announcements/${announcement.id}/reach`)
    ).json() as ReachView;
    expect(reach.total).toEqual({
      asked: 6,
      seen: 3,
      acknowledged: 2,
      notYet: 4,
      quizAnswered: 2,
      quizMeanScore: 0.75,
      quizPassed: 1,
    });
    expect(reach.teams).toEqual([
      {
        team: { id: org.team, name: 'Phone Support' },
        asked: 4,
        seen: 1,
        acknowledged: 1,
        notYet: 3,
        quizAnswered: 1,
        quizMeanScore: 0.5,
        quizPassed: 0,
      },
      {
        team: { id: stores.teamId, name: 'Stores' },
        asked: 2,
        seen: 2,
        acknowledged: 1,
        notYet: 1,
        quizAnswered: 1,
        quizMeanScore: 1,
        quizPassed: 1,
      },
    ]);
    expect(reach.notYet.map((p) => p.name)).toEqual([
      'Admin Person',
      'Bo Store',
      'Leader Person',
      'Manager Person',
    ]);
    expect(reach.notYet.find((p) => p.id === bo.id)?.seen).toBe(true);
  });

  it('asks chosen teams only, features a story from the wall, and reminds those who have not acknowledged by email', async () => {
    const kudos = await leader.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [stores.people[0]?.id],
      kind: 'success',
      message: 'Ada drove the replacement router to Mr Okafor on her way home',
    });
    expect(kudos.statusCode, kudos.body).toBe(201);
    const published = new Date();
    const res = await leader.request('POST', '/api/v1/strategy/announcements', {
      title: 'Stores: owning the problem',
      body: 'Read what Ada did last week.',
      teamIds: [stores.teamId],
      storyId: kudos.json().id,
      remindAfterDays: 3,
    });
    expect(res.statusCode, res.body).toBe(201);
    const announcement = res.json() as AnnouncementView;
    expect(announcement.story).toMatchObject({ type: 'kudos', text: expect.stringContaining('Mr Okafor') });
    expect(announcement.reach).toEqual({ asked: 2, seen: 0, acknowledged: 0 });
    // The two asked hear of it at once in the app (and by email, their default); nobody else does.
    const told = await query<{ employee_id: string; title: string; link: string }>(
      database.db,
      sql`select employee_id, title, link from notifications
          where org_id = ${org.orgId} and kind = 'strategy_ask' and link = ${`/strategy?announcement=${announcement.id}`}
          order by employee_id`,
    );
    expect(told.map((t) => t.employee_id)).toEqual(stores.people.map((p) => p.id).sort());
    expect(told[0]?.title).toBe('Please read and acknowledge: Stores: owning the problem');
    expect(
      (await leader.request('POST', '/api/v1/strategy/announcements', { title: 'x', teamIds: [uuidv7()] }))
        .statusCode,
    ).toBe(400);

    // Not asked: unknown to them, as another organisation's would be.
    expect(
      (await employee.request('GET', `/api/v1/strategy/announcements/${announcement.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await employee.request('POST', `/api/v1/strategy/announcements/${announcement.id}/acknowledge`))
        .statusCode,
    ).toBe(404);

    const [ada, bo] = stores.people;
    if (!ada || !bo) throw new Error('two store people expected');
    await ada.session.request('POST', `/api/v1/strategy/announcements/${announcement.id}/acknowledge`);

    // The subject is MIME-encoded and the body quoted-printable: find reminders by their body.
    const subject = '"Stores: owning the problem" asks every one of us to read it';
    const plain = (data: string) => data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const ours = (e: { to: string[] }) => stores.people.some((p) => e.to.includes(p.email));
    const reminders = () => sink.received.filter((e) => ours(e) && plain(e.data).includes(subject));
    await runJobs(new Date(published.getTime() + 2 * DAY));
    expect(reminders()).toHaveLength(0);
    await runJobs(new Date(published.getTime() + 3 * DAY + 60_000));
    const email = await sink.waitFor((e) => ours(e) && plain(e.data).includes(subject));
    expect(email.to).toEqual([bo.email]);
    expect(plain(email.data)).toContain(`${PUBLIC_URL}/strategy?announcement=${announcement.id}`);

    // A reminder asked for by hand reaches only those still pending, once per round.
    const asked = await leader.request('POST', `/api/v1/strategy/announcements/${announcement.id}/reminders`);
    expect(asked.json()).toEqual({ queued: true, round: 2, pending: 1 });
    const twice = await leader.request('POST', `/api/v1/strategy/announcements/${announcement.id}/reminders`);
    expect(twice.json()).toEqual({ queued: false, round: 2, pending: 1 });
    await runJobs(new Date(published.getTime() + 4 * DAY));
    await sink.waitFor(() => reminders().length === 2);
    await runJobs(new Date(published.getTime() + 5 * DAY));
    expect(reminders().map((e) => e.to)).toEqual([[bo.email], [bo.email]]);
    const reach = (
      await leader.request('GET', `/api/v1/strategy/announcements/${announcement.id}/reach`)
    ).json() as ReachView;
    expect(reach.notYet).toEqual([
      { id: bo.id, name: 'Bo Store', teamId: stores.teamId, seen: false, reminders: 2 },
    ]);
  });

  it('is read by everyone signed in, and by API keys only with strategy:read', async () => {
    expect((await employee.request('GET', '/api/v1/strategy')).statusCode).toBe(200);
    const admin = org.people.admin.ctx;
    const reader = await createApiKey(admin, { name: 'Intranet', scopes: ['strategy:read'] });
    const other = await createApiKey(admin, { name: 'BI', scopes: ['analytics:read'] });
    const read = await withApiKey(app, reader.key)('GET', '/api/v1/strategy/versions');
    expect(read.statusCode, read.body).toBe(200);
    expect((read.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
    for (const url of ['/api/v1/strategy', '/api/v1/strategy/versions'])
      expect((await withApiKey(app, other.key)('GET', url)).statusCode, url).toBe(403);
  });
});
