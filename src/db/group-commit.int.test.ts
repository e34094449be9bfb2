import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { type Db, query, sql } from './client.ts';
import { type BatchLane, createGroupCommitter } from './group-commit.ts';

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
      committer.run(
        (tx) => tx.execute(sql`insert into gc_test values (${id}, txid_current())`).then(() => id),
        'org',
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
    await committer.run((tx) => tx.execute(sql`insert into gc_test values (1000, txid_current())`), 'org');
    const seen = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from gc_test where id = 1000`,
    );
    expect(seen[0]?.n).toBe(1);
  });

  it('writes a lane’s items together, and redoes them one by one when the lane fails', async () => {
    const committer = createGroupCommitter(database.db);
    let lanes = 0;
    const lane: BatchLane<number, string> = {
      name: 'test',
      partitionOf: () => 'org',
      async writeAll(tx, ids) {
        lanes++;
        // One multi-row insert for the whole flush; an odd id makes it throw (a bug, say).
        if (ids.some((id) => id === 3001)) throw new Error('lane failed');
        await tx.execute(
          sql`insert into gc_test select id, txid_current() from unnest(${sql.param([...ids])}::int[]) as id`,
        );
        return ids.map((id) =>
          id === 2013 ? { ok: false, error: new Error('refused') } : { ok: true, value: `lane ${id}` },
        );
      },
    };
    const alone = (id: number) => (tx: Db) =>
      tx.execute(sql`insert into gc_test values (${id}, txid_current())`).then(() => `alone ${id}`);
    const first = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => committer.runIn(lane, 2000 + i, alone(2000 + i))),
    );
    expect(first.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toHaveLength(19);
    expect(first[13]).toMatchObject({ status: 'rejected', reason: { message: 'refused' } });
    expect(first[0]).toMatchObject({ status: 'fulfilled', value: 'lane 2000' });
    const second = await Promise.all([3000, 3001, 3002].map((id) => committer.runIn(lane, id, alone(id))));
    expect(second).toEqual(['alone 3000', 'alone 3001', 'alone 3002']);
    const rows = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from gc_test where id between 2000 and 3999`,
    );
    // The refused item was inserted by the lane's statement: a lane refuses BEFORE writing in real
    // use; here it shows the lane's writes commit with the batch. 20 + 3.
    expect(rows[0]?.n).toBe(23);
    expect(lanes).toBeLessThanOrEqual(3);
  });

  it('keeps one transaction in flight per partition, and lets partitions commit side by side', async () => {
    const committer = createGroupCommitter(database.db, { maxBatch: 5, maxConcurrent: 4 });
    const open = new Map<string, Set<string>>(); // partition → its transactions not yet settled
    const partitionsOfTx = new Map<string, Set<string>>();
    let mostInOnePartition = 0;
    let mostInAll = 0;
    const write = (partition: string) =>
      committer
        .run(async (tx) => {
          const [row] = await query<{ tx: string }>(tx, sql`select txid_current()::text as tx`);
          const txid = row?.tx ?? '';
          const mine = open.get(partition) ?? new Set<string>();
          open.set(partition, mine.add(txid));
          partitionsOfTx.set(txid, (partitionsOfTx.get(txid) ?? new Set<string>()).add(partition));
          mostInOnePartition = Math.max(mostInOnePartition, mine.size);
          mostInAll = Math.max(
            mostInAll,
            [...open.values()].reduce((n, s) => n + s.size, 0),
          );
          await tx.execute(sql`select pg_sleep(0.005)`);
          return txid;
        }, partition)
        .then((txid) => open.get(partition)?.delete(txid));
    await Promise.all(Array.from({ length: 60 }, (_, i) => write(`org-${i % 3}`)));
    // 20 writes per partition in batches of at most 5, never two of one partition at once.
    expect(mostInOnePartition).toBe(1);
    expect(partitionsOfTx.size).toBeGreaterThanOrEqual(12);
    for (const partitions of partitionsOfTx.values()) expect(partitions.size).toBe(1);
    // PGlite has one connection, so its transactions take turns; PostgreSQL runs partitions at once.
    if (kind === 'postgres') expect(mostInAll).toBeGreaterThan(1);
    else expect(mostInAll).toBe(1);
  });
});
