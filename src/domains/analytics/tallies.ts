import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import type { SurveyKind } from '../surveys/surveys.api.ts';
import { ALL_EMPLOYEES, BY_CHANNEL_LAYER, BY_TEAM_LAYER } from './analytics.tables.ts';
import { dayRowsOfResponses } from './rollups.ts';
import { nextPeriod, periodStart, type Scope } from './scope.ts';
import { addTally, emptyTally, type Metric, type Tally } from './statistics.ts';

export type Bucket = 'total' | 'week' | 'month';
export type TallyKey = 'none' | 'team' | 'employee' | 'employee-team' | 'channel';

/**
 * Sums in one bucket and key: of all the surveys of the kind asked for, or else of one survey (callers
 * add surveys of a kind up with sumBy).
 */
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
function coveringRows(
  scope: Scope,
  grain: 'week' | 'month',
  rowFilter: SQL,
): { rows: SQL; wholePeriodsOnly: boolean } {
  const first = periodStart(grain, scope.from);
  const wholeFrom = first === scope.from ? first : nextPeriod(grain, first);
  const wholeUntil = periodStart(grain, scope.until);
  const select = (condition: SQL) =>
    sql`select * from analytics_rollups r where r.org_id = ${scope.orgId} and ${rowFilter} and ${condition}`;
  const days = (from: string, until: string) =>
    select(sql`r.grain = 'day' and r.period >= ${from}::date and r.period < ${until}::date`);
  if (wholeFrom >= wholeUntil) return { rows: days(scope.from, scope.until), wholePeriodsOnly: false };
  // Only the parts that can hold rows: a range of whole periods is then one scan in index order,
  // which PostgreSQL aggregates as it reads instead of hashing an append of three scans.
  const parts = [
    select(sql`r.grain = ${grain} and r.period >= ${wholeFrom}::date and r.period < ${wholeUntil}::date`),
    ...(scope.from < wholeFrom ? [days(scope.from, wholeFrom)] : []),
    ...(wholeUntil < scope.until ? [days(wholeUntil, scope.until)] : []),
  ];
  return { rows: sql.join(parts, sql` union all `), wholePeriodsOnly: parts.length === 1 };
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
  options: {
    bucket: Bucket;
    by: TallyKey;
    employeeId?: string;
    kind?: SurveyKind;
    /** The sums wanted (default all); e.g. `fieldsOfMetric(metric)` for one metric's estimates. */
    fields?: readonly (keyof Tally)[];
  },
): Promise<TallyRow[]> {
  const layer =
    options.employeeId === undefined && options.by !== 'employee' && options.by !== 'employee-team'
      ? allEmployeesLayer(scope, options.by)
      : null;
  const employee =
    options.employeeId !== undefined
      ? sql`r.employee_id = ${options.employeeId}`
      : layer === null
        ? sql`r.employee_id not in (${ALL_EMPLOYEES}::uuid, ${BY_TEAM_LAYER}::uuid, ${BY_CHANNEL_LAYER}::uuid)`
        : sql`r.employee_id = ${layer}::uuid`;
  const dims: SQL[] = [employee];
  if (scope.teamIds) dims.push(scope.teamIds.length ? sql`r.team_id in ${scope.teamIds}` : sql`false`);
  if (scope.channel) dims.push(sql`r.channel = ${scope.channel}`);
  // The surveys asked about (one, one kind's or all), named so that their ids are an index
  // condition: the rollups' key has the survey before the period, so each survey's range of
  // periods is one contiguous scan (a subquery here would be applied only after every row of every
  // survey had been fetched).
  const surveyIds = scope.surveys
    .filter((s) => (!options.kind || s.kind === options.kind) && (!scope.surveyId || s.id === scope.surveyId))
    .map((s) => s.id);
  dims.push(surveyIds.length ? sql`r.survey_id in ${surveyIds}` : sql`false`);
  const rowFilter = sql.join(dims, sql` and `);
  const covering = scope.segment
    ? {
        rows: sql`select * from (${dayRowsOfResponses(scope.orgId, responseConditions(scope))}) r where ${rowFilter}`,
        wholePeriodsOnly: false,
      }
    : coveringRows(scope, options.bucket === 'week' ? 'week' : 'month', rowFilter);
  // Rows that are all whole weeks (or months) of the bucket's own grain already start their
  // bucket: grouped by the bare column, they aggregate in index order with no hashing.
  const bucket =
    covering.wholePeriodsOnly && options.bucket !== 'total' ? sql`r.period` : BUCKET[options.bucket];
  // Sums in float8, not sum(bigint), which accumulates in numeric and took half of a 4,800-row
  // dashboard query; float8 is exact for integers below 2^53, far beyond any count or sum here.
  // Only the fields asked for are summed (the others are sent as literal zeros, see cellText).
  const fields = options.fields ?? TALLY_FIELDS;
  const key = KEY[options.by];
  // One kind asked for: its surveys summed together in SQL, one row per bucket and key (in index
  // order when it is one survey). Else one row per survey too, whose kind the scope knows.
  const survey = options.kind ? sql`` : sql`, r.survey_id`;
  // Whole periods of one layer whose rows are one per key (a team's over all channels, a channel's
  // over all teams), of one survey or grouped by survey: every group would be a single row, so
  // the rows are read as they are (EXPLAIN ANALYZE of the teams view at 10M: grouping took 1.6 of
  // the 2.7 ms it executed).
  const rowPerGroup =
    covering.wholePeriodsOnly &&
    options.bucket !== 'total' &&
    ((options.by === 'team' && layer === BY_TEAM_LAYER) ||
      (options.by === 'channel' && layer === BY_CHANNEL_LAYER)) &&
    (!options.kind || surveyIds.length === 1);
  const value = (column: string) => (rowPerGroup ? `r.${column}` : `sum(r.${column}::float8)`);
  const sums = sql.raw(fields.map((f) => `${value(COLUMN[f])} as ${COLUMN[f]}`).join(', '));
  // Each key's cells come packed into one text: a 4,800-cell view is 200 rows, not 4,800. A row per
  // cell allocated ~9 objects per cell in the driver, all alive until the last row had arrived, so
  // a scavenge during a read copied megabytes. Reading the teams view at 10M with pg alone: p50
  // 4.1 ms but p95 21 ms, every fourth read slow; packed, p50 3.6 ms and p95 4.5 ms. Grouped by
  // the native key, a cell's text joined by `||` with the fields not asked for as literal zeros,
  // the packing adds ~0.8 ms to the query's execution (EXPLAIN ANALYZE) but saves more in decoding:
  // query and transfer 2.9 ms instead of 4.1-4.3 ms at the p50.
  // Packed per key (and per survey when no kind was asked for).
  const surveyOfKey = options.kind ? sql`` : sql`, q.survey_id`;
  const rows = await query<{ key: string | null; survey_id?: string; cells: string }>(
    db,
    sql`select q.key::text as key${surveyOfKey}, string_agg(${cellText(fields, !rowPerGroup)}, ',') as cells
        from (select ${bucket} as bucket, ${key} as key${survey}, ${sums}
              from (${covering.rows}) r
              ${rowPerGroup ? sql`` : sql`group by ${bucket}, ${key}${survey}`}) q
        group by q.key${surveyOfKey}`,
  );
  const kindOf = new Map(scope.surveys.map((s) => [s.id, s.kind]));
  const tallies: TallyRow[] = [];
  for (const r of rows) {
    // Every row is of a survey the scope named, so its kind is known.
    const kind = options.kind ?? kindOf.get(r.survey_id ?? '');
    if (!kind) throw new Error(`rollup rows of survey ${r.survey_id} that the scope did not name`);
    readCells(r.cells, (bucket, tally) => tallies.push({ bucket, key: r.key, kind, tally }));
  }
  return tallies;
}

