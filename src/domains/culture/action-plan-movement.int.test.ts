import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../jobs/jobs.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import type { Ctx } from '../auth/context.ts';
import { employees, teamMemberships, teams } from '../people/people.tables.ts';
import { createActionPlan, getActionPlan, listActionPlans } from './action-plans.service.ts';
import type { PulseView } from './pulse.api.ts';
import { answerPulse, createPulse } from './pulses.service.ts';

/** "The next pulse shows whether the score moved": a plan on a construct, a pulse before and after. */
describe.each(DATABASE_KINDS)('action plan movement on %s', (kind) => {
  let database: TestDatabase;
  let org: SeededOrg;
  const DAY = 86_400_000;
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY);
  const clockAt = (days: number): Clock => ({ now: () => at(days) });
  const people: Ctx[] = [];
  const billing = uuidv7();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await seedOrg(database.db);
    await database.db
      .insert(teams)
      .values({ orgId: org.orgId, id: billing, name: 'Billing', kind: 'team', parentId: org.department });
    for (let i = 0; i < 8; i++) {
      const id = uuidv7();
      await database.db
        .insert(employees)
        .values({ orgId: org.orgId, id, name: `B${i}`, email: `${id}@x.example` });
      await database.db
        .insert(teamMemberships)
        .values({ orgId: org.orgId, id: uuidv7(), teamId: billing, employeeId: id });
      people.push({
        db: database.db,
        orgId: org.orgId,
        actor: { type: 'user', employeeId: id, role: 'employee', sessionId: 'x' },
      });
    }
  });
  afterAll(() => database.dispose());

  const pulseAt = async (opens: number, score: (i: number) => number): Promise<PulseView> => {
    const pulse = await createPulse(org.people.leader.ctx, {
      title: `Pulse ${opens}`,
      opensAt: at(opens).toISOString(),
      closesAt: at(opens + 10).toISOString(),
      audienceTeamIds: [billing],
      constructs: ['consequence'],
      recurrence: 'none',
    });
    for (const [i, person] of people.entries())
      await answerPulse(
        person,
        pulse.id,
        { scores: pulse.statements.map((s) => ({ statementId: s.id, score: score(i) })), enps: 7 },
        clockAt(opens + 1),
      );
    return pulse;
  };

  it('compares the team’s construct score before the plan with the next pulse after it', async () => {
    // Before: 2, 3, 2, 3… (mean 2.5); after: 4, 5, 4, 5… (mean 4.5).
    const before = await pulseAt(-60, (i) => 2 + (i % 2));
    const plan = await createActionPlan(
      org.people.leader.ctx,
      {
        teamId: billing,
        source: { kind: 'construct', key: 'consequence' },
        title: 'Thank effort at every huddle',
        dueDate: at(-20).toISOString().slice(0, 10),
      },
      at(-40),
    );
    expect(plan.movement).toMatchObject({
      status: 'awaiting_next_pulse',
      construct: 'consequence',
      before: { pulseId: before.id, mean: 2.5, responses: 8 },
      after: null,
    });
    const after = await pulseAt(-20, (i) => 4 + (i % 2));
    const moved = await getActionPlan(org.people.leader.ctx, plan.id);
    // SE of each mean = √(0.25/8) = 0.17678; z = 2/0.25 = 8: far beyond 1.96.
    expect(moved.movement).toMatchObject({
      status: 'measured',
      before: { pulseId: before.id, mean: 2.5 },
      after: { pulseId: after.id, mean: 4.5, responses: 8 },
      change: 2,
      significant: true,
      direction: 'better',
    });
    // Team members see the plan, not the pulse figures; other sources have no movement.
    const theirs = await listActionPlans(people[0] as Ctx, { limit: 50 });
    expect(theirs.items.find((p) => p.id === plan.id)?.movement).toBeNull();
    const themed = await createActionPlan(org.people.leader.ctx, {
      teamId: billing,
      source: { kind: 'theme', key: 'waiting time' },
      title: 'Call back long waits',
      dueDate: at(30).toISOString().slice(0, 10),
    });
    expect(themed.movement).toBeNull();
  });

  it('says when the team was too small in one of the pulses', async () => {
    const small = uuidv7();
    await database.db
      .insert(teams)
      .values({ orgId: org.orgId, id: small, name: 'Small', kind: 'team', parentId: org.department });
    const plan = await createActionPlan(org.people.leader.ctx, {
      teamId: small,
      source: { kind: 'construct', key: 'consequence' },
      title: 'Nobody answered for this team',
      dueDate: at(30).toISOString().slice(0, 10),
    });
    // Made now: the last pulse (opened 20 days ago) is its baseline and no pulse has followed.
    expect(plan.movement).toMatchObject({ status: 'awaiting_next_pulse', before: null });
    const early = await createActionPlan(
      org.people.leader.ctx,
      {
        teamId: small,
        source: { kind: 'construct', key: 'consequence' },
        title: 'Made between the pulses',
        dueDate: at(30).toISOString().slice(0, 10),
      },
      at(-40),
    );
    expect((await getActionPlan(org.people.leader.ctx, early.id)).movement).toMatchObject({
      status: 'too_few_responses',
      before: null,
      after: null,
    });
  });
});
