import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { analyzeGrownTables } from './auto-analyze.ts';
import { query, sql } from './client.ts';

describe.each(DATABASE_KINDS)('automatic analyze on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createEmptyDatabase(kind);
    await database.db.execute(sql`create table parent (id int primary key, pad text not null)`);
    await database.db.execute(
      sql`create table child (id int primary key, parent_id int not null references parent)`,
    );
  });
  afterAll(() => database.dispose());

  const fill = (from: number, to: number) =>
    database.db.execute(
      sql`insert into parent select g, repeat('x', 200) from generate_series(${from}::int, ${to}::int) g`,
    );
  const pages = async () =>
    (
      await query<{ relpages: number }>(
        database.db,
        sql`select relpages from pg_class where relname = 'parent'`,
      )
    )[0]?.relpages;

  it('analyzes a table once it outgrows twice what its last analyze saw, and leaves it alone until then', async () => {
    await fill(1, 20);
    expect(await analyzeGrownTables(database.db)).toEqual([]); // one page: too small to matter
    await fill(21, 2000);
    expect(await analyzeGrownTables(database.db)).toEqual(['public.parent']);
    const seen = await pages();
    expect(seen).toBeGreaterThan(4);
    await fill(2001, 2500);
    expect(await analyzeGrownTables(database.db)).toEqual([]); // grown by a quarter, not doubled
    await fill(2501, 6000);
    expect(await analyzeGrownTables(database.db)).toEqual(['public.parent']);
    expect(await pages()).toBeGreaterThan(2 * (seen ?? 0));
  });
});
