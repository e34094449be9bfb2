import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { loadDemoPeople } from './people.demo.ts';
import { loadDemoStrategy } from './strategy.demo.ts';

describe('demo strategy', () => {
  let database: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    ({ orgId } = await loadDemoPeople(database.db));
  });
  afterAll(() => database.dispose());

  it('publishes three versions and announcements acknowledged unevenly across teams, once', async () => {
    const result = await loadDemoStrategy(database.db, orgId);
    expect(result).toMatchObject({ created: true, versions: 3 });
    const teams = await query<{ team_id: string; asked: number; acked: number }>(
      database.db,
      sql`select a.team_id, count(*)::int as asked, count(a.acknowledged_at)::int as acked
          from strategy_acknowledgements a join strategy_announcements n
            on n.org_id = a.org_id and n.id = a.announcement_id
          where a.org_id = ${orgId} and n.quiz is not null group by a.team_id`,
    );
    expect(teams.length).toBeGreaterThan(3);
    // Some acknowledged in every team that has a few people, none has everyone: reach to follow up.
    const total = teams.reduce((t, r) => ({ asked: t.asked + r.asked, acked: t.acked + r.acked }), {
      asked: 0,
      acked: 0,
    });
    expect(total.acked).toBeGreaterThan(total.asked * 0.3);
    expect(total.acked).toBeLessThan(total.asked);
    expect(new Set(teams.map((t) => Math.round((t.acked / t.asked) * 10))).size).toBeGreaterThan(1);
    // Everyone asked has the in-app notice; none of that history is emailed.
    const [told] = await query<{ notices: number; emails: number }>(
      database.db,
      sql`select (select count(*)::int from notifications where org_id = ${orgId} and kind = 'strategy_ask') as notices,
            (select count(*)::int from jobs where org_id = ${orgId} and queue = 'notification-email') as emails`,
    );
    expect(told?.notices).toBeGreaterThan(50);
    expect(told?.emails).toBe(0);
    expect((await loadDemoStrategy(database.db, orgId)).created).toBe(false);
  });
});
