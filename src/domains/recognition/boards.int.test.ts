import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../db/client.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg } from '../../test/seed.ts';
import { type AnalyticsOrg, analyticsOrg } from '../analytics/analytics.fixtures.ts';
import { employees } from '../people/people.tables.ts';
import { getBoards } from './profile.service.ts';

/**
 * The boards, against a hand-built 90 days: counts with a minimum for the kudos boards, and a
 * praise rate fair to workload for the customers' board.
 */
describe.each(DATABASE_KINDS)('recognition boards on %s', (kind) => {
  let database: TestDatabase;
  let a: AnalyticsOrg;
  const person: Record<'busy' | 'steady' | 'lucky' | 'quiet', string> = {
    busy: '',
    steady: '',
    lucky: '',
    quiet: '',
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    a = await analyticsOrg(await seedOrg(database.db));
    const { orgId } = a.org;
    const db = database.db;
    for (const name of Object.keys(person) as (keyof typeof person)[]) {
      person[name] = uuidv7();
      await db.insert(employees).values({
        orgId,
        id: person[name],
        name: `${name[0]?.toUpperCase()}${name.slice(1)} Agent`,
        email: `${name}@x.example`,
      });
    }
    // Served and praised: busy 60 served / 9 praised (15 %), steady 20 / 5 (25 %), lucky 3 / 3
    // (100 %, too few served to rank), quiet 30 / 2 (below the minimum of 3 praises).
    const plan: [keyof typeof person, number, number][] = [
      ['busy', 60, 9],
      ['steady', 20, 5],
      ['lucky', 3, 3],
      ['quiet', 30, 2],
    ];
    for (const [who, served, praised] of plan)
      for (let i = 0; i < served; i++) {
        const id = await a.submit({ surveyId: a.surveys.nps, score: 9, employeeIds: [person[who]] });
        if (i < praised)
          await query(
            db,
            sql`insert into customer_praise (org_id, id, response_id, employee_id, quote, praised_at)
                values (${orgId}, ${uuidv7()}, ${id}, ${person[who]}, 'Wonderful', now())`,
          );
      }
    await a.writer.drain();
    // Kudos: effort four times to busy, twice to steady; "helped a colleague" three times to quiet.
    const kudos = async (to: string, kindOf: 'effort' | 'success', tags: string[]) => {
      const id = uuidv7();
      await query(
        db,
        sql`insert into kudos (org_id, id, giver_id, kind, message, value_tags)
            values (${orgId}, ${id}, ${a.org.people.manager.id}, ${kindOf}, 'Thanks', ${sql.param(tags)}::text[])`,
      );
      await query(
        db,
        sql`insert into kudos_recipients (org_id, kudos_id, employee_id) values (${orgId}, ${id}, ${to})`,
      );
    };
    for (let i = 0; i < 4; i++) await kudos(person.busy, 'effort', []);
    for (let i = 0; i < 2; i++) await kudos(person.steady, 'effort', []);
    for (let i = 0; i < 3; i++) await kudos(person.quiet, 'success', ['Helped a colleague']);
  });
  afterAll(() => database.dispose());

  it('ranks kudos boards by count above a minimum, and the customers’ board by a fair praise rate', async () => {
    const boards = await getBoards(a.org.people.employee.ctx, { days: 90, minN: 3 });
    expect(boards.effort.map((e) => [e.employee.id, e.count])).toEqual([[person.busy, 4]]);
    expect(boards.helpful.map((e) => [e.employee.id, e.count])).toEqual([[person.quiet, 3]]);
    // Steady's higher rate beats busy's volume; lucky (3 of 3) served too few; quiet praised too rarely.
    expect(boards.praised.map((e) => e.employee.id)).toEqual([person.steady, person.busy]);
    const [steady, busy] = boards.praised;
    expect(steady).toMatchObject({ count: 5, served: 20 });
    expect(busy).toMatchObject({ count: 9, served: 60 });
    // Shrunk toward the organisation's rate (19 of 113, 16.8 %): steady's 25 % comes down, and stays above busy.
    expect(steady?.rate).toBeLessThan(25);
    expect(steady?.rate).toBeGreaterThan(busy?.rate ?? 100);
  });
});
