import { and, eq, type SQL, sql } from 'drizzle-orm';
import { anyUuid, type Db, query } from '../../db/client.ts';
import { responses } from '../responses/responses.tables.ts';
import {
  ALL_CHANNELS,
  ALL_EMPLOYEES,
  ALL_TEAMS,
  BY_CHANNEL_LAYER,
  BY_TEAM_LAYER,
  NO_TEAM,
} from './analytics.tables.ts';

/**
 * One response entering (+1) or leaving (−1) the rollups. An amendment is its old self with −1
 * and its new self with +1; an erasure is −1.
 */
export interface RollupChange {
  orgId: string;
  surveyId: string;
  submittedAt: Date;
  teamId: string | null;
  channel: string | null;
  employeeIds: readonly string[];
  score: number | null;
  sign: 1 | -1;
}

// In the primary key's order (migration 0022): upserts sorted by it lock rows in one order and
// walk the index forward.
const KEY = 'org_id, employee_id, grain, survey_id, period, team_id, channel';
const MEASURES =
  'responses, scored, promoters, passives, detractors, score_sum, score_sq_sum, satisfied, ces_sum';

/**
 * Rows of (org_id, submitted_at, survey_id, team_id, channel, employee_id, score, sign) — one per
 * response for "all employees" plus one per credited employee — grouped into day rows in the
 * organisation's time zone. The single definition of what a rollup counts: the write path, the
 * rebuild and the tests' recomputation all go through it. A survey's kind never changes, so
 * the kind-specific counts depend only on the response row.
 */
function dayRowsFrom(facts: SQL): SQL {
  return sql`
    select f.org_id, f.employee_id, 'day'::text as grain,
      (f.submitted_at at time zone o.time_zone)::date as period,
      f.survey_id, coalesce(f.team_id, ${NO_TEAM}::uuid) as team_id, coalesce(f.channel, '')::text as channel,
      sum(f.sign) as responses,
      sum(case when f.score is not null then f.sign else 0 end) as scored,
      sum(case when s.kind = 'nps' and f.score >= 9 then f.sign else 0 end) as promoters,
      sum(case when s.kind = 'nps' and f.score between 7 and 8 then f.sign else 0 end) as passives,
      sum(case when s.kind = 'nps' and f.score <= 6 then f.sign else 0 end) as detractors,
      sum(f.sign * coalesce(f.score, 0)) as score_sum,
      sum(f.sign * coalesce(f.score, 0) * coalesce(f.score, 0)) as score_sq_sum,
      sum(case when s.kind = 'csat' and f.score >= 4 then f.sign else 0 end) as satisfied,
      sum(case when s.kind = 'ces' then f.sign * coalesce(f.score, 0) else 0 end) as ces_sum
    from (${facts}) f
    join organisations o on o.id = f.org_id
    join surveys s on s.org_id = f.org_id and s.id = f.survey_id
    group by 1, 2, 3, 4, 5, 6, 7`;
}

/**
 * Day rows plus their two coarser "all employees" layers (analytics.tables.ts): per team over all
 * channels and per channel over all teams, summed from the "all employees" rows.
 */
function withLayers(dayRows: SQL): SQL {
  const sums = sql.raw(
    MEASURES.split(', ')
      .map((m) => `sum(d.${m}) as ${m}`)
      .join(', '),
  );
  return sql`
    select * from (
      with d as (${dayRows})
      select * from d
      union all
      select d.org_id, ${BY_TEAM_LAYER}::uuid, d.grain, d.period, d.survey_id, d.team_id, ${ALL_CHANNELS}::text, ${sums}
      from d where d.employee_id = ${ALL_EMPLOYEES}::uuid group by 1, 2, 3, 4, 5, 6, 7
      union all
      select d.org_id, ${BY_CHANNEL_LAYER}::uuid, d.grain, d.period, d.survey_id, ${ALL_TEAMS}::uuid, d.channel, ${sums}
      from d where d.employee_id = ${ALL_EMPLOYEES}::uuid group by 1, 2, 3, 4, 5, 6, 7) layered`;
}

