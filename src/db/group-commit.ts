import type { Db } from './client.ts';

/**
 * Group commit: writes that arrive while a transaction is committing wait and then share the next
 * one, so many small writes cost one commit (one WAL flush) between them. A failing write does
 * not undo the others (the batch is then redone with a savepoint per write); each caller's promise
 * settles only after the shared transaction has committed, so an acknowledged write is durable.
 */
export interface GroupCommitter {
  run<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /** Waits for everything queued so far. */
  drain(): Promise<void>;
}

interface Pending {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export function createGroupCommitter(
  db: Db,
  options: { maxBatch?: number; maxConcurrent?: number } = {},
): GroupCommitter {
  const maxBatch = options.maxBatch ?? 256;
  const maxConcurrent = options.maxConcurrent ?? 1;
  let queue: Pending[] = [];
  let running = 0;
  const idle: (() => void)[] = [];

  async function flush(batch: Pending[]): Promise<void> {
    // Optimistic first: every write straight in one transaction, no savepoints (two statements
    // fewer per write). Writes are validated before they queue, so this almost always commits.
    try {
      const values: unknown[] = [];
      await db.transaction(async (tx) => {
        for (const item of batch) values.push(await item.work(tx as unknown as Db));
      });
      for (const [i, item] of batch.entries()) item.resolve(values[i]);
      return;
    } catch {
      // One write failed and took the transaction with it: redo the batch, each write in its own
      // savepoint, so only the failing one fails.
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await db.transaction(async (tx) => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction((sp) => item.work(sp as unknown as Db)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing in this batch is stored, so nobody may be told it is.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }

  function pump(): void {
    while (running < maxConcurrent && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      running++;
      void flush(batch).finally(() => {
        running--;
        if (queue.length > 0) pump();
        else if (running === 0) for (const resolve of idle.splice(0)) resolve();
      });
    }
  }

  return {
    run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
        // Deferred a tick so writes arriving in the same event-loop turn share the first batch.
        if (running < maxConcurrent) setImmediate(pump);
      });
    },
    drain() {
      if (queue.length === 0 && running === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
