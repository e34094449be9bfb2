import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import type { SurveyKind } from '../surveys/surveys.api.ts';
import { ALL_EMPLOYEES, BY_CHANNEL_LAYER, BY_TEAM_LAYER } from './analytics.tables.ts';
import { dayRowsOfResponses } from './rollups.ts';
import { nextPeriod, periodStart, type Scope } from './scope.ts';
import { addTally, emptyTally, type Metric, type Tally } from './statistics.ts';

export type Bucket = 'total' | 'week' | 'month';
export type TallyKey = 'none' | 'team' | 'employee' | 'employee-team' | 'channel';

/** One survey's sums in one bucket and key (callers add surveys of a kind up with sumBy). */
export interface TallyRow {
  /** The week or month start, or null for the total. */
  bucket: string | null;
  key: string | null;
  kind: SurveyKind;
  tally: Tally;
}

export const metricOfKind = (kind: SurveyKind): Metric => (kind === 'custom' ? 'score' : kind);
export const kindOfMetric = (metric: Metric): SurveyKind => (metric === 'score' ? 'custom' : metric);

const BUCKET: Record<Bucket, SQL> = {
  total: sql`null::date`,
  week: sql`date_trunc('week', r.period::timestamp)::date`,
  month: sql`date_trunc('month', r.period::timestamp)::date`,
};
// Grouped by the native columns (uuid, date): cheaper than text, which sorts by collation.
const KEY: Record<TallyKey, SQL> = {
  none: sql`null::uuid`,
  team: sql`r.team_id`,
  employee: sql`r.employee_id`,
  'employee-team': sql`r.employee_id::text || '|' || r.team_id::text`,
  channel: sql`r.channel`,
};

/**
 * The rollup rows that exactly cover [from, until): whole weeks or months from their coarse rows,
 * the partial ones at either end from day rows. A year of months reads 12 periods' rows however
 * many responses they hold, which is what keeps dashboards flat as volume grows.
 */
function coveringRows(scope: Scope, grain: 'week' | 'month', rowFilter: SQL): SQL {
  const first = periodStart(grain, scope.from);
  const wholeFrom = first === scope.from ? first : nextPeriod(grain, first);
  const wholeUntil = periodStart(grain, scope.until);
  const select = (condition: SQL) =>
    sql`select * from analytics_rollups r where r.org_id = ${scope.orgId} and ${rowFilter} and ${condition}`;
  const days = (from: string, until: string) =>
    select(sql`r.grain = 'day' and r.period >= ${from}::date and r.period < ${until}::date`);
  if (wholeFrom >= wholeUntil) return days(scope.from, scope.until);
  return sql`${select(sql`r.grain = ${grain} and r.period >= ${wholeFrom}::date and r.period < ${wholeUntil}::date`)}
    union all ${days(scope.from, wholeFrom)}
    union all ${days(wholeUntil, scope.until)}`;
}

/**
 * Which "all employees" rows answer a question with the fewest rows (analytics.tables.ts): per team
 * over all channels when no channel matters, per channel over all teams when no team matters, else
 * the full team × channel rows. The raw path (segment) computes only the full rows.
 */
function allEmployeesLayer(scope: Scope, by: TallyKey): string {
  if (scope.segment) return ALL_EMPLOYEES;
  const needsTeam = by === 'team' || scope.teamIds !== null;
  const needsChannel = by === 'channel' || scope.channel !== null;
  if (needsTeam && needsChannel) return ALL_EMPLOYEES;
  return needsTeam ? BY_TEAM_LAYER : BY_CHANNEL_LAYER;
}

/** Conditions on a response `r` for the scope's filters (raw path and drill-down). */
export function responseConditions(scope: Scope): SQL {
  const parts: SQL[] = [
    sql`r.submitted_at >= (${scope.from}::date::timestamp at time zone ${scope.timeZone})`,
    sql`r.submitted_at < (${scope.until}::date::timestamp at time zone ${scope.timeZone})`,
  ];
  if (scope.teamIds) parts.push(scope.teamIds.length ? sql`r.team_id in ${scope.teamIds}` : sql`false`);
  if (scope.channel) parts.push(sql`r.channel = ${scope.channel}`);
  if (scope.surveyId) parts.push(sql`r.survey_id = ${scope.surveyId}`);
  if (scope.segment)
    parts.push(sql`exists (select 1 from customers c where c.org_id = r.org_id and c.id = r.customer_id
      and c.segment = ${scope.segment})`);
  return sql.join(parts, sql` and `);
}

/**
 * Sums of the scope's responses, by period bucket, key and survey kind. From the rollups; from raw
 * responses (same definitions, rollups.ts) when a segment filter is set.
 */
