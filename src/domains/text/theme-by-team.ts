import { sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';

/**
 * Per team, how many of its responses in [since, until] have an analysed comment, and how many of
 * those are negative and carry the theme: what the text analysis says about a team, for rules in
 * other capabilities (training assignment by theme) that must not read the text tables themselves.
 */
export async function negativeThemeByTeam(
  db: Db,
  orgId: string,
  theme: string,
  since: Date,
  until: Date,
): Promise<{ teamId: string; comments: number; negative: number }[]> {
  const rows = await query<{ team_id: string; comments: number; negative: number }>(
    db,
    sql`select r.team_id, count(*)::int as comments,
          count(*) filter (where rt.sentiment = 'negative' and ${theme} = any(rt.themes))::int as negative
        from responses r
        join response_text rt on rt.org_id = r.org_id and rt.response_id = r.id
        where r.org_id = ${orgId} and r.team_id is not null
          and r.submitted_at >= ${since.toISOString()}::timestamptz and r.submitted_at <= ${until.toISOString()}::timestamptz
        group by r.team_id
        order by r.team_id`,
  );
  return rows.map((r) => ({ teamId: r.team_id, comments: r.comments, negative: r.negative }));
}
