import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runOperation } from '../cli/operations.ts';
import { query, sql } from '../db/client.ts';
import { ANALYTICS_DIGEST } from '../domains/analytics/digest.service.ts';
import { TARGET_CELEBRATIONS } from '../domains/recognition/target-celebrations.ts';
import { TRAINING_RULES } from '../domains/training/rules.service.ts';
import { buildTestApp, signInAs } from '../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../test/seed.ts';
import { backoffMs, type Clock, defineJob, enqueue, type JobHandlers, startJobRunner } from './jobs.ts';

/** A clock the test moves by hand. */
function fakeClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    set: (d) => {
      now = d;
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const minutes = (n: number) => n * 60_000;

describe.each(DATABASE_KINDS)('jobs on %s', (kind) => {
  let database: TestDatabase;
  let org: SeededOrg;
  const start = new Date('2031-03-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await seedOrg(database.db);
  });
  afterAll(() => database.dispose());

  const jobRow = async (id: string) =>
    (
      await query<{
        attempts: number;
        done_at: Date | null;
        dead_at: Date | null;
        last_error: string | null;
      }>(
        database.db,
        sql`select attempts, done_at, dead_at, last_error from jobs where org_id = ${org.orgId} and id = ${id}`,
      )
    )[0];

  it('runs a job only once it is due by the clock', async () => {
    const clock = fakeClock(start);
    const ran: string[] = [];
    const handlers: JobHandlers = {
      greet: defineJob(z.object({ name: z.string() }), async (p) => void ran.push(p.name)),
    };
    const runner = startJobRunner({ db: database.db, handlers, clock, pollMs: 0 });
    await enqueue(database.db, { orgId: org.orgId, queue: 'greet', payload: { name: 'now' }, runAt: start });
    await enqueue(database.db, {
      orgId: org.orgId,
      queue: 'greet',
      payload: { name: 'later' },
      runAt: new Date(start.getTime() + minutes(60)),
    });
    expect(await runner.runDueNow()).toBe(1);
    expect(ran).toEqual(['now']);
    clock.advance(minutes(59));
    expect(await runner.runDueNow()).toBe(0);
    clock.advance(minutes(1));
    expect(await runner.runDueNow()).toBe(1);
    expect(ran).toEqual(['now', 'later']);
    expect(await runner.runDueNow()).toBe(0);
    await runner.stop();
  });

  it('creates one job per singleton key, however often it is enqueued', async () => {
    const first = await enqueue(database.db, {
      orgId: org.orgId,
      queue: 'once',
      payload: {},
      runAt: start,
      singletonKey: 'invitation-1',
    });
    const again = await enqueue(database.db, {
      orgId: org.orgId,
      queue: 'once',
      payload: {},
      runAt: start,
      singletonKey: 'invitation-1',
    });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    let runs = 0;
    const runner = startJobRunner({
      db: database.db,
      handlers: { once: defineJob(z.object({}), async () => void runs++) },
      clock: fakeClock(start),
      pollMs: 0,
    });
    await runner.runDueNow();
    await runner.stop();
    expect(runs).toBe(1);
  });

  it('runs each job exactly once when two runners race for the same jobs', async () => {
    // On PGlite both runners share the one connection; on PostgreSQL they claim over separate
    // connections at the same time, and `for update skip locked` keeps them apart.
    const clock = fakeClock(start);
    const runs = new Map<number, number>();
    const handlers: JobHandlers = {
      race: defineJob(z.object({ n: z.number() }), async ({ n }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 5));
      }),
    };
    for (let n = 0; n < 40; n++)
      await enqueue(database.db, { orgId: org.orgId, queue: 'race', payload: { n }, runAt: start });
    const one = startJobRunner({ db: database.db, handlers, clock, pollMs: 0, batch: 3 });
    const two = startJobRunner({ db: database.db, handlers, clock, pollMs: 0, batch: 3 });
    const [a, b] = await Promise.all([one.runDueNow(), two.runDueNow()]);
    await Promise.all([one.stop(), two.stop()]);
    expect(a + b).toBe(40);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    if (kind === 'postgres') expect(Math.min(a, b)).toBeGreaterThan(0);
  });

  it('combines jobs a handler allows to be combined: by key, up to its limit, done or retried together', async () => {
    const clock = fakeClock(start);
    const runs: { kind: string; items: number[] }[] = [];
    let failNext = false;
    const Payload = z.object({ kind: z.string(), items: z.array(z.number()) });
    const handlers: JobHandlers = {
      pile: defineJob(
        Payload,
        async (p) => {
          if (failNext) {
            failNext = false;
            throw new Error('storage hiccup');
          }
          runs.push(p);
        },
        {
          key: (p) => p.kind,
          size: (p) => p.items.length,
          limit: 5,
          combine: (ps) => ({ kind: ps[0]?.kind ?? '', items: ps.flatMap((p) => p.items) }),
        },
      ),
    };
    const pile = (kind: string, items: number[]) =>
      enqueue(database.db, { orgId: org.orgId, queue: 'pile', payload: { kind, items }, runAt: start });
    // a:[1,2] a:[3] b:[4] a:[5,6] a:[7]: a's first three fit in 5 (1,2,3,5,6), the fourth (7) does not.
    await pile('a', [1, 2]);
    await pile('a', [3]);
    await pile('b', [4]);
    await pile('a', [5, 6]);
    await pile('a', [7]);
    const runner = startJobRunner({ db: database.db, handlers, clock, pollMs: 0 });
    expect(await runner.runDueNow()).toBe(5);
    expect(runs).toEqual([
      { kind: 'a', items: [1, 2, 3, 5, 6] },
      { kind: 'b', items: [4] },
      { kind: 'a', items: [7] },
    ]);
    const open = async () =>
      (
        await query<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from jobs where org_id = ${org.orgId} and queue = 'pile' and done_at is null`,
        )
      )[0]?.n;
    expect(await open()).toBe(0);

    // A combined run that fails leaves each of its jobs to be retried after the backoff.
    await pile('c', [8]);
    await pile('c', [9]);
    failNext = true;
    expect(await runner.runDueNow()).toBe(2);
    const retried = await query<{ attempts: number; last_error: string }>(
      database.db,
      sql`select attempts, last_error from jobs where org_id = ${org.orgId} and queue = 'pile' and done_at is null`,
    );
    expect(retried).toHaveLength(2);
    expect(retried.every((j) => j.attempts === 1 && j.last_error.includes('storage hiccup'))).toBe(true);
    clock.advance(backoffMs(1));
    expect(await runner.runDueNow()).toBe(2);
    expect(runs.at(-1)?.kind).toBe('c');
    expect(runs.at(-1)?.items.sort()).toEqual([8, 9]);
    expect(await open()).toBe(0);
    await runner.stop();
  });

  it('retries a failing job with exponential backoff, then keeps it as a dead letter with its error', async () => {
    const clock = fakeClock(start);
    let calls = 0;
    const handlers: JobHandlers = {
      flaky: defineJob(z.object({}), async () => {
        calls++;
        throw new Error(`SMTP timeout #${calls}`);
      }),
    };
    const runner = startJobRunner({ db: database.db, handlers, clock, pollMs: 0 });
    const id = await enqueue(database.db, {
      orgId: org.orgId,
      queue: 'flaky',
      payload: {},
      runAt: start,
      maxAttempts: 3,
    });
    if (!id) throw new Error('not enqueued');
    expect(await runner.runDueNow()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ attempts: 1, done_at: null, dead_at: null });
    // Not before the first backoff (30 s) has passed.
    clock.advance(backoffMs(1) - 1000);
    expect(await runner.runDueNow()).toBe(0);
    clock.advance(1000);
    expect(await runner.runDueNow()).toBe(1);
    clock.advance(backoffMs(2) - 1000);
    expect(await runner.runDueNow()).toBe(0);
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    clock.advance(1000);
    expect(await runner.runDueNow()).toBe(1);
    const dead = await jobRow(id);
    expect(dead?.attempts).toBe(3);
    expect(dead?.dead_at).not.toBeNull();
    expect(dead?.last_error).toContain('SMTP timeout #3');
    clock.advance(minutes(600));
    expect(await runner.runDueNow()).toBe(0);
    expect(calls).toBe(3);
    await runner.stop();

    // Admins see it; people without audit:read do not.
    const { app } = await buildTestApp(database);
    try {
      const admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
      const list = await admin.request('GET', '/api/v1/jobs/dead');
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toContainEqual(
        expect.objectContaining({
          id,
          queue: 'flaky',
          attempts: 3,
          lastError: expect.stringContaining('#3'),
        }),
      );
      const manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
      expect((await manager.request('GET', '/api/v1/jobs/dead')).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('moves a job with an invalid payload straight to the dead letters', async () => {
    const runner = startJobRunner({
      db: database.db,
      handlers: { strict: defineJob(z.object({ n: z.number() }), async () => {}) },
      clock: fakeClock(start),
      pollMs: 0,
    });
    const id = await enqueue(database.db, {
      orgId: org.orgId,
      queue: 'strict',
      payload: { n: 'x' },
      runAt: start,
    });
    if (!id) throw new Error('not enqueued');
    await runner.runDueNow();
    await runner.stop();
    expect((await jobRow(id))?.attempts).toBe(1);
    expect((await jobRow(id))?.last_error).toMatch(/invalid payload/);
  });

  it('keeps a job across a restart: a new runner on the same database runs it when due', async () => {
    const clock = fakeClock(start);
    const ran: string[] = [];
    const handlers: JobHandlers = {
      remind: defineJob(z.object({ who: z.string() }), async (p) => void ran.push(p.who)),
    };
    const before = startJobRunner({ db: database.db, handlers, clock, pollMs: 0 });
    await enqueue(database.db, {
      orgId: org.orgId,
      queue: 'remind',
      payload: { who: 'Amara' },
      runAt: new Date(start.getTime() + minutes(3 * 24 * 60)),
    });
    expect(await before.runDueNow()).toBe(0);
    await before.stop();

    clock.advance(minutes(3 * 24 * 60));
    const after = startJobRunner({ db: database.db, handlers, clock, pollMs: 0 });
    expect(await after.runDueNow()).toBe(1);
    expect(ran).toEqual(['Amara']);
    await after.stop();
  });

  it('polls by itself and takes over a job whose runner died holding its lease', async () => {
    const clock = fakeClock(start);
    const id = await enqueue(database.db, { orgId: org.orgId, queue: 'lease', payload: {}, runAt: start });
    // A runner that claimed the job and then "died": the lease says it is taken for 5 minutes.
    await database.db.execute(
      sql`update jobs set attempts = 1, locked_until = ${new Date(start.getTime() + minutes(5)).toISOString()}::timestamptz
          where org_id = ${org.orgId} and id = ${id}`,
    );
    let runs = 0;
    const runner = startJobRunner({
      db: database.db,
      handlers: { lease: defineJob(z.object({}), async () => void runs++) },
      clock,
      pollMs: 20,
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(runs).toBe(0);
    clock.advance(minutes(5));
    for (let i = 0; i < 50 && runs === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    expect(runs).toBe(1);
    expect((await jobRow(id ?? ''))?.attempts).toBe(2);
  });

  it('create-admin schedules a new organisation’s daily jobs at once, so a running server needs no restart', async () => {
    const said = await runOperation(
      database,
      'create-admin',
      { org: 'brand-new', orgName: 'Brand New', email: 'first@brand-new.example', name: 'First Admin' },
      () => {},
    );
    expect(said).toContain('Admin ready in Brand New');
    const queues = await query<{ queue: string }>(
      database.db,
      sql`select distinct j.queue from jobs j join organisations o on o.id = j.org_id
          where o.slug = 'brand-new' and j.done_at is null order by j.queue`,
    );
    expect(queues.map((q) => q.queue)).toEqual(
      [ANALYTICS_DIGEST, TARGET_CELEBRATIONS, TRAINING_RULES].sort(),
    );
  });
});
