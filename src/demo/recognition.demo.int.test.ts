import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { loadDemoPeople } from './people.demo.ts';
import { loadDemoRecognition } from './recognition.demo.ts';
import { loadDemoVoice } from './voice.demo.ts';

describe('demo recognition', () => {
  let database: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    ({ orgId } = await loadDemoPeople(database.db));
    await loadDemoVoice(database.db, orgId);
  });
  afterAll(() => database.dispose());

  it('fills the wall with kudos, praise from the demo’s own comments, celebrations and feedback, once', async () => {
    const result = await loadDemoRecognition(database.db, orgId);
    expect(result.created).toBe(true);
    expect(result.kudos).toBeGreaterThan(100);
    expect(result.praise).toBeGreaterThan(10);
    expect(result.celebrations).toBeGreaterThan(3);
    expect(result.feedback).toBeGreaterThan(10);
    const [overspent] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from kudos_allowances where org_id = ${orgId} and spent > 100`,
    );
    expect(overspent?.n).toBe(0);
    const [awards] = await query<{ winners: number; pending: number; published: number }>(
      database.db,
      sql`select (select count(*)::int from celebrations where org_id = ${orgId} and kind = 'award_winner') as winners,
            (select count(*)::int from award_nominations where org_id = ${orgId} and status = 'pending') as pending,
            (select count(*)::int from wall_publications where org_id = ${orgId}) as published`,
    );
    expect(awards).toEqual({ winners: 1, pending: 2, published: 3 });
    expect((await loadDemoRecognition(database.db, orgId)).created).toBe(false);
  });
});
