import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { addMonths, monthStart, organisationClock } from '../domains/analytics/scope.ts';
import { recognitionActivity } from '../domains/recognition/leadership-activity.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { loadDemoCases } from './cases.demo.ts';
import { loadDemoLeadership } from './leadership.demo.ts';
import { loadDemoPeople } from './people.demo.ts';
import { loadDemoVoice } from './voice.demo.ts';

describe('demo leadership', () => {
  let database: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    ({ orgId } = await loadDemoPeople(database.db));
    await loadDemoVoice(database.db, orgId);
    await loadDemoCases(database.db, orgId);
  });
  afterAll(() => database.dispose());

  it('gives managers 1:1s held over the last months, coaching goals and cases they stepped in on, once', async () => {
    const result = await loadDemoLeadership(database.db, orgId);
    expect(result.created).toBe(true);
    expect(result.oneOnOnes).toBeGreaterThan(20);
    expect(result.goals).toBeGreaterThan(3);
    expect(result.steppedIn).toBeGreaterThan(0);
    // The scorecard sees them: more than one manager held 1:1s in the last six months, and not
    // all in the same month.
    const managers = await query<{ id: string }>(
      database.db,
      sql`select distinct employee_id as id from team_managers where org_id = ${orgId}`,
    );
    const { timeZone, today } = await organisationClock(database.db, orgId);
    const held = (
      await recognitionActivity(database.db, orgId, {
        from: addMonths(monthStart(today), -5),
        until: '9999-01-01',
        timeZone,
        grain: 'month',
        personIds: managers.map((m) => m.id),
      })
    ).filter((r) => r.one_on_ones > 0);
    expect(new Set(held.map((r) => r.person_id)).size).toBeGreaterThan(1);
    expect(new Set(held.map((r) => r.bucket)).size).toBeGreaterThan(2);
    expect((await loadDemoLeadership(database.db, orgId)).created).toBe(false);
  });
});
