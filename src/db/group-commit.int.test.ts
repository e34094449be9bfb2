import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { query, sql } from './client.ts';
import { createGroupCommitter } from './group-commit.ts';

describe.each(DATABASE_KINDS)('group commit on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await database.db.execute(sql`create table gc_test (id int primary key, txid bigint not null)`);
  });
  afterAll(() => database.dispose());

  it('shares transactions between concurrent writes, and a failing write loses only itself', async () => {
    const committer = createGroupCommitter(database.db, { maxBatch: 50 });
    const insert = (id: number) =>
      committer.run((tx) =>
        tx.execute(sql`insert into gc_test values (${id}, txid_current())`).then(() => id),
      );
    const ids = Array.from({ length: 200 }, (_, i) => i);
    // id 7 twice: the second one violates the primary key and must fail alone.
    const results = await Promise.allSettled([...ids.map(insert), insert(7)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(200);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const rows = await query<{ n: number; txs: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct txid)::int as txs from gc_test`,
    );
    expect(rows[0]?.n).toBe(200);
    // 200 stored writes in batches of at most 50: at least 4 transactions, far fewer than 200.
    expect(rows[0]?.txs).toBeGreaterThanOrEqual(4);
    expect(rows[0]?.txs).toBeLessThan(20);
  });

  it('settles a write only after its transaction committed', async () => {
    const committer = createGroupCommitter(database.db);
    await committer.run((tx) => tx.execute(sql`insert into gc_test values (1000, txid_current())`));
    const seen = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from gc_test where id = 1000`,
    );
    expect(seen[0]?.n).toBe(1);
  });
});
