import { type Db, query, sql } from '../../db/client.ts';
import { AppError } from '../../server/errors.ts';

export interface RateRule {
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in the database, so every app process behind a load balancer shares them.
 * Counts the attempt and throws RATE_LIMITED once a window's limit is passed.
 */
export async function hitRateLimit(db: Db, rule: RateRule, now = new Date()): Promise<void> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await query<{ count: number }>(
    db,
    sql`insert into rate_limit_counters (bucket, window_start, count)
        values (${rule.bucket}, ${windowStart.toISOString()}, 1)
        on conflict (bucket, window_start) do update set count = rate_limit_counters.count + 1
        returning count`,
  );
  const count = rows[0]?.count ?? 1;
  if (count > rule.limit) {
    const retryAfter = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
    throw new AppError('RATE_LIMITED', 'Too many attempts; try again later', {
      retryAfterSeconds: retryAfter,
    });
  }
}

/** Old windows are useless; sign-in calls this now and then to keep the table small. */
export async function pruneRateLimits(db: Db, olderThan: Date): Promise<void> {
  await db.execute(sql`delete from rate_limit_counters where window_start < ${olderThan.toISOString()}`);
}