/** Day rows re-grouped into the week (ISO, from Monday) and the month that contain each day. */
function coarserRowsFrom(dayRows: SQL): SQL {
  return sql`
    select d.org_id, d.employee_id, g.grain,
      date_trunc(g.grain, d.period::timestamp)::date as period,
      d.survey_id, d.team_id, d.channel,
      sum(d.responses) as responses, sum(d.scored) as scored, sum(d.promoters) as promoters,
      sum(d.passives) as passives, sum(d.detractors) as detractors, sum(d.score_sum) as score_sum,
      sum(d.score_sq_sum) as score_sq_sum, sum(d.satisfied) as satisfied, sum(d.ces_sum) as ces_sum
    from (${dayRows}) d
    cross join (values ('week'), ('month')) as g(grain)
    group by 1, 2, 3, 4, 5, 6, 7`;
}

/** Facts of an organisation's stored responses (`only`: a further condition on response `r`). */
function factsOfStored(orgId: string, only: SQL = sql`true`): SQL {
  return sql`
    select r.org_id, r.submitted_at, r.survey_id, r.team_id, r.channel, ${ALL_EMPLOYEES}::uuid as employee_id,
      r.score, 1 as sign
    from responses r where r.org_id = ${orgId} and ${only}
    union all
    select r.org_id, r.submitted_at, r.survey_id, r.team_id, r.channel, re.employee_id, r.score, 1 as sign
    from response_employees re
    join responses r on r.org_id = re.org_id and r.id = re.response_id
    where re.org_id = ${orgId} and ${only}`;
}

/**
 * Applies many responses' changes to the rollups in one statement: one multi-row
 * `insert … on conflict do update`, its rows in key order so that concurrent transactions lock
 * rollup rows in the same order and cannot deadlock on each other within it. Rows that drop to
 * zero responses are deleted, so the rollups hold exactly what a recomputation would. Call it in
 * the transaction that writes the responses, once per batch.
 */
export async function applyRollupChanges(tx: Db, changes: readonly RollupChange[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.every((c) => c.sign > 0)) {
    await tx.execute(rollupAdditions(changes));
    return;
  }
  const rows = await query<{ [k: string]: unknown; responses: number }>(
    tx,
    sql`${rollupUpsert(changes)} returning ${sql.raw(KEY.replace('period', 'period::text as period'))}, responses`,
  );
  const emptied = rows.filter((r) => Number(r.responses) === 0);
  if (emptied.length === 0) return;
  await tx.execute(sql`
    delete from analytics_rollups a
    using jsonb_to_recordset(${JSON.stringify(emptied)}::jsonb) as k(org_id uuid, employee_id uuid, grain text,
      period date, survey_id uuid, team_id uuid, channel text)
    where a.org_id = k.org_id and a.employee_id = k.employee_id and a.grain = k.grain and a.period = k.period
      and a.survey_id = k.survey_id and a.team_id = k.team_id and a.channel = k.channel and a.responses = 0`);
}

/**
 * The statement that adds new responses (every change's sign +1) to the rollups, for a caller
 * that runs it as part of a larger statement (the response batch writes its responses, their
 * rollups and their pipeline job in one round trip). Nothing can drop to zero, so nothing is deleted.
 */
export function rollupAdditions(changes: readonly RollupChange[]): SQL {
  if (changes.some((c) => c.sign < 0)) throw new Error('rollupAdditions takes additions only');
  return rollupUpsert(changes);
}

function rollupUpsert(changes: readonly RollupChange[]): SQL {
  const payload = JSON.stringify(
    changes.map((c) => ({
      org_id: c.orgId,
      survey_id: c.surveyId,
      submitted_at: c.submittedAt.toISOString(),
      team_id: c.teamId,
      channel: c.channel,
      employee_ids: c.employeeIds,
      score: c.score,
      sign: c.sign,
    })),
  );
  const facts = sql`
    select c.org_id, c.submitted_at, c.survey_id, c.team_id, c.channel, e.employee_id, c.score, c.sign
    from jsonb_to_recordset(${payload}::jsonb) as c(org_id uuid, submitted_at timestamptz, survey_id uuid,
      team_id uuid, channel text, employee_ids uuid[], score integer, sign integer)
    cross join lateral unnest(array[${ALL_EMPLOYEES}::uuid] || coalesce(c.employee_ids, '{}'::uuid[])) as e(employee_id)`;
  return sql`
    with day_rows as (${withLayers(dayRowsFrom(facts))}),
    all_rows as (select * from day_rows union all ${coarserRowsFrom(sql`select * from day_rows`)})
    insert into analytics_rollups (${sql.raw(KEY)}, ${sql.raw(MEASURES)})
    select ${sql.raw(KEY)}, ${sql.raw(MEASURES)} from all_rows
    where (${sql.raw(MEASURES.replaceAll(',', ' <> 0 or'))} <> 0)
    order by ${sql.raw(KEY)}
    on conflict (${sql.raw(KEY)}) do update set
      responses = analytics_rollups.responses + excluded.responses,
      scored = analytics_rollups.scored + excluded.scored,
      promoters = analytics_rollups.promoters + excluded.promoters,
      passives = analytics_rollups.passives + excluded.passives,
      detractors = analytics_rollups.detractors + excluded.detractors,
      score_sum = analytics_rollups.score_sum + excluded.score_sum,
      score_sq_sum = analytics_rollups.score_sq_sum + excluded.score_sq_sum,
      satisfied = analytics_rollups.satisfied + excluded.satisfied,
      ces_sum = analytics_rollups.ces_sum + excluded.ces_sum`;
}