export async function readTallies(
  db: Db,
  scope: Scope,
  options: { bucket: Bucket; by: TallyKey; employeeId?: string; kind?: SurveyKind },
): Promise<TallyRow[]> {
  const employee =
    options.employeeId !== undefined
      ? sql`r.employee_id = ${options.employeeId}`
      : options.by === 'employee' || options.by === 'employee-team'
        ? sql`r.employee_id not in (${ALL_EMPLOYEES}::uuid, ${BY_TEAM_LAYER}::uuid, ${BY_CHANNEL_LAYER}::uuid)`
        : sql`r.employee_id = ${allEmployeesLayer(scope, options.by)}::uuid`;
  const dims: SQL[] = [employee];
  if (scope.teamIds) dims.push(scope.teamIds.length ? sql`r.team_id in ${scope.teamIds}` : sql`false`);
  if (scope.channel) dims.push(sql`r.channel = ${scope.channel}`);
  if (scope.surveyId) dims.push(sql`r.survey_id = ${scope.surveyId}`);
  // Only the surveys of one kind, looked up first so that the ids are an index condition on the
  // rollups (a subquery here is applied only after each row of every kind has been fetched).
  if (options.kind) {
    const ids = await surveyIdsOfKind(db, scope.orgId, options.kind);
    dims.push(ids.length ? sql`r.survey_id in ${ids}` : sql`false`);
  }
  const rowFilter = sql.join(dims, sql` and `);
  const source = scope.segment
    ? sql`select * from (${dayRowsOfResponses(scope.orgId, responseConditions(scope))}) r where ${rowFilter}`
    : coveringRows(scope, options.bucket === 'week' ? 'week' : 'month', rowFilter);
  // Sums in float8, not sum(bigint), which accumulates in numeric and took half of a 4,800-row
  // dashboard query; float8 is exact for integers below 2^53, far beyond any count or sum here.
  const rows = await query<{
    bucket: string | null;
    key: string | null;
    kind: SurveyKind;
    responses: number;
    scored: number;
    promoters: number;
    passives: number;
    detractors: number;
    score_sum: number;
    score_sq_sum: number;
    satisfied: number;
    ces_sum: number;
  }>(
    db,
    sql`select t.bucket::text as bucket, t.key::text as key, s.kind, t.responses, t.scored, t.promoters,
          t.passives, t.detractors, t.score_sum, t.score_sq_sum, t.satisfied, t.ces_sum
        from (
          select ${BUCKET[options.bucket]} as bucket, ${KEY[options.by]} as key, r.survey_id,
            sum(r.responses::float8) as responses, sum(r.scored::float8) as scored,
            sum(r.promoters::float8) as promoters, sum(r.passives::float8) as passives,
            sum(r.detractors::float8) as detractors, sum(r.score_sum::float8) as score_sum,
            sum(r.score_sq_sum::float8) as score_sq_sum, sum(r.satisfied::float8) as satisfied,
            sum(r.ces_sum::float8) as ces_sum
          from (${source}) r
          group by 1, 2, 3) t
        join surveys s on s.org_id = ${scope.orgId} and s.id = t.survey_id`,
  );
  return rows.map((r) => ({
    bucket: r.bucket,
    key: r.key,
    kind: r.kind,
    tally: {
      responses: Number(r.responses),
      scored: Number(r.scored),
      promoters: Number(r.promoters),
      passives: Number(r.passives),
      detractors: Number(r.detractors),
      scoreSum: Number(r.score_sum),
      scoreSqSum: Number(r.score_sq_sum),
      satisfied: Number(r.satisfied),
      cesSum: Number(r.ces_sum),
    },
  }));
}

async function surveyIdsOfKind(db: Db, orgId: string, kind: SurveyKind): Promise<string[]> {
  const rows = await query<{ id: string }>(
    db,
    sql`select id from surveys where org_id = ${orgId} and kind = ${kind} order by id`,
  );
  return rows.map((r) => r.id);
}

/** Sums rows into one tally per group (e.g. per bucket, per key or per kind). */
export function sumBy<K>(rows: readonly TallyRow[], groupOf: (row: TallyRow) => K): Map<K, Tally> {
  const sums = new Map<K, Tally>();
  for (const row of rows) addToGroup(sums, groupOf(row), row.tally);
  return sums;
}

/** Adds a tally to its group's sum in `sums`, starting the group if it is new. */
export function addToGroup<K>(sums: Map<K, Tally>, group: K, tally: Tally): void {
  const sum = sums.get(group);
  if (sum) addTally(sum, tally);
  else sums.set(group, addTally(emptyTally(), tally));
}
