import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../db/client.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { addMonths, monthStart, organisationClock } from '../analytics/scope.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import type { ScorecardListView, ScorecardView } from './scorecard.api.ts';

const HOUR = 3_600_000;

/**
 * A hand-built month of a manager's leadership, and the figures the card must show for it. The
 * organisation is in Europe/Berlin; every instant is 10:00 UTC on the first day of a local month
 * (11:00 or 12:00 in Berlin), so it falls in that month whatever the date the test runs.
 */
describe.each(DATABASE_KINDS)('leadership scorecard on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  const as = {} as Record<'admin' | 'leader' | 'manager' | 'employee', Session>;
  let thisMonth: string;
  let lastMonth: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    for (const role of ['admin', 'leader', 'manager', 'employee'] as const)
      as[role] = await signInAs(app, org.people[role].email, TEST_PASSWORD);
    const { today } = await organisationClock(database.db, org.orgId);
    thisMonth = monthStart(today);
    lastMonth = addMonths(thisMonth, -1);
    const at = (month: string, hoursBefore = 0) =>
      new Date(new Date(`${month}T10:00:00Z`).getTime() - hoursBefore * HOUR).toISOString();
    const { leader, manager, employee, admin } = org.people;
    const exec = (statement: ReturnType<typeof sql>) => query(database.db, statement);

    // The leader heads the department; the manager manages the team in it.
    await exec(sql`update team_memberships set team_id = ${org.department}
      where org_id = ${org.orgId} and employee_id = ${leader.id}`);
    await exec(sql`insert into team_managers (org_id, team_id, employee_id) values
      (${org.orgId}, ${org.department}, ${leader.id}), (${org.orgId}, ${org.team}, ${manager.id})`);

    // Kudos: two this month (one for effort), one last month, one seven months ago (outside).
    for (const [month, kindOf] of [
      [thisMonth, 'success'],
      [thisMonth, 'effort'],
      [lastMonth, 'success'],
      [addMonths(thisMonth, -7), 'success'],
    ] as const)
      await exec(sql`insert into kudos (org_id, id, giver_id, kind, message, created_at)
        values (${org.orgId}, ${uuidv7()}, ${manager.id}, ${kindOf}, 'Thank you', ${at(month)})`);
    // Feedback this month: evidence 2, 4 and 10 hours before (median 4), and one without evidence.
    for (const hours of [2, 4, 10, null]) {
      const evidence = hours === null ? null : uuidv7();
      await exec(sql`insert into feedback (org_id, id, giver_id, employee_id, kind, message, evidence_type,
          evidence_id, evidence_at, created_at)
        values (${org.orgId}, ${uuidv7()}, ${manager.id}, ${employee.id}, 'praise', 'Well handled',
          ${evidence === null ? null : 'response'}, ${evidence}, ${hours === null ? null : at(thisMonth, hours)},
          ${at(thisMonth)})`);
    }
    // 1:1s: one held last month, one planned and not held.
    await exec(sql`insert into one_on_ones (org_id, id, manager_id, employee_id, scheduled_for, held_at) values
      (${org.orgId}, ${uuidv7()}, ${manager.id}, ${employee.id}, ${at(lastMonth)}, ${at(lastMonth)}),
      (${org.orgId}, ${uuidv7()}, ${manager.id}, ${employee.id}, ${at(thisMonth)}, null)`);
    // Cases: the manager owns one opened last month and resolved this month; the employee owns one
    // on which the manager logged a contact and a note (one case stepped in), and the employee's own
    // note on it counts for nobody.
    const own = uuidv7();
    const colleague = uuidv7();
    await exec(sql`insert into cases (org_id, id, origin, reason, status, owner_id, opened_at, first_contact_due,
        resolution_due, resolved_at) values
      (${org.orgId}, ${own}, 'manual', 'Late delivery', 'resolved', ${manager.id}, ${at(lastMonth)},
        ${at(lastMonth)}, ${at(thisMonth)}, ${at(thisMonth)}),
      (${org.orgId}, ${colleague}, 'manual', 'Rude reply', 'contacted', ${employee.id}, ${at(thisMonth)},
        ${at(thisMonth)}, ${at(thisMonth)}, null)`);
    for (const [caseId, actor, kindOf] of [
      [own, manager.id, 'note'],
      [colleague, manager.id, 'contact'],
      [colleague, manager.id, 'note'],
      [colleague, employee.id, 'note'],
    ] as const)
      await exec(sql`insert into case_events (org_id, id, case_id, kind, actor_id, at)
        values (${org.orgId}, ${uuidv7()}, ${caseId}, ${kindOf}, ${actor}, ${at(thisMonth)})`);
    // The leader publishes one announcement this month asking everyone: the team (manager,
    // employee, admin) and the department (the leader). Two of the team acknowledged.
    const announcement = uuidv7();
    await exec(sql`insert into strategy_announcements (org_id, id, kind, title, requires_acknowledgement,
        published_by, published_at)
      values (${org.orgId}, ${announcement}, 'priority', 'Call back every detractor', true, ${leader.id}, ${at(thisMonth)})`);
    for (const [person, team, acknowledged] of [
      [manager.id, org.team, true],
      [employee.id, org.team, true],
      [admin.id, org.team, false],
      [leader.id, org.department, true],
    ] as const)
      await exec(sql`insert into strategy_acknowledgements (org_id, announcement_id, employee_id, team_id, acknowledged_at)
        values (${org.orgId}, ${announcement}, ${person}, ${team}, ${acknowledged ? at(thisMonth) : null})`);
    // An action plan the manager owns, made last month and done this month, with two updates.
    const plan = uuidv7();
    await exec(sql`insert into action_plans (org_id, id, team_id, owner_id, source_kind, source_key, title,
        due_date, status, completed_at, created_at)
      values (${org.orgId}, ${plan}, ${org.team}, ${manager.id}, 'construct', 'communication', 'Weekly huddle',
        ${thisMonth}, 'done', ${at(thisMonth)}, ${at(lastMonth)})`);
    for (const month of [lastMonth, thisMonth])
      await exec(sql`insert into action_plan_updates (org_id, id, action_plan_id, author_id, body, created_at)
        values (${org.orgId}, ${uuidv7()}, ${plan}, ${manager.id}, 'Progress', ${at(month)})`);
  });

  const card = async (who: Session, id: string, months = 6) => {
    const res = await who.request('GET', `/api/v1/leadership/scorecards/${id}?months=${months}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ScorecardView;
  };

  it("a manager's card counts each visible action in its month, and nothing outside the window", async () => {
    const c = await card(as.manager, org.people.manager.id);
    expect(c.months).toHaveLength(6);
    expect(c.months.at(-1)).toBe(thisMonth);
    expect(c.months.at(-2)).toBe(lastMonth);
    const action = (key: string) => c.actions.find((a) => a.key === key);
    const lastTwo = (key: string) => action(key)?.byMonth.slice(-2);
    expect(lastTwo('kudos_given')).toEqual([1, 2]);
    expect(action('kudos_given')?.total).toBe(3);
    expect(lastTwo('effort_kudos_given')).toEqual([0, 1]);
    expect(lastTwo('feedback_given')).toEqual([0, 4]);
    expect(lastTwo('one_on_ones_held')).toEqual([1, 0]);
    expect(lastTwo('cases_owned')).toEqual([1, 0]);
    expect(lastTwo('cases_resolved')).toEqual([0, 1]);
    expect(lastTwo('cases_stepped_in')).toEqual([0, 1]);
    expect(lastTwo('announcements')).toEqual([0, 0]);
    expect(lastTwo('action_plans')).toEqual([1, 0]);
    expect(lastTwo('action_plan_updates')).toEqual([1, 1]);
    expect(c.totals).toMatchObject({ kudos_given: 3, feedback_given: 4, cases_stepped_in: 1 });
    expect(c.feedbackMedianHours).toBe(4);
    expect(c.immediacy.timedFeedback).toBe(3);
    expect(c.immediacy.byMonth.at(-1)).toEqual({ timedFeedback: 3, medianHours: 4 });
    // Their team: three asked, two acknowledged.
    expect(c.acknowledgement).toEqual({ asked: 3, acknowledged: 2, rate: 0.667 });
    expect(c.acknowledgementByMonth.at(-2)).toEqual({ asked: 0, acknowledged: 0, rate: null });
    expect(c.teamOutcomes.map((t) => t.team.name)).toEqual(['Phone Support']);
    expect(c.teamOutcomes[0]?.customer).toEqual([]);
    expect(c.teamOutcomes[0]?.culture).toEqual({ current: null, previous: null, withheld: 0 });

    // Over the last month only, last month's kudos drop out.
    const one = await card(as.manager, org.people.manager.id, 1);
    expect(one.months).toEqual([thisMonth]);
    expect(one.totals.kudos_given).toBe(2);
  });

  it("a leader's reach covers the teams below the department they manage", async () => {
    const c = await card(as.leader, org.people.leader.id);
    expect(c.totals.announcements).toBe(1);
    expect(c.acknowledgement).toEqual({ asked: 4, acknowledged: 3, rate: 0.75 });
    expect(c.totals.kudos_given).toBe(0);
  });

  it('leaders see their own card and their reports’; nobody sees their managers’ cards', async () => {
    const list = async (who: Session) => {
      const res = await who.request('GET', '/api/v1/leadership/scorecards');
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as ScorecardListView).items.map((i) => i.person.name);
    };
    expect(await list(as.leader)).toEqual(['Leader Person', 'Manager Person']);
    expect(await list(as.manager)).toEqual(['Manager Person']);
    expect(await list(as.employee)).toEqual([]);
    expect(await list(as.admin)).toEqual(['Leader Person', 'Manager Person']);
    const leaderList = (
      (await as.leader.request('GET', '/api/v1/leadership/scorecards')).json() as ScorecardListView
    ).items;
    expect(leaderList.find((i) => i.person.id === org.people.manager.id)?.totals.kudos_given).toBe(3);

    expect((await card(as.leader, org.people.manager.id)).totals.feedback_given).toBe(4);
    const up = await as.manager.request('GET', `/api/v1/leadership/scorecards/${org.people.leader.id}`);
    expect(up.statusCode).toBe(404);
    const sideways = await as.employee.request(
      'GET',
      `/api/v1/leadership/scorecards/${org.people.manager.id}`,
    );
    expect(sideways.statusCode).toBe(404);
    // Anyone may read their own card, even with nothing on it.
    expect((await card(as.employee, org.people.employee.id)).totals.kudos_given).toBe(0);
  });

  it('an API key needs scorecards:read, and another organisation’s leaders are unknown', async () => {
    const reader = await createApiKey(org.people.admin.ctx, { name: 'BI', scopes: ['scorecards:read'] });
    const other = await createApiKey(org.people.admin.ctx, { name: 'Other', scopes: ['people:read'] });
    const res = await withApiKey(app, reader.key)('GET', '/api/v1/leadership/scorecards');
    expect((res.json() as ScorecardListView).items.map((i) => i.person.name)).toEqual([
      'Leader Person',
      'Manager Person',
    ]);
    const none = await withApiKey(app, other.key)('GET', '/api/v1/leadership/scorecards');
    expect((none.json() as ScorecardListView).items).toEqual([]);
    const elsewhere = await seedOrg(database.db);
    const foreign = await withApiKey(app, reader.key)(
      'GET',
      `/api/v1/leadership/scorecards/${elsewhere.people.leader.id}`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses a window outside 1–24 months with a clear error', async () => {
    const res = await as.leader.request('GET', '/api/v1/leadership/scorecards?months=25');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'INVALID' } });
  });
});