/** The rollup changes that would add these stored responses (negate them to take them out). */
export async function rollupChangesOf(
  tx: Db,
  orgId: string,
  responseIds: readonly string[],
  sign: 1 | -1 = 1,
): Promise<RollupChange[]> {
  if (responseIds.length === 0) return [];
  const rows = await tx
    .select({
      surveyId: responses.surveyId,
      submittedAt: responses.submittedAt,
      teamId: responses.teamId,
      channel: responses.channel,
      score: responses.score,
      employeeIds: sql<string[]>`coalesce((select array_agg(re.employee_id) from response_employees re
        where re.org_id = "responses"."org_id" and re.response_id = "responses"."id"), '{}')`,
    })
    .from(responses)
    .where(and(eq(responses.orgId, orgId), sql`${responses.id} = ${anyUuid(responseIds)}`));
  return rows.map((r) => ({ ...r, orgId, sign }));
}

/**
 * Recomputes one organisation's rollups from its raw responses, in the caller's transaction:
 * for after a bulk load (demo, benchmark) or to repair. Writers to `responses` wait while it runs
 * (a SHARE lock), so no response can be counted twice or missed.
 */
export async function rebuildRollups(tx: Db, orgId: string): Promise<{ rows: number }> {
  await tx.execute(sql`lock table responses, response_employees in share mode`);
  await tx.execute(sql`delete from analytics_rollups where org_id = ${orgId}`);
  await tx.execute(sql`
    insert into analytics_rollups (${sql.raw(KEY)}, ${sql.raw(MEASURES)})
    select ${sql.raw(KEY)}, ${sql.raw(MEASURES)} from (${withLayers(dayRowsFrom(factsOfStored(orgId)))}) d`);
  await tx.execute(sql`
    insert into analytics_rollups (${sql.raw(KEY)}, ${sql.raw(MEASURES)})
    select ${sql.raw(KEY)}, ${sql.raw(MEASURES)} from (${coarserRowsFrom(
      sql`select * from analytics_rollups where org_id = ${orgId} and grain = 'day'`,
    )}) c`);
  const [count] = await query<{ n: number }>(
    tx,
    sql`select count(*)::int as n from analytics_rollups where org_id = ${orgId}`,
  );
  return { rows: count?.n ?? 0 };
}

/**
 * Day rows computed from raw responses instead of read from the rollups, in the same shape and by
 * the same definition: for filters the rollups do not have (a customer segment).
 */
export const dayRowsOfResponses = (orgId: string, only: SQL): SQL => dayRowsFrom(factsOfStored(orgId, only));

export interface RollupRow {
  key: string;
  measures: string;
}

/**
 * Every rollup row of an organisation as text, and the same recomputed from raw responses: the
 * property test demands the two are equal.
 */
export async function rollupsAndRecomputation(
  db: Db,
  orgId: string,
): Promise<{ stored: RollupRow[]; recomputed: RollupRow[] }> {
  const asText = (from: SQL) => sql`
    select concat_ws('|', employee_id, grain, period, survey_id, team_id, channel) as key,
      concat_ws('|', ${sql.raw(MEASURES)}) as measures
    from (${from}) x order by 1`;
  const stored = await query<RollupRow>(
    db,
    asText(sql`select * from analytics_rollups where org_id = ${orgId}`),
  );
  const recomputed = await query<RollupRow>(
    db,
    asText(sql`
      with day_rows as (${withLayers(dayRowsFrom(factsOfStored(orgId)))})
      select * from day_rows union all ${coarserRowsFrom(sql`select * from day_rows`)}`),
  );
  return { stored, recomputed };
}
