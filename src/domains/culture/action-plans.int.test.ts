import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, startJobRunner } from '../../jobs/jobs.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import type { Ctx, Role } from '../auth/context.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { employees, teamManagers, teamMemberships, teams } from '../people/people.tables.ts';
import { ActionSourceInput } from './action-plans.api.ts';
import { actionPlanJobHandlers } from './action-plans.jobs.ts';
import {
  actionReport,
  addProgress,
  createActionPlan,
  getActionPlan,
  listActionPlans,
  updateActionPlan,
} from './action-plans.service.ts';

/**
 * "You said, we did": a manager answers a result with an action for their team; the owner reports
 * progress on its timeline until it is done; the team reads it, other teams' employees do not;
 * an overdue action notifies its owner once, from a durable job.
 */
describe.each(DATABASE_KINDS)('action plans on %s', (kind) => {
  let database: TestDatabase;
  let org: SeededOrg;
  let teamManager: Ctx;
  let outsider: Ctx;
  let outsiderManager: Ctx;
  let otherTeam: string;
  const DAY = 86_400_000;
  const isoDay = (d: Date) => d.toISOString().slice(0, 10);

  async function addPerson(name: string, role: Role, teamId: string): Promise<Ctx> {
    const id = uuidv7();
    await database.db
      .insert(employees)
      .values({ orgId: org.orgId, id, name, email: `${id}@x.example`, role });
    await database.db
      .insert(teamMemberships)
      .values({ orgId: org.orgId, id: uuidv7(), teamId, employeeId: id });
    return {
      db: database.db,
      orgId: org.orgId,
      actor: { type: 'user', employeeId: id, role, sessionId: uuidv7() },
    };
  }
  const idOf = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.employeeId : '');
  const notificationsOf = (employeeId: string, kind: 'action_assigned' | 'action_overdue') =>
    database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.orgId, org.orgId),
          eq(notifications.employeeId, employeeId),
          eq(notifications.kind, kind),
        ),
      );

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await seedOrg(database.db);
    otherTeam = uuidv7();
    await database.db
      .insert(teams)
      .values({ orgId: org.orgId, id: otherTeam, name: 'Billing', kind: 'team', parentId: org.department });
    teamManager = await addPerson('Mia Manager', 'manager', org.team);
    outsider = await addPerson('Olga Outsider', 'employee', otherTeam);
    outsiderManager = await addPerson('Otto Other', 'manager', otherTeam);
    await database.db.insert(teamManagers).values([
      { orgId: org.orgId, teamId: org.team, employeeId: idOf(teamManager) },
      { orgId: org.orgId, teamId: otherTeam, employeeId: idOf(outsiderManager) },
    ]);
  });
  afterAll(() => database.dispose());

  const plan = (overrides: Partial<Parameters<typeof createActionPlan>[1]> = {}) => ({
    teamId: org.team,
    ownerId: org.people.employee.id,
    source: { kind: 'construct' as const, key: 'consequence' },
    title: 'Thank people for effort in every Monday huddle',
    description: 'The pulse said effort goes unnoticed.',
    dueDate: isoDay(new Date(Date.now() + 30 * DAY)),
    ...overrides,
  });

  it('goes from planned through progress to done, with a dated timeline and the owner told', async () => {
    const created = await createActionPlan(teamManager, plan());
    expect(created).toMatchObject({
      status: 'planned',
      overdue: false,
      owner: { id: org.people.employee.id },
      team: { id: org.team, name: 'Phone Support' },
      source: { kind: 'construct', key: 'consequence', label: 'Consequence', pulseId: null },
      updates: [],
      canEdit: true,
    });
    const told = await notificationsOf(org.people.employee.id, 'action_assigned');
    expect(told.map((n) => n.link)).toEqual([`/culture/action-plans?plan=${created.id}`]);

    // The owner has no culture:actions grant, yet reports progress on their own action.
    const started = await addProgress(org.people.employee.ctx, created.id, {
      body: 'First huddle done; three people thanked.',
      status: 'in_progress',
    });
    expect(started.status).toBe('in_progress');
    expect(started.canEdit).toBe(false);
    const at = new Date(Date.now() + 1000);
    const done = await addProgress(
      org.people.employee.ctx,
      created.id,
      { body: 'It is a habit now.', status: 'done' },
      at,
    );
    expect(done.status).toBe('done');
    expect(done.completedAt).toBe(at.toISOString());
    expect(done.updates.map((u) => [u.body, u.status, u.author?.id])).toEqual([
      ['First huddle done; three people thanked.', 'in_progress', org.people.employee.id],
      ['It is a habit now.', 'done', org.people.employee.id],
    ]);
    // A note without a status keeps it; reopening clears the completion time.
    const reopened = await addProgress(teamManager, created.id, {
      body: 'Slipping again.',
      status: 'in_progress',
    });
    expect(reopened.completedAt).toBeNull();
  });

  it('shows the plan to its team and to culture:results, and to no other team', async () => {
    const created = await createActionPlan(teamManager, plan({ title: 'Visible to Phone Support' }));
    // A teammate (not the owner) reads it, and it is in their list.
    const teammate = await addPerson('Tom Teammate', 'employee', org.team);
    expect((await getActionPlan(teammate, created.id)).title).toBe('Visible to Phone Support');
    expect((await listActionPlans(teammate, { limit: 50 })).items.map((p) => p.id)).toContain(created.id);
    // Leaders and managers elsewhere (culture:results) read it.
    expect((await getActionPlan(org.people.leader.ctx, created.id)).id).toBe(created.id);
    expect((await getActionPlan(outsiderManager, created.id)).id).toBe(created.id);
    // An employee of another team: as if it did not exist.
    await expect(getActionPlan(outsider, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listActionPlans(outsider, { limit: 50 })).items).toEqual([]);
    // A teammate can read but not report progress on someone else's action.
    await expect(addProgress(teammate, created.id, { body: 'me too' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets only culture:actions plan, and managers only for their own teams', async () => {
    await expect(createActionPlan(org.people.employee.ctx, plan())).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(createActionPlan(outsiderManager, plan())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A leader plans for any team; an unknown team or owner is 404.
    expect((await createActionPlan(org.people.leader.ctx, plan({ teamId: otherTeam }))).team.id).toBe(
      otherTeam,
    );
    await expect(createActionPlan(org.people.leader.ctx, plan({ teamId: uuidv7() }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(createActionPlan(org.people.leader.ctx, plan({ ownerId: uuidv7() }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // The other team's manager reads this team's plan but cannot edit it.
    const created = await createActionPlan(teamManager, plan());
    expect((await getActionPlan(outsiderManager, created.id)).canEdit).toBe(false);
    await expect(updateActionPlan(outsiderManager, created.id, { title: 'Mine now' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Sources are checked: a construct is one of the seven keys, a metric one of the analytics metrics.
    expect(ActionSourceInput.safeParse({ kind: 'construct', key: 'vibes' }).success).toBe(false);
    expect(ActionSourceInput.safeParse({ kind: 'metric', key: 'nps' }).success).toBe(true);
    expect(
      ActionSourceInput.safeParse({ kind: 'theme', key: 'waiting time', pulseId: uuidv7() }).success,
    ).toBe(true);
  });

  it('notifies the owner and creator once when an action is overdue, from a durable job', async () => {
    const owner = await addPerson('Olivia Owner', 'employee', org.team);
    const late = await createActionPlan(
      teamManager,
      plan({
        ownerId: idOf(owner),
        title: 'Call back every detractor',
        dueDate: isoDay(new Date(Date.now() + 2 * DAY)),
      }),
    );
    const finished = await createActionPlan(
      teamManager,
      plan({
        ownerId: idOf(owner),
        title: 'Finished in time',
        dueDate: isoDay(new Date(Date.now() + 2 * DAY)),
      }),
    );
    await addProgress(owner, finished.id, { body: 'Done', status: 'done' });
    const moved = await createActionPlan(
      teamManager,
      plan({ ownerId: idOf(owner), title: 'Moved out', dueDate: isoDay(new Date(Date.now() + 2 * DAY)) }),
    );
    await updateActionPlan(teamManager, moved.id, { dueDate: isoDay(new Date(Date.now() + 60 * DAY)) });

    let now = new Date(Date.now() + DAY);
    const clock: Clock = { now: () => now };
    const runner = startJobRunner({ db: database.db, handlers: actionPlanJobHandlers(), clock, pollMs: 0 });
    try {
      await runner.runDueNow();
      expect(await notificationsOf(idOf(owner), 'action_overdue')).toEqual([]);
      now = new Date(Date.now() + 4 * DAY);
      await runner.runDueNow();
      await runner.runDueNow();
    } finally {
      await runner.stop();
    }
    const overdue = await notificationsOf(idOf(owner), 'action_overdue');
    expect(overdue.map((n) => n.title)).toEqual(['Action overdue: Call back every detractor']);
    expect((await notificationsOf(idOf(teamManager), 'action_overdue')).map((n) => n.title)).toEqual([
      'Action overdue: Call back every detractor',
    ]);
    // The view agrees once the due date has passed.
    expect((await getActionPlan(owner, late.id, new Date(Date.now() + 4 * DAY))).overdue).toBe(true);
    expect((await getActionPlan(owner, finished.id, new Date(Date.now() + 4 * DAY))).overdue).toBe(false);
  });

  it('reports actions by status per owner and team, and per pulse', async () => {
    const pulseId = uuidv7();
    const fresh = await addPerson('Rita Reporter', 'employee', otherTeam);
    const ids: string[] = [];
    for (const title of ['one', 'two', 'three'])
      ids.push(
        (
          await createActionPlan(
            org.people.leader.ctx,
            plan({
              teamId: otherTeam,
              ownerId: idOf(fresh),
              title,
              source: { kind: 'statement', key: 'I hear what customers say', pulseId },
            }),
          )
        ).id,
      );
    await addProgress(fresh, ids[0] ?? '', { body: 'started', status: 'in_progress' });
    await addProgress(fresh, ids[1] ?? '', { body: 'done', status: 'done' });
    const report = await actionReport(teamManager, { pulseId });
    expect(report.totals).toEqual({ planned: 1, inProgress: 1, done: 1, dropped: 0, overdue: 0, total: 3 });
    expect(report.byOwner).toEqual([
      {
        owner: { id: idOf(fresh), name: 'Rita Reporter' },
        planned: 1,
        inProgress: 1,
        done: 1,
        dropped: 0,
        overdue: 0,
        total: 3,
      },
    ]);
    expect(report.byTeam.map((t) => [t.team.name, t.total])).toEqual([['Billing', 3]]);
    expect((await listActionPlans(teamManager, { limit: 50, pulseId })).items).toHaveLength(3);
    await expect(actionReport(org.people.employee.ctx, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