/**
 * One cell of a packed row as SQL text (see readCells): the bucket, then every field of the tally,
 * its sum where asked for and a literal 0 where not. The sums are never null (the rollups' columns
 * are not null, and so are the raw path's sums); `float8` sums are sent as the integers they are.
 */
function cellText(fields: readonly (keyof Tally)[], float8: boolean): SQL {
  let text = `coalesce(q.bucket::text, '')`;
  let literal = '';
  for (const field of TALLY_FIELDS) {
    if (!fields.includes(field)) literal += ',0';
    else {
      text += ` || '${literal},' || q.${COLUMN[field]}${float8 ? '::int8' : ''}`;
      literal = '';
    }
  }
  return sql.raw(literal ? `${text} || '${literal}'` : text);
}

/**
 * The cells packed in one text: per cell its bucket ('' for the total) and then the nine sums in
 * the order of `TALLY_FIELDS`, all comma-separated. The sums are non-negative integers, read digit
 * by digit (exact below 2^53, as the float8 sums they came from).
 */
export function readCells(cells: string, each: (bucket: string | null, tally: Tally) => void): void {
  let at = 0;
  const integer = (): number => {
    let value = 0;
    let code = cells.charCodeAt(at);
    while (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      code = cells.charCodeAt(++at);
    }
    at++; // the comma after it, or past the end
    return value;
  };
  while (at < cells.length) {
    const comma = cells.indexOf(',', at);
    const bucket = comma === at ? null : cells.slice(at, comma);
    at = comma + 1;
    // An object literal's values are evaluated in order, so the sums are read in TALLY_FIELDS order.
    each(bucket, {
      responses: integer(),
      scored: integer(),
      promoters: integer(),
      passives: integer(),
      detractors: integer(),
      scoreSum: integer(),
      scoreSqSum: integer(),
      satisfied: integer(),
      cesSum: integer(),
    });
  }
}

const COLUMN: Record<keyof Tally, string> = {
  responses: 'responses',
  scored: 'scored',
  promoters: 'promoters',
  passives: 'passives',
  detractors: 'detractors',
  scoreSum: 'score_sum',
  scoreSqSum: 'score_sq_sum',
  satisfied: 'satisfied',
  cesSum: 'ces_sum',
};
const TALLY_FIELDS = Object.keys(COLUMN) as (keyof Tally)[];

/** Sums rows into one tally per group (e.g. per bucket, per key or per kind). */
export function sumBy<K>(rows: readonly TallyRow[], groupOf: (row: TallyRow) => K): Map<K, Tally> {
  const sums = new Map<K, Tally>();
  for (const row of rows) addToGroup(sums, groupOf(row), row.tally);
  return sums;
}

/** Adds a tally to its group's sum in `sums`, starting the group if it is new. */
function addToGroup<K>(sums: Map<K, Tally>, group: K, tally: Tally): void {
  const sum = sums.get(group);
  if (sum) addTally(sum, tally);
  else sums.set(group, addTally(emptyTally(), tally));
}
