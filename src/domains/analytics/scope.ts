import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import { invalid, notFound } from '../../server/errors.ts';
import type { SurveyKind } from '../surveys/surveys.api.ts';
import type { AnalyticsFilters } from './analytics.api.ts';

/** Filters resolved against the organisation: its time zone, a concrete date range, team ids. */
export interface Scope {
  orgId: string;
  timeZone: string;
  /** First local day included. */
  from: string;
  /** First local day NOT included (the day after the filter's `to`). */
  until: string;
  /** The team and its sub-teams, or null for all teams. */
  teamIds: string[] | null;
  teamId: string | null;
  channel: string | null;
  surveyId: string | null;
  segment: string | null;
  minSample: number;
  /**
   * The organisation's surveys and their kinds: the tallies name the ones they read, so that each
   * survey's rows are an index range on the rollups, without a lookup of their own.
   */
  surveys: readonly { id: string; kind: SurveyKind }[];
}

const DAY_MS = 86_400_000;
const toDate = (s: string) => new Date(`${s}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (s: string, days: number) => fromDate(new Date(toDate(s).getTime() + days * DAY_MS));
export const daysBetween = (a: string, b: string) =>
  Math.round((toDate(b).getTime() - toDate(a).getTime()) / DAY_MS);
export function addMonths(s: string, months: number): string {
  const d = toDate(s);
  return fromDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}
export const monthStart = (s: string) => `${s.slice(0, 7)}-01`;
/** The Monday of the ISO week containing a day. */
export function weekStart(s: string): string {
  const d = toDate(s);
  return addDays(s, -((d.getUTCDay() + 6) % 7));
}
export const periodStart = (grain: 'week' | 'month', s: string) =>
  grain === 'week' ? weekStart(s) : monthStart(s);
export const nextPeriod = (grain: 'week' | 'month', s: string) =>
  grain === 'week' ? addDays(s, 7) : addMonths(s, 1);

/** The periods (week or month starts) a range touches, in order. */
export function periodsOf(grain: 'week' | 'month', from: string, until: string): string[] {
  const periods: string[] = [];
  for (let p = periodStart(grain, from); p < until; p = nextPeriod(grain, p)) periods.push(p);
  return periods;
}

const MAX_RANGE_DAYS = 366 * 10;

/** The organisation's time zone and today's date there, the columns both readers below start from. */
async function readOrganisation<T extends object>(
  db: Db,
  orgId: string,
  extra: SQL,
): Promise<{ time_zone: string; today: string } & T> {
  const [org] = await query<{ time_zone: string; today: string } & T>(
    db,
    sql`select o.time_zone, (now() at time zone o.time_zone)::date::text as today${extra}
        from organisations o where o.id = ${orgId}`,
  );
  if (!org) throw notFound('Organisation');
  return org;
}

export async function organisationClock(db: Db, orgId: string): Promise<{ timeZone: string; today: string }> {
  const org = await readOrganisation(db, orgId, sql``);
  return { timeZone: org.time_zone, today: org.today };
}

/** The organisation's clock and its surveys, in one round trip: what every scope starts from. */
export async function organisationBasis(
  db: Db,
  orgId: string,
): Promise<{ timeZone: string; today: string; surveys: Scope['surveys'] }> {
  const org = await readOrganisation<{ surveys: Scope['surveys'] }>(
    db,
    orgId,
    sql`, coalesce((select json_agg(json_build_object('id', s.id, 'kind', s.kind) order by s.id)
                    from surveys s where s.org_id = o.id), '[]') as surveys`,
  );
  return { timeZone: org.time_zone, today: org.today, surveys: org.surveys };
}

/** The team and every team under it (the tree is at most three levels deep). */
export async function teamAndDescendants(db: Db, orgId: string, teamId: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    db,
    sql`with recursive tree as (
          select id from teams where org_id = ${orgId} and id = ${teamId}
          union all
          select t.id from teams t join tree on t.parent_id = tree.id where t.org_id = ${orgId})
        select id from tree`,
  );
  return rows.map((r) => r.id);
}

export async function resolveScope(db: Db, orgId: string, f: AnalyticsFilters): Promise<Scope> {
  const { timeZone, today, surveys } = await organisationBasis(db, orgId);
  const until = f.to ? addDays(f.to, 1) : addMonths(monthStart(today), 1);
  const from = f.from ?? addMonths(monthStart(f.to ?? today), -11);
  if (from >= until) throw invalid('`from` must not be after `to`', { field: 'from' });
  if (daysBetween(from, until) > MAX_RANGE_DAYS) throw invalid('The date range is limited to ten years');
  return {
    orgId,
    timeZone,
    from,
    until,
    teamIds: !f.teamId
      ? null
      : f.subTeams === 'exclude'
        ? (await teamAndDescendants(db, orgId, f.teamId)).filter((id) => id === f.teamId)
        : await teamAndDescendants(db, orgId, f.teamId),
    teamId: f.teamId ?? null,
    channel: f.channel ?? null,
    surveyId: f.surveyId ?? null,
    segment: f.segment ?? null,
    minSample: f.minSample,
    surveys,
  };
}

export function appliedFilters(scope: Scope) {
  return {
    from: scope.from,
    to: addDays(scope.until, -1),
    channel: scope.channel,
    segment: scope.segment,
    timeZone: scope.timeZone,
    source: scope.segment ? ('raw' as const) : ('rollups' as const),
  };
}
