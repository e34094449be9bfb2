import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { nominate } from './awards.service.ts';
import type { AwardRoundView, NominationView, WallStoryView } from './recognition.api.ts';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('award nominations on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let leader: Session;
  let manager: Session;
  let employee: Session;
  let round: AwardRoundView;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const closesIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const nominationOf = async (who: Session, nomineeId: string, reason: string) => {
    const res = await who.request('POST', `/api/v1/recognition/awards/${round.id}/nominations`, {
      nomineeId,
      reason,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as NominationView;
  };
  const awardCelebrations = async () =>
    (
      (await employee.request('GET', '/api/v1/recognition/wall?type=celebration')).json()
        .items as WallStoryView[]
    ).filter((s) => s.kind === 'award_winner');

  it('lets managers and leaders open a round, not employees', async () => {
    const input = { title: 'Service star', period: 'March 2026', closesAt: closesIn(7) };
    expect((await employee.request('POST', '/api/v1/recognition/awards', input)).statusCode).toBe(403);
    const past = await manager.request('POST', '/api/v1/recognition/awards', {
      ...input,
      closesAt: closesIn(-1),
    });
    expect(past.statusCode).toBe(400);
    const res = await manager.request('POST', '/api/v1/recognition/awards', input);
    expect(res.statusCode, res.body).toBe(201);
    round = res.json() as AwardRoundView;
    expect(round).toMatchObject({ open: true, owner: { id: org.people.manager.id }, canDecide: true });
  });

  it('takes nominations of colleagues (not oneself, once each) and shows them only to the owner and nominator', async () => {
    await nominationOf(employee, org.people.leader.id, 'Calmed an angry customer and fixed the root cause');
    await nominationOf(admin, org.people.leader.id, 'Covered three shifts in a week');
    await nominationOf(admin, org.people.employee.id, 'Answered every chat within a minute');
    const self = await employee.request('POST', `/api/v1/recognition/awards/${round.id}/nominations`, {
      nomineeId: org.people.employee.id,
      reason: 'Me!',
    });
    expect(self.statusCode).toBe(400);
    const twice = await employee.request('POST', `/api/v1/recognition/awards/${round.id}/nominations`, {
      nomineeId: org.people.leader.id,
      reason: 'Again',
    });
    expect(twice.statusCode).toBe(409);

    const seenBy = async (who: Session) =>
      ((await who.request('GET', `/api/v1/recognition/awards/${round.id}`)).json() as AwardRoundView)
        .nominations;
    expect(await seenBy(manager)).toHaveLength(3);
    expect((await seenBy(admin)).map((n) => n.nominator.id)).toEqual([
      org.people.admin.id,
      org.people.admin.id,
    ]);
    expect(await seenBy(employee)).toHaveLength(1);
    // The nominee learns nothing until they win.
    expect(await seenBy(leader)).toHaveLength(0);
    const listed = (await leader.request('GET', '/api/v1/recognition/awards')).json()
      .items as AwardRoundView[];
    expect(listed.find((r) => r.id === round.id)).toMatchObject({ nominationCount: 3, canDecide: false });
  });

  it('lets only the round’s owner decide, and celebrates each winner once on the wall', async () => {
    const all = (
      (await manager.request('GET', `/api/v1/recognition/awards/${round.id}`)).json() as AwardRoundView
    ).nominations;
    const forLeader = all.filter((n) => n.nominee.id === org.people.leader.id);
    const forAlex = all.find((n) => n.nominee.id === org.people.employee.id);
    if (!forAlex || forLeader.length !== 2) throw new Error('nominations missing');
    const decide = (who: Session, id: string, decision: 'approved' | 'rejected') =>
      who.request('POST', `/api/v1/recognition/nominations/${id}/decision`, { decision });

    // Not the nominee's colleague, not a leader with recognition:manage, not an admin: only the owner.
    for (const who of [employee, leader, admin])
      expect((await decide(who, forLeader[0]?.id ?? '', 'approved')).statusCode).toBe(403);
    expect(await awardCelebrations()).toHaveLength(0);

    for (const n of forLeader) expect((await decide(manager, n.id, 'approved')).statusCode).toBe(200);
    const rejected = await decide(manager, forAlex.id, 'rejected');
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().status).toBe('rejected');
    expect((await decide(manager, forAlex.id, 'approved')).statusCode).toBe(409);

    const celebrations = await awardCelebrations();
    expect(celebrations).toHaveLength(1);
    expect(celebrations[0]?.to.map((p) => p.id)).toEqual([org.people.leader.id]);
    expect(celebrations[0]?.text).toContain('Service star (March 2026)');
    const told = (await leader.request('GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(told.filter((n) => n.title === 'You won Service star (March 2026)')).toHaveLength(1);
    const after = (
      await employee.request('GET', `/api/v1/recognition/awards/${round.id}`)
    ).json() as AwardRoundView;
    expect(after.winners.map((w) => w.id)).toEqual([org.people.leader.id]);
  });

  it('refuses nominations once the round has closed', async () => {
    const later = new Date(Date.now() + 8 * DAY);
    await expect(
      nominate(org.people.leader.ctx, round.id, { nomineeId: org.people.manager.id, reason: 'Late' }, later),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
