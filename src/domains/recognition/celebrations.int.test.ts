import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { type Clock, startJobRunner } from '../../jobs/jobs.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { analyticsOrg } from '../analytics/analytics.fixtures.ts';
import { createTarget, updateTarget } from '../analytics/targets.service.ts';
import { logContact, openCase, updateCase } from '../cases/cases.service.ts';
import { createCustomer } from '../customers/customers.service.ts';
import { updateRecognitionSettings } from './settings.service.ts';
import {
  celebrateAchievedTargets,
  scheduleTargetCelebrations,
  TARGET_CELEBRATIONS,
} from './target-celebrations.ts';

describe.each(DATABASE_KINDS)('celebrations of recoveries and targets on %s', (kind) => {
  let database: TestDatabase;
  let org: SeededOrg;
  let customerSeq = 0;
  const now = new Date();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await seedOrg(database.db);
  });
  afterAll(() => database.dispose());

  const celebrationsOf = (kindOf: string) =>
    query<{
      employee_id: string | null;
      team_id: string | null;
      title: string;
      details: Record<string, unknown>;
    }>(
      database.db,
      sql`select employee_id, team_id, title, details from celebrations
          where org_id = ${org.orgId} and kind = ${kindOf} order by occurred_at, id`,
    );

  /** A case owned by Alex (the seeded employee), contacted, ready to resolve. */
  async function contactedCase(): Promise<string> {
    const customer = await createCustomer(org.system, { name: `Unhappy ${++customerSeq}` });
    const opened = await openCase(
      org.people.manager.ctx,
      { customerId: customer.id, ownerId: org.people.employee.id },
      now,
    );
    await logContact(org.people.employee.ctx, opened.id, { channel: 'call', reached: true }, now);
    return opened.id;
  }

  it('celebrates a recovered customer once per case, crediting the owner, and not a lost one', async () => {
    const recovered = await contactedCase();
    await updateCase(org.people.employee.ctx, recovered, { status: 'resolved', outcome: 'recovered' }, now);
    // Closing it later, or changing its outcome back and forth, celebrates nothing more.
    await updateCase(org.people.employee.ctx, recovered, { status: 'closed' }, now);
    await updateCase(org.people.employee.ctx, recovered, { outcome: 'retained' }, now);
    await updateCase(org.people.employee.ctx, recovered, { outcome: 'recovered' }, now);
    const lost = await contactedCase();
    await updateCase(org.people.employee.ctx, lost, { status: 'resolved', outcome: 'lost' }, now);

    const rows = await celebrationsOf('customer_recovered');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ employee_id: org.people.employee.id, details: { caseId: recovered } });
    expect(rows[0]?.title).not.toContain('Unhappy');
  });

  it('celebrates no recovery when the organisation turned it off', async () => {
    await updateRecognitionSettings(org.people.admin.ctx, { celebrateRecoveries: false });
    const id = await contactedCase();
    await updateCase(org.people.employee.ctx, id, { status: 'resolved', outcome: 'recovered' }, now);
    expect(await celebrationsOf('customer_recovered')).toHaveLength(1);
    await updateRecognitionSettings(org.people.admin.ctx, { celebrateRecoveries: true });
  });

  it('celebrates a team reaching its target once, from the daily job, and again only when raised', async () => {
    const a = await analyticsOrg(org);
    for (let i = 0; i < 40; i++)
      await a.submit({
        surveyId: a.surveys.nps,
        score: i % 10 === 0 ? 8 : 10,
        teamId: org.team,
        submittedAt: now.toISOString(),
      });
    await a.writer.drain();
    const due = new Date(now.getTime() + 200 * 86_400_000).toISOString().slice(0, 10);
    const reached = await createTarget(org.system, {
      scope: 'team',
      teamId: org.team,
      metric: 'nps',
      comparator: '>=',
      value: 50,
      dueDate: due,
    });
    expect(reached.status).toBe('achieved');
    // The other team has no answers: its target is not reached.
    await createTarget(org.system, {
      scope: 'team',
      teamId: a.teams[1],
      metric: 'nps',
      comparator: '>=',
      value: 10,
      dueDate: due,
    });

    // The durable job: scheduled for tomorrow 07:00 local, it runs the check and schedules the next.
    let clockNow = now;
    const clock: Clock = { now: () => clockNow };
    await scheduleTargetCelebrations(database.db, clock, org.orgId);
    const runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({ db: database.db, mailer: { send: async () => {} }, publicUrl: 'http://t' }),
      clock,
      pollMs: 0,
    });
    clockNow = new Date(now.getTime() + 2 * 86_400_000);
    await runner.runDueNow();
    await runner.stop();
    const jobs = await query<{ done: boolean }>(
      database.db,
      sql`select done_at is not null as done from jobs where org_id = ${org.orgId} and queue = ${TARGET_CELEBRATIONS}
          order by run_at`,
    );
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs[0]?.done).toBe(true);

    const rows = await celebrationsOf('team_target');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      team_id: org.team,
      employee_id: null,
      details: { targetId: reached.id },
    });
    expect(await celebrateAchievedTargets(database.db, org.orgId, now)).toBe(0);
    expect(await celebrationsOf('team_target')).toHaveLength(1);

    await updateTarget(org.system, reached.id, { value: 60 });
    expect(await celebrateAchievedTargets(database.db, org.orgId, now)).toBe(1);
    await updateRecognitionSettings(org.people.admin.ctx, { celebrateTeamTargets: false });
    await updateTarget(org.system, reached.id, { value: 70 });
    expect(await celebrateAchievedTargets(database.db, org.orgId, now)).toBe(0);
  });
});
