import type { SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { type Db, query, sql } from '../db/client.ts';
import { authorize, type Ctx } from '../domains/auth/context.ts';

/**
 * Durable background jobs in the `jobs` table (docs/decisions/005-jobs-in-our-own-table.md).
 * Delivery is at least once, so every handler must be idempotent.
 */

/** Where "now" comes from: the real clock, or a test's hand-moved one. */
export interface Clock {
  now(): Date;
}
export const realClock: Clock = { now: () => new Date() };

export interface JobContext {
  db: Db;
  orgId: string;
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  clock: Clock;
}

/**
 * Jobs of one organisation and queue that may run as one, their payloads combined: many small jobs
 * (one per group commit of responses, say) then cost one run's statements instead of one each.
 */
export interface JobMerge<P> {
  /** Only payloads with the same key are combined. */
  key(payload: P): string;
  /** How much work a payload holds; a combined run holds at most `limit`. */
  size(payload: P): number;
  limit: number;
  combine(payloads: P[]): P;
}

/** A queue's handler: its payload schema and what to do. Build one with `defineJob`. */
export interface JobHandler {
  payload: z.ZodType;
  run(payload: unknown, job: JobContext): Promise<void>;
  merge?: JobMerge<unknown>;
}

export function defineJob<S extends z.ZodType>(
  payload: S,
  run: (payload: z.output<S>, job: JobContext) => Promise<void>,
  merge?: JobMerge<z.output<S>>,
): JobHandler {
  return {
    payload,
    run: (p, job) => run(p as z.output<S>, job),
    ...(merge ? { merge: merge as JobMerge<unknown> } : {}),
  };
}

export type JobHandlers = Record<string, JobHandler>;

export interface EnqueueInput {
  orgId: string;
  queue: string;
  payload: unknown;
  /** Defaults to now (the real clock). */
  runAt?: Date;
  /** One job per (organisation, queue, key), ever: a second enqueue with the key does nothing. */
  singletonKey?: string | null;
  maxAttempts?: number;
}

/** Adds a job inside the caller's transaction; returns its id, or null when the singleton exists. */
export async function enqueue(db: Db, input: EnqueueInput): Promise<string | null> {
  const rows = await query<{ id: string }>(db, enqueueStatement(input));
  return rows[0]?.id ?? null;
}

/** The insert that `enqueue` runs, for a caller that makes it part of a larger statement. */
export function enqueueStatement(input: EnqueueInput): SQL {
  return sql`insert into jobs (org_id, id, queue, payload, run_at, max_attempts, singleton_key)
      values (${input.orgId}, ${uuidv7()}, ${input.queue}, ${JSON.stringify(input.payload ?? {})}::jsonb,
              ${(input.runAt ?? new Date()).toISOString()}::timestamptz, ${input.maxAttempts ?? 5},
              ${input.singletonKey ?? null})
      on conflict (org_id, queue, singleton_key) where singleton_key is not null do nothing
      returning id`;
}

/** Wait before retry `attempt` (1-based): 30 s, 1 min, 2 min, … at most an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

interface ClaimedJob {
  org_id: string;
  id: string;
  run_at: number;
  queue: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface JobRunnerOptions {
  db: Db;
  handlers: JobHandlers;
  clock?: Clock;
  /** How often to look for due jobs; 0 polls never (tests call runDueNow). Default 1 s. */
  pollMs?: number;
  /** Jobs claimed per round trip. Default 10. */
  batch?: number;
  /** How long a claimed job stays ours before another runner may take it. Default 5 min. */
  leaseMs?: number;
  log?: (message: string, err?: unknown) => void;
}

export interface JobRunner {
  stop(): Promise<void>;
  /** Runs every job due now (by the clock), returning how many ran. Calls take turns. */
  runDueNow(): Promise<number>;
}

const iso = (d: Date) => d.toISOString();

