import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../db/client.ts';
import { createMailer } from '../../integrations/email.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { type Clock, type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg } from '../../test/seed.ts';
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import { type AnalyticsOrg, analyticsOrg } from './analytics.fixtures.ts';
import {
  getDigestSubscription,
  scheduleAnalyticsDigests,
  sendWeeklyDigests,
  setDigestSubscription,
} from './digest.service.ts';

/** The body of a raw message, quoted-printable undone. */
function bodyOf(email: ReceivedEmail): string {
  const qp = email.data.replace(/=\r?\n/g, '');
  return Buffer.from(
    qp.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

describe.each(DATABASE_KINDS)('weekly analytics digest on %s', (kind) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let runner: JobRunner;
  let a: AnalyticsOrg;
  let now = new Date('2025-06-10T12:00:00Z');
  const clock: Clock = { now: () => now };
  const PUBLIC_URL = 'https://loop.example';
  const to = (email: string) => sink.received.filter((m) => m.to.includes(email));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sink = await startSmtpSink();
    const mailer = createMailer({ smtpUrl: sink.url, from: 'loop@x.example', log: () => {} });
    runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({ db: database.db, mailer, publicUrl: PUBLIC_URL }),
      clock,
      pollMs: 0,
    });
    a = await analyticsOrg(await seedOrg(database.db));
    const [team1, team2] = a.teams;
    const { manager, admin } = a.org.people;
    await database.db.execute(
      sql`insert into team_managers (org_id, team_id, employee_id) values (${a.org.orgId}, ${team1}, ${manager.id})`,
    );
    // The week reported on is Mon 9 – Sun 15 June 2025 (Berlin). Phone Support (the manager's
    // team): 30 promoters and 10 detractors (NPS 50) after 10 and 30 the week before (−50): a
    // significant change. Field: 40 detractors this week. The organisation: NPS −25 after −50,
    // n 80 and 40: not significant.
    const plan: { team: string; score: number; day: string }[] = [];
    for (let i = 0; i < 40; i++)
      plan.push({ team: team1, score: i < 30 ? 10 : 2, day: `2025-06-${10 + (i % 5)}` });
    for (let i = 0; i < 40; i++)
      plan.push({ team: team1, score: i < 10 ? 9 : 3, day: `2025-06-0${3 + (i % 5)}` });
    for (let i = 0; i < 40; i++) plan.push({ team: team2, score: 1, day: `2025-06-${10 + (i % 5)}` });
    const [agent0, , agent2] = a.agents;
    await Promise.all(
      plan.map((p, i) =>
        a.submit({
          surveyId: a.surveys.nps,
          score: p.score,
          submittedAt: `${p.day}T10:00:00.000Z`,
          interaction: {
            customer: { email: `d${i}@x.example` },
            channel: 'phone',
            occurredAt: `${p.day}T09:00:00.000Z`,
            employeeIds: [p.team === team1 ? agent0 : agent2],
            employeeEmails: [],
            teamId: p.team,
            metadata: {},
          },
        }),
      ),
    );
    await runner.runDueNow();
    // The admin opts out; the leader and the manager stay subscribed.
    expect(await setDigestSubscription(admin.ctx, false)).toEqual({ subscribed: false });
    expect(await getDigestSubscription(admin.ctx)).toEqual({ subscribed: false });
    expect(await getDigestSubscription(a.org.people.leader.ctx)).toEqual({ subscribed: true });
    await scheduleAnalyticsDigests(database.db, clock);
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await sink?.stop();
    await database?.close();
  });

  it('is scheduled once per week, for Monday 08:00 in the organisation time zone', async () => {
    await scheduleAnalyticsDigests(database.db, clock);
    const jobs = await query<{ key: string; run_at: Date | string }>(
      database.db,
      sql`select singleton_key as key, run_at from jobs where org_id = ${a.org.orgId} and queue = 'analytics-digest'`,
    );
    expect(jobs.map((j) => [j.key, new Date(j.run_at).toISOString()])).toEqual([
      ['2025-06-09', '2025-06-16T06:00:00.000Z'],
    ]);
    // Not due yet: nothing sent.
    await runner.runDueNow();
    expect(sink.received.filter((m) => bodyOf(m).includes('weekly customer scores'))).toHaveLength(0);
  });

  it('sends a manager their teams, a leader the organisation, and nobody who opted out', async () => {
    now = new Date('2025-06-16T06:30:00Z');
    await runner.runDueNow();
    const { manager, leader, admin, employee } = a.org.people;
    const managerMail = await sink.waitFor((m) => m.to.includes(manager.email));
    const leaderMail = await sink.waitFor((m) => m.to.includes(leader.email));
    const m = bodyOf(managerMail);
    expect(m).toContain('Phone Support');
    expect(m).not.toContain('Field');
    expect(m).toContain('NPS: 50 ± ');
    expect(m).toContain('(n 40); last week -50 ± ');
    expect(m).toContain('change +100, significant');
    expect(m).toContain('Detractors this week: 10');
    expect(m).toContain('Most praised by customers');
    expect(m).toContain('1. Employee Person: ');
    expect(m).toContain(
      `${PUBLIC_URL}/analytics/dashboards?from=2025-06-09&to=2025-06-15&teamId=${a.teams[0]}`,
    );
    expect(m).toContain('<html');
    const l = bodyOf(leaderMail);
    expect(l).toContain(`Org ${a.org.slug}`);
    expect(l).toContain('NPS: -25 ± ');
    expect(l).toContain('(n 80); last week -50 ± ');
    expect(l).toContain('change +25');
    expect(l).not.toContain('significant;');
    expect(l).not.toContain('+25, significant');
    expect(l).toContain('Detractors this week: 50');
    expect(l).toContain('Open cases: ');
    expect(to(admin.email)).toHaveLength(0);
    expect(to(employee.email)).toHaveLength(0);
  });

  it('never sends anyone two digests for one week', async () => {
    const { manager, leader } = a.org.people;
    const before = sink.received.length;
    await runner.runDueNow();
    await scheduleAnalyticsDigests(database.db, clock);
    // Even the week's job run again by hand (a retry) sends nothing more.
    expect(
      await sendWeeklyDigests(
        {
          db: database.db,
          mailer: createMailer({ smtpUrl: sink.url, from: 'x@x.example', log: () => {} }),
          publicUrl: PUBLIC_URL,
        },
        a.org.orgId,
        '2025-06-09',
        clock,
      ),
    ).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received.length).toBe(before);
    expect(to(manager.email)).toHaveLength(1);
    expect(to(leader.email)).toHaveLength(1);
    // The next week's digest is already scheduled.
    const next = await query<{ key: string; run_at: Date | string; done: boolean }>(
      database.db,
      sql`select singleton_key as key, run_at, done_at is not null as done from jobs
          where org_id = ${a.org.orgId} and queue = 'analytics-digest' order by singleton_key`,
    );
    expect(next.map((j) => [j.key, new Date(j.run_at).toISOString(), j.done])).toEqual([
      ['2025-06-09', '2025-06-16T06:00:00.000Z', true],
      ['2025-06-16', '2025-06-23T06:00:00.000Z', false],
    ]);
  });
});
