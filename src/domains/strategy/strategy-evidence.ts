import { sql } from 'drizzle-orm';
import { type LocalDays, within } from '../../db/activity-window.ts';
import { type Db, query } from '../../db/client.ts';

/**
 * Whether the strategy is written down and reached people, over some local days: the strategy
 * domain's figures for the climate self-assessment ("What is the overall strategy? How is it
 * communicated?"). Organisation-wide counts only.
 */
export interface StrategyEvidence {
  /** The newest published version (whenever it was published), or null when none is. */
  latest: { number: number; publishedAt: string; priorities: number; targets: number } | null;
  /** People asked to acknowledge something published in the period, and how many have. */
  asked: number;
  acknowledged: number;
  /** Of them, how many answered its quiz, and their mean score (0–1). */
  quizAnswered: number;
  quizMeanScore: number | null;
}

export async function strategyEvidence(db: Db, orgId: string, days: LocalDays): Promise<StrategyEvidence> {
  const [latest] = await query<{
    number: number;
    published_at: Date | string;
    priorities: number;
    targets: number;
  }>(
    db,
    sql`select number, published_at, jsonb_array_length(coalesce(content -> 'priorities', '[]'::jsonb))::int as priorities,
          jsonb_array_length(coalesce(content -> 'targets', '[]'::jsonb))::int as targets
        from strategy_versions where org_id = ${orgId} order by number desc limit 1`,
  );
  const [reach] = await query<{
    asked: number;
    acknowledged: number;
    quiz_answered: number;
    quiz_mean: number | null;
  }>(
    db,
    sql`select count(*)::int as asked, count(ack.acknowledged_at)::int as acknowledged,
          count(ack.quiz_score)::int as quiz_answered, avg(ack.quiz_score)::float8 as quiz_mean
        from strategy_acknowledgements ack
        join strategy_announcements a on a.org_id = ack.org_id and a.id = ack.announcement_id
        where ack.org_id = ${orgId} and a.requires_acknowledgement and ${within(sql`a.published_at`, days)}`,
  );
  return {
    latest: latest
      ? {
          number: latest.number,
          publishedAt: new Date(latest.published_at).toISOString(),
          priorities: latest.priorities,
          targets: latest.targets,
        }
      : null,
    asked: reach?.asked ?? 0,
    acknowledged: reach?.acknowledged ?? 0,
    quizAnswered: reach?.quiz_answered ?? 0,
    quizMeanScore: reach?.quiz_mean ?? null,
  };
}