export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, handlers } = options;
  const clock = options.clock ?? realClock;
  const batch = options.batch ?? 10;
  const leaseMs = options.leaseMs ?? 300_000;
  const log = options.log ?? (() => {});
  const queues = Object.keys(handlers);

  async function claim(): Promise<ClaimedJob[]> {
    if (queues.length === 0) return [];
    const now = clock.now();
    // skip locked: concurrent runners (other processes) each claim different jobs.
    return query<ClaimedJob>(
      db,
      sql`update jobs set attempts = attempts + 1, locked_until = ${iso(new Date(now.getTime() + leaseMs))}::timestamptz
          where (org_id, id) in (
            select org_id, id from jobs
            where done_at is null and dead_at is null and run_at <= ${iso(now)}::timestamptz
              and (locked_until is null or locked_until <= ${iso(now)}::timestamptz)
              and queue in (${sql.join(
                queues.map((q) => sql`${q}`),
                sql`, `,
              )})
            order by run_at, id
            limit ${batch}
            for update skip locked)
          returning org_id, id, queue, payload, attempts, max_attempts, extract(epoch from run_at)::float8 as run_at`,
    ).then((jobs) =>
      // Oldest first (update … returning does not keep the subquery's order); uuidv7 ids break ties.
      jobs.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id < b.id ? -1 : 1)),
    );
  }

  /** This attempt's row: only its holder may settle it (a lease taken over moved attempts on). */
  const attemptOf = (job: ClaimedJob) =>
    sql`org_id = ${job.org_id} and id = ${job.id} and attempts = ${job.attempts}`;

  /** Settles a job whose run failed: retried after a backoff, or a dead letter after its last attempt. */
  async function failed(job: ClaimedJob, err: unknown): Promise<void> {
    const mine = attemptOf(job);
    const message = (err instanceof Error ? err.stack || err.message : String(err)).slice(0, 4000);
    const now = clock.now();
    if (job.attempts >= job.max_attempts) {
      log(`job ${job.queue} ${job.id} failed ${job.attempts} times; moved to the dead letters`, err);
      await db.execute(sql`update jobs set dead_at = ${iso(now)}::timestamptz, locked_until = null,
          last_error = ${message} where ${mine}`);
    } else {
      const retryAt = new Date(now.getTime() + backoffMs(job.attempts));
      await db.execute(sql`update jobs set run_at = ${iso(retryAt)}::timestamptz, locked_until = null,
          last_error = ${message} where ${mine}`);
    }
  }

  /**
   * Runs one job, or several of one queue and organisation as one (their payloads combined by the
   * handler's `merge`): done together, or each retried (or dead) with the same error.
   */
  async function runGroup(handler: JobHandler, jobs: readonly { job: ClaimedJob; payload: unknown }[]) {
    const first = jobs[0];
    if (!first) return;
    const payload =
      jobs.length > 1 && handler.merge ? handler.merge.combine(jobs.map((j) => j.payload)) : first.payload;
    try {
      await handler.run(payload, {
        db,
        orgId: first.job.org_id,
        jobId: first.job.id,
        attempt: Math.max(...jobs.map((j) => j.job.attempts)),
        clock,
      });
    } catch (err) {
      for (const { job } of jobs) await failed(job, err);
      return;
    }
    // Only the holder of this attempt may settle it (a lease taken over after expiry moved attempts on).
    await db.execute(
      sql`update jobs set done_at = ${iso(clock.now())}::timestamptz, locked_until = null
          where (org_id, id, attempts) in (${sql.join(
            jobs.map(({ job }) => sql`(${job.org_id}::uuid, ${job.id}::uuid, ${job.attempts}::int)`),
            sql`, `,
          )})`,
    );
  }

  /** Runs claimed jobs in order, combining those a handler allows to be combined. */
  async function runClaimed(claimed: readonly ClaimedJob[]): Promise<void> {
    const groups: {
      handler: JobHandler;
      key: string | null;
      size: number;
      jobs: { job: ClaimedJob; payload: unknown }[];
    }[] = [];
    for (const job of claimed) {
      const handler = handlers[job.queue];
      if (!handler) continue;
      const parsed = handler.payload.safeParse(job.payload);
      if (!parsed.success) {
        await db.execute(sql`update jobs set dead_at = ${iso(clock.now())}::timestamptz, locked_until = null,
            last_error = ${`invalid payload: ${parsed.error.message}`} where ${attemptOf(job)}`);
        continue;
      }
      const merge = handler.merge;
      const key = merge ? `${job.org_id}|${job.queue}|${merge.key(parsed.data)}` : null;
      const size = merge ? merge.size(parsed.data) : 0;
      const open =
        key === null ? undefined : groups.find((g) => g.key === key && g.size + size <= (merge?.limit ?? 0));
      if (open) {
        open.jobs.push({ job, payload: parsed.data });
        open.size += size;
      } else groups.push({ handler, key, size, jobs: [{ job, payload: parsed.data }] });
    }
    for (const group of groups) await runGroup(group.handler, group.jobs);
  }

  async function drain(): Promise<number> {
    let ran = 0;
    // Bounded, so one call cannot spin forever on a queue that keeps refilling itself.
    for (let round = 0; round < 100; round++) {
      const claimed = await claim();
      await runClaimed(claimed);
      ran += claimed.length;
      if (claimed.length < batch) break;
    }
    return ran;
  }

  let tail: Promise<unknown> = Promise.resolve();
  const runDueNow = (): Promise<number> => {
    const run = tail.then(drain);
    tail = run.catch(() => undefined);
    return run;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const pollMs = options.pollMs ?? 1000;
  const schedule = () => {
    if (stopped || pollMs <= 0) return;
    timer = setTimeout(() => {
      runDueNow()
        .catch((err: unknown) => log('job runner: could not run due jobs', err))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  };
  schedule();

  return {
    runDueNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tail;
    },
  };
}

export interface DeadJob {
  id: string;
  queue: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  runAt: string;
  deadAt: string;
  createdAt: string;
}

/** The organisation's dead letters, newest first: jobs that gave up, with their last error. */
export async function listDeadJobs(ctx: Ctx, limit = 100): Promise<DeadJob[]> {
  authorize(ctx, 'audit:read');
  const rows = await query<{
    id: string;
    queue: string;
    payload: unknown;
    attempts: number;
    last_error: string | null;
    run_at: Date | string;
    dead_at: Date | string;
    created_at: Date | string;
  }>(
    ctx.db,
    sql`select id, queue, payload, attempts, last_error, run_at, dead_at, created_at from jobs
        where org_id = ${ctx.orgId} and dead_at is not null order by dead_at desc, id desc limit ${limit}`,
  );
  const isoOf = (v: Date | string) => new Date(v).toISOString();
  return rows.map((r) => ({
    id: r.id,
    queue: r.queue,
    payload: r.payload,
    attempts: r.attempts,
    lastError: r.last_error,
    runAt: isoOf(r.run_at),
    deadAt: isoOf(r.dead_at),
    createdAt: isoOf(r.created_at),
  }));
}
