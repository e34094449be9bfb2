import { type SQL, sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../server/pagination.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { DrillDownQuery, DrillDownView } from './analytics.api.ts';
import { appliedFilters, resolveScope } from './scope.ts';
import { kindOfMetric, responseConditions } from './tallies.ts';

/** The responses in one slice of a figure, in the same terms the rollups count them. */
const CATEGORY: Record<NonNullable<DrillDownQuery['category']>, SQL> = {
  promoter: sql`s.kind = 'nps' and r.score >= 9`,
  passive: sql`s.kind = 'nps' and r.score between 7 and 8`,
  detractor: sql`s.kind = 'nps' and r.score <= 6`,
  satisfied: sql`s.kind = 'csat' and r.score >= 4`,
  unsatisfied: sql`s.kind = 'csat' and r.score < 4`,
  scored: sql`r.score is not null`,
};

/**
 * The responses behind any figure: the same filters as the figure (dates in the organisation's
 * time zone, team with sub-teams, channel, survey, segment), plus the person, the metric's survey
 * kind and the slice (detractors…). `total` equals the figure's n; items come newest first.
 */
export async function drillDown(ctx: Ctx, q: DrillDownQuery): Promise<DrillDownView> {
  // People may always read what customers said about themselves (their own employee view).
  const self =
    ctx.actor.type === 'user' && q.employeeId !== undefined && ctx.actor.employeeId === q.employeeId;
  if (!self) {
    authorize(ctx, 'analytics:read');
    authorize(ctx, 'responses:read');
  }
  const scope = await resolveScope(ctx.db, ctx.orgId, q);
  const conditions: SQL[] = [sql`r.org_id = ${ctx.orgId}`, responseConditions(scope)];
  if (q.employeeId)
    conditions.push(sql`exists (select 1 from response_employees re where re.org_id = r.org_id
      and re.response_id = r.id and re.employee_id = ${q.employeeId})`);
  if (q.metric) conditions.push(sql`s.kind = ${kindOfMetric(q.metric)}`);
  if (q.category) conditions.push(CATEGORY[q.category]);
  const where = sql.join(conditions, sql` and `);
  const from = sql`from responses r join surveys s on s.org_id = r.org_id and s.id = r.survey_id`;
  let after = sql`true`;
  if (q.cursor) {
    const cursor = decodeCursor(q.cursor);
    after = sql`(r.submitted_at, r.id) < (${cursor.k}::timestamptz, ${cursor.id}::uuid)`;
  }
  const [count, rows] = await Promise.all([
    query<{ n: number }>(ctx.db, sql`select count(*)::int as n ${from} where ${where}`),
    query<{
      id: string;
      survey_id: string;
      kind: string;
      submitted_at: string;
      score: number | null;
      comment: string | null;
      team_id: string | null;
      channel: string | null;
      customer_id: string | null;
      employee_ids: string[] | null;
    }>(
      ctx.db,
      sql`select r.id, r.survey_id, s.kind, to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as submitted_at,
            r.score, r.comment, r.team_id, r.channel, r.customer_id,
            array(select re.employee_id::text from response_employees re
              where re.org_id = r.org_id and re.response_id = r.id order by re.employee_id) as employee_ids
          ${from} where ${where} and ${after}
          order by r.submitted_at desc, r.id desc limit ${q.limit + 1}`,
    ),
  ]);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    filters: appliedFilters(scope),
    total: count[0]?.n ?? 0,
    items: page.map((r) => ({
      id: r.id,
      surveyId: r.survey_id,
      surveyKind: r.kind,
      submittedAt: r.submitted_at,
      score: r.score,
      comment: r.comment,
      teamId: r.team_id,
      channel: r.channel,
      customerId: r.customer_id,
      employeeIds: r.employee_ids ?? [],
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.submitted_at, id: last.id }) : null,
  };
}
