import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { analyticsOrg } from '../analytics/analytics.fixtures.ts';
import type { Ctx } from '../auth/context.ts';
import { employees, teamManagers, teamMemberships, teams } from '../people/people.tables.ts';
import type { LoyaltyLinkView, PulseView } from './pulse.api.ts';
import { answerPulse } from './pulses.service.ts';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('link to loyalty on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let leader: Session;
  let manager: Session;
  let pulse: PulseView;
  // Ops: T0…T7 of five people and T8 of two. Strategy and commitment agreement per team (everyone
  // in a team answers alike), and customer NPS from ten answers per team (T0 only three).
  const names = ['T0', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8'];
  const strategy = [3, 2, 3, 3, 4, 4, 5, 3, 3];
  const commitment = [3, 3, 3, 4, 4, 5, 5, 3, 3];
  // [promoters, passives, detractors]: NPS T1…T6 = −20, 10, 0, 30, 40, 60.
  const customers: [number, number, number][] = [
    [2, 1, 0],
    [2, 4, 4],
    [3, 5, 2],
    [3, 4, 3],
    [5, 3, 2],
    [5, 4, 1],
    [7, 2, 1],
    [5, 5, 0],
    [5, 5, 0],
  ];
  const teamIds = names.map(() => uuidv7());

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    const org = await seedOrg(database.db);
    const analytics = await analyticsOrg(org);
    leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    const db = database.db;
    const ops = uuidv7();
    await db.insert(teams).values({ orgId: org.orgId, id: ops, name: 'Ops', kind: 'department' });
    for (const [i, id] of teamIds.entries())
      await db
        .insert(teams)
        .values({ orgId: org.orgId, id, name: names[i] as string, kind: 'team', parentId: ops });
    await db
      .insert(teamManagers)
      .values({ orgId: org.orgId, teamId: teamIds[1] as string, employeeId: org.people.manager.id });
    const res = await leader.request('POST', '/api/v1/culture/pulses', {
      title: 'Link pulse',
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 7 * DAY).toISOString(),
      audienceTeamIds: [ops],
      constructs: ['strategy', 'commitment'],
    });
    expect(res.statusCode, res.body).toBe(201);
    pulse = res.json() as PulseView;
    for (const [i, teamId] of teamIds.entries()) {
      for (let k = 0; k < (i === 8 ? 2 : 5); k++) {
        const id = uuidv7();
        await db
          .insert(employees)
          .values({ orgId: org.orgId, id, name: `P ${i}.${k}`, email: `p-${id.slice(-8)}@x.example` });
        await db.insert(teamMemberships).values({ orgId: org.orgId, id: uuidv7(), teamId, employeeId: id });
        const ctx: Ctx = {
          db,
          orgId: org.orgId,
          actor: { type: 'user', employeeId: id, role: 'employee', sessionId: 'x' },
        };
        await answerPulse(ctx, pulse.id, {
          scores: pulse.statements.map((s) => ({
            statementId: s.id,
            score: (s.construct === 'strategy' ? strategy[i] : commitment[i]) as number,
          })),
          enps: 8,
        });
      }
      const [p, a, d] = customers[i] as [number, number, number];
      for (const score of [...Array(p).fill(10), ...Array(a).fill(8), ...Array(d).fill(2)] as number[])
        await analytics.submit({ surveyId: analytics.surveys.nps, teamId, score });
    }
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('puts each released team’s culture score against its customer NPS, with r and its interval', async () => {
    const res = await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/loyalty-link`);
    expect(res.statusCode, res.body).toBe(200);
    const link = res.json() as LoyaltyLinkView;
    expect(link).toMatchObject({
      construct: 'overall',
      metric: 'nps',
      minGroupSize: 5,
      minCustomerResponses: 10,
    });
    // Overall = the mean of the two construct means: 2.5, 3, 3.5, 4, 4.5, 5.
    expect(
      link.points.map((p) => [p.name, p.culture, p.customer, p.cultureResponses, p.customerResponses]),
    ).toEqual([
      ['T1', 2.5, -20, 5, 10],
      ['T2', 3, 10, 5, 10],
      ['T3', 3.5, 0, 5, 10],
      ['T4', 4, 30, 5, 10],
      ['T5', 4.5, 40, 5, 10],
      ['T6', 5, 60, 5, 10],
    ]);
    // T0 has three customer answers; T8 has two pulse answers, and T7 would be Ops minus everyone
    // else released, i.e. T7 and T8 together — so the guard refuses it too.
    expect(link.excluded.map((e) => [e.name, e.reason])).toEqual([
      ['T0', 'few_customer_responses'],
      ['T7', 'anonymity'],
      ['T8', 'anonymity'],
    ]);
    // Hand-worked: Σdxdy = 130, Σdx² = 4.375, Σdy² = 4200 → r = 130/√18375 = 0.959; with n = 6,
    // tanh(atanh(0.959) ± 1.96/√3) = (0.665, 0.996).
    expect(link.correlation).toEqual({ n: 6, r: 0.959, low: 0.665, high: 0.996, status: 'positive' });
    expect(link.message).toMatch(
      /^Culture: Teams with stronger culture scores tend to have a higher customer NPS/,
    );

    // One construct: strategy 2, 3, 3, 4, 4, 5.
    const one = (
      await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/loyalty-link?construct=strategy`)
    ).json() as LoyaltyLinkView;
    expect(one.points.map((p) => p.culture)).toEqual([2, 3, 3, 4, 4, 5]);
  });

  it('says so when too few teams remain, and shows managers only their teams', async () => {
    const theirs = (
      await manager.request('GET', `/api/v1/culture/pulses/${pulse.id}/loyalty-link`)
    ).json() as LoyaltyLinkView;
    expect(theirs.points.map((p) => p.name)).toEqual(['T1']);
    expect(theirs.correlation).toMatchObject({ n: 1, r: null, status: 'too_few_points' });
    expect(theirs.message).toContain('Only 1 team with both figures');
    const csat = await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/loyalty-link?metric=csat`);
    expect(csat.statusCode).toBe(200);
    expect((csat.json() as LoyaltyLinkView).points).toEqual([]);
  });
});
