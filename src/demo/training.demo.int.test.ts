import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { loadDemoPeople } from './people.demo.ts';
import { loadDemoTraining } from './training.demo.ts';

describe('demo training', () => {
  let database: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    ({ orgId } = await loadDemoPeople(database.db));
  });
  afterAll(() => database.dispose());

  it('adds a catalogue with an onboarding path, two rules and training in progress and done, once', async () => {
    const result = await loadDemoTraining(database.db, orgId);
    expect(result).toMatchObject({ created: true, modules: 6 });
    expect(result.completed).toBeGreaterThan(10);
    const [counts] = await query<{ open: number; done: number; quizzes: number }>(
      database.db,
      sql`select count(*) filter (where a.completed_at is null)::int as open,
            count(*) filter (where a.completed_at is not null)::int as done,
            (select count(*)::int from training_modules m where m.org_id = ${orgId} and m.quiz is not null) as quizzes
          from training_assignments a where a.org_id = ${orgId}`,
    );
    expect(counts?.open).toBeGreaterThan(0);
    expect(counts?.done).toBe(result.completed);
    expect(counts?.quizzes).toBe(3);
    // Demo data tells nobody: no notifications, no email jobs.
    const [told] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from notifications where org_id = ${orgId}`,
    );
    expect(told?.n).toBe(0);
    expect((await loadDemoTraining(database.db, orgId)).created).toBe(false);
  });
});
