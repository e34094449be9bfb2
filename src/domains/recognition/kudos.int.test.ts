import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { AppError } from '../../server/errors.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { giveKudos } from './kudos.service.ts';
import type { WallStoryView } from './recognition.api.ts';
import { DEFAULT_VALUE_TAGS } from './settings.service.ts';

const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

describe.each(DATABASE_KINDS)('kudos on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let employee: Session;
  let manager: Session;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const setSettings = async (body: Record<string, unknown>) => {
    const res = await admin.request('PATCH', '/api/v1/recognition/settings', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('offers the seven constructs and three behaviours as values until the organisation sets its own', async () => {
    const res = await employee.request('GET', '/api/v1/recognition/settings');
    expect(res.json().valueTags).toEqual([...DEFAULT_VALUE_TAGS]);
    expect(res.json().valueTags).toHaveLength(10);
    const denied = await employee.request('PATCH', '/api/v1/recognition/settings', { monthlyAllowance: 1 });
    expect(denied.statusCode).toBe(403);
  });

  it('gives kudos with values, kind and points; the recipient is notified and it is on the wall', async () => {
    const before = (await employee.request('GET', '/api/v1/recognition/allowance')).json();
    const res = await employee.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [org.people.manager.id],
      kind: 'effort',
      message: 'Stayed late to get Mrs Patel’s heating back on',
      valueTags: ['went the extra mile', 'Owned the problem'],
      points: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    const story = res.json() as WallStoryView;
    expect(story).toMatchObject({
      type: 'kudos',
      kind: 'effort',
      valueTags: ['Went the extra mile', 'Owned the problem'],
      from: { id: org.people.employee.id },
      to: [{ id: org.people.manager.id, points: 20 }],
      reactions: [],
      commentCount: 0,
    });
    const after = (await employee.request('GET', '/api/v1/recognition/allowance')).json();
    expect(after.spent - before.spent).toBe(20);
    expect(after.remaining).toBe(after.allowance - after.spent);
    expect((await manager.request('GET', '/api/v1/recognition/allowance')).json().received).toBe(20);

    const notes = (await manager.request('GET', '/api/v1/notifications')).json().items;
    expect(notes.find((n: { kind: string }) => n.kind === 'kudos')).toMatchObject({
      title: 'Employee Person gave you kudos and 20 points',
      body: 'Stayed late to get Mrs Patel’s heating back on',
    });
    const wall = (await admin.request('GET', '/api/v1/recognition/wall')).json();
    expect(wall.items.map((s: WallStoryView) => s.id)).toContain(story.id);
  });

  it('refuses unknown values, kudos to yourself, too many points and an empty recipient list', async () => {
    const give = (body: Record<string, unknown>) =>
      employee.request('POST', '/api/v1/recognition/kudos', { kind: 'success', message: 'Thanks!', ...body });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ recipientIds: [org.people.manager.id], valueTags: ['Synergy'] }, 400, 'not one of the organisation'],
      [{ recipientIds: [org.people.employee.id] }, 400, 'yourself'],
      [{ recipientIds: [org.people.manager.id], points: 51 }, 400, 'At most 50 points'],
      [{ recipientIds: [] }, 400, 'Name at least one'],
      [{ teamId: org.team, points: 5 }, 400, 'named colleagues'],
      [{ recipientIds: [uuidv7()] }, 400, 'Unknown employee'],
    ];
    for (const [body, status, message] of cases) {
      const res = await give(body);
      expect([res.statusCode, res.body]).toEqual([status, expect.stringContaining(message)]);
    }
  });

  it('links evidence that exists in the organisation, and refuses any other', async () => {
    const give = (evidence: unknown) =>
      employee.request('POST', '/api/v1/recognition/kudos', {
        recipientIds: [org.people.leader.id],
        kind: 'success',
        message: 'Great call',
        evidence,
      });
    const unknown = await give({ type: 'interaction', id: uuidv7() });
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([400, 'Unknown interaction']);
    const cases = await give({ type: 'case', id: uuidv7() });
    expect(cases.statusCode).toBe(400);
    const interaction = await admin.request('POST', '/api/v1/interactions', {
      customer: { email: 'rosa@example.com', name: 'Rosa Martinez' },
      channel: 'phone',
      occurredAt: new Date().toISOString(),
      employeeIds: [org.people.leader.id],
    });
    expect(interaction.statusCode, interaction.body).toBe(201);
    const linked = await give({ type: 'interaction', id: interaction.json().id });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().evidence).toEqual({ type: 'interaction', id: interaction.json().id });
  });

  it('never lets racing gifts spend more than the monthly allowance', async () => {
    await setSettings({ monthlyAllowance: 100, maxPointsPerKudos: 50, pointsEnabled: true });
    const clock = fixedClock('2031-05-15T12:00:00Z');
    // Twelve gifts of 30 points at once from one person (the admin, who has spent nothing in 2031-05):
    // at most three fit in 100.
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        giveKudos(
          org.people.admin.ctx,
          {
            recipientIds: [i % 2 ? org.people.employee.id : org.people.leader.id],
            kind: 'success',
            message: `Race ${i}`,
            valueTags: [],
            points: 30,
          },
          clock,
        ),
      ),
    );
    const given = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a) => a.status === 'rejected');
    expect(given).toHaveLength(3);
    for (const r of refused)
      expect(
        ((r as PromiseRejectedResult).reason as AppError).code,
        String((r as PromiseRejectedResult).reason),
      ).toBe('CONFLICT');
    const [row] = await query<{ spent: number }>(
      database.db,
      sql`select spent from kudos_allowances where org_id = ${org.orgId} and employee_id = ${org.people.admin.id}
          and period = '2031-05'`,
    );
    expect(row?.spent).toBe(90);
    // Points landed only with the three gifts that were stored.
    const [landed] = await query<{ n: number }>(
      database.db,
      sql`select coalesce(sum(r.points), 0)::int as n from kudos_recipients r join kudos k
          on k.org_id = r.org_id and k.id = r.kudos_id where k.org_id = ${org.orgId} and k.message like 'Race %'`,
    );
    expect(landed?.n).toBe(90);
  });

  it('also never overspends when different amounts race to the last points', async () => {
    const clock = fixedClock('2031-07-10T08:00:00Z');
    const amounts = [50, 40, 30, 20, 10, 10, 5, 45];
    const attempts = await Promise.allSettled(
      amounts.map((points, i) =>
        giveKudos(
          org.people.manager.ctx,
          {
            recipientIds: [org.people.employee.id],
            kind: 'effort',
            message: `Mixed ${i}`,
            valueTags: [],
            points,
          },
          clock,
        ),
      ),
    );
    const spent = amounts.reduce((sum, p, i) => sum + (attempts[i]?.status === 'fulfilled' ? p : 0), 0);
    expect(spent).toBeLessThanOrEqual(100);
    // Whatever was refused did not fit in what was left when it ran.
    const smallestRefused = Math.min(...amounts.filter((_, i) => attempts[i]?.status === 'rejected'));
    expect(spent + smallestRefused).toBeGreaterThan(100);
    const [row] = await query<{ spent: number }>(
      database.db,
      sql`select spent from kudos_allowances where org_id = ${org.orgId} and employee_id = ${org.people.manager.id}
          and period = '2031-07'`,
    );
    expect(row?.spent).toBe(spent);
  });

  it('starts a new allowance each month in the organisation’s time zone, and received points stay', async () => {
    // Europe/Berlin: 22:30 UTC on 31 August is already September there.
    const august = fixedClock('2031-08-31T21:00:00Z');
    const september = fixedClock('2031-08-31T22:30:00Z');
    const gift = (points: number, clock: typeof august) =>
      giveKudos(
        org.people.leader.ctx,
        {
          recipientIds: [org.people.manager.id],
          kind: 'success',
          message: 'Month end',
          valueTags: [],
          points,
        },
        clock,
      );
    await gift(50, august);
    await gift(50, august);
    await expect(gift(10, august)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(gift(50, september)).resolves.toMatchObject({ type: 'kudos' });
    const periods = await query<{ period: string; spent: number }>(
      database.db,
      sql`select period, spent from kudos_allowances where org_id = ${org.orgId}
          and employee_id = ${org.people.leader.id} order by period`,
    );
    expect(periods).toEqual([
      { period: '2031-08', spent: 100 },
      { period: '2031-09', spent: 50 },
    ]);
  });

  it('refuses points when switched off, but still takes kudos without them', async () => {
    await setSettings({ pointsEnabled: false });
    const withPoints = await employee.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [org.people.manager.id],
      kind: 'success',
      message: 'Thanks',
      points: 5,
    });
    expect([withPoints.statusCode, withPoints.json().error.message]).toEqual([
      400,
      'Points are switched off in this organisation',
    ]);
    const without = await employee.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [org.people.manager.id],
      kind: 'success',
      message: 'Thanks',
    });
    expect(without.statusCode).toBe(201);
    expect((await employee.request('GET', '/api/v1/recognition/allowance')).json()).toMatchObject({
      pointsEnabled: false,
      remaining: 0,
    });
    await setSettings({ pointsEnabled: true });
  });

  it('takes reactions and comments, and ranks the most celebrated first', async () => {
    const give = async (message: string) =>
      (
        await employee.request('POST', '/api/v1/recognition/kudos', {
          teamId: org.team,
          kind: 'success',
          message,
          valueTags: ['Helped a colleague'],
        })
      ).json() as WallStoryView;
    const quiet = await give('Quiet one');
    const loved = await give('Loved one');
    for (const who of [admin, manager])
      for (const reaction of ['applause', 'heart'])
        expect(
          (await who.request('POST', `/api/v1/recognition/stories/${loved.id}/reactions`, { reaction }))
            .statusCode,
        ).toBe(200);
    // The same reaction twice counts once; taking it back removes it.
    await admin.request('POST', `/api/v1/recognition/stories/${loved.id}/reactions`, { reaction: 'heart' });
    const star = await manager.request('POST', `/api/v1/recognition/stories/${quiet.id}/reactions`, {
      reaction: 'star',
    });
    expect(star.json().reactions).toEqual([{ reaction: 'star', count: 1, mine: true }]);
    const off = await manager.request('POST', `/api/v1/recognition/stories/${quiet.id}/reactions`, {
      reaction: 'star',
      on: false,
    });
    expect(off.json().reactions).toEqual([]);
    const comment = await admin.request('POST', `/api/v1/recognition/stories/${loved.id}/comments`, {
      body: 'Well deserved!',
    });
    expect(comment.statusCode, comment.body).toBe(201);
    const comments = (
      await employee.request('GET', `/api/v1/recognition/stories/${loved.id}/comments`)
    ).json();
    expect(comments.items).toMatchObject([{ body: 'Well deserved!', author: { id: org.people.admin.id } }]);

    const story = (await admin.request('GET', `/api/v1/recognition/stories/${loved.id}`)).json();
    expect(story.reactions).toEqual([
      { reaction: 'applause', count: 2, mine: true },
      { reaction: 'heart', count: 2, mine: true },
    ]);
    expect(story.commentCount).toBe(1);

    const celebrated = (await employee.request('GET', '/api/v1/recognition/wall?sort=celebrated')).json();
    expect(celebrated.items[0].id).toBe(loved.id);
    expect(celebrated.items[0].reactions.every((r: { mine: boolean }) => !r.mine)).toBe(true);
  });

  it('filters the wall by value and by team, and pages newest first without repeats', async () => {
    const byValue = (
      await employee.request('GET', '/api/v1/recognition/wall?valueTag=helped%20a%20colleague')
    ).json();
    expect(byValue.items.length).toBeGreaterThanOrEqual(2);
    expect(byValue.items.every((s: WallStoryView) => s.valueTags.includes('Helped a colleague'))).toBe(true);

    const otherTeam = await admin.request('POST', '/api/v1/teams', {
      name: 'Billing',
      kind: 'team',
      parentId: org.department,
    });
    const nothing = (
      await employee.request('GET', `/api/v1/recognition/wall?teamId=${otherTeam.json().id}`)
    ).json();
    expect(nothing.items).toEqual([]);
    // The department includes its teams.
    const department = (
      await employee.request('GET', `/api/v1/recognition/wall?teamId=${org.department}`)
    ).json();
    expect(department.items.length).toBeGreaterThan(0);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: WallStoryView[]; nextCursor: string | null } = (
        await employee.request('GET', `/api/v1/recognition/wall?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await employee.request('GET', '/api/v1/recognition/wall?limit=100')).json();
    expect(seen).toEqual(all.items.map((s: WallStoryView) => s.id));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await employee.request('GET', '/api/v1/recognition/wall?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
  });

  it('needs a signed-in person to give kudos', async () => {
    await expect(
      giveKudos(org.system, {
        recipientIds: [org.people.manager.id],
        kind: 'success',
        message: 'x',
        valueTags: [],
        points: 0,
      }),
    ).rejects.toBeInstanceOf(AppError);
  });
});
