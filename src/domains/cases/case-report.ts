import { query, sql } from '../../db/client.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { businessMinutesBetween } from './business-hours.ts';
import { latestFollowUps, RECOVERED_FROM } from './case-follow-up.ts';
import { businessHoursOf, loadCaseSettings } from './case-settings.service.ts';
import type { CaseReport } from './cases.api.ts';
import type { Outcome } from './cases.tables.ts';

interface ReportRow {
  id: string;
  customer_id: string | null;
  team_id: string | null;
  team_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  opened_at: Date | string;
  first_contact_due: Date | string;
  resolution_due: Date | string;
  first_contacted_at: Date | string | null;
  resolved_at: Date | string | null;
  outcome: Outcome | null;
  root_causes: string[];
  /** The latest follow-up answer (1–5), when the customer gave one. */
  follow_up_score?: number | null;
}

const time = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per deadline: met (done by the due time), missed (due time passed unmet), or not yet due. */
function deadlineState(done: number | null, due: number, now: number): 'met' | 'missed' | 'pending' {
  if (done !== null) return done <= due ? 'met' : 'missed';
  return now > due ? 'missed' : 'pending';
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Follow-up answers: how many, their mean (1–5), and the share recovered (4 or 5). */
function measured(rows: ReportRow[]) {
  const scores = rows.flatMap((r) => (r.follow_up_score == null ? [] : [r.follow_up_score]));
  return {
    answered: scores.length,
    recoveryScore: share(
      scores.reduce((a, b) => a + b, 0),
      scores.length,
    ),
    measuredRecovery: share(scores.filter((s) => s >= RECOVERED_FROM).length, scores.length),
  };
}

function compliance(rows: ReportRow[], key: (r: ReportRow) => [string | null, string], now: number) {
  const groups = new Map<
    string,
    {
      id: string | null;
      name: string;
      cases: number;
      fc: number;
      rs: number;
      came: number;
      met: number;
      rows: ReportRow[];
    }
  >();
  for (const r of rows) {
    const [id, name] = key(r);
    const g = groups.get(id ?? '') ?? { id, name, cases: 0, fc: 0, rs: 0, came: 0, met: 0, rows: [] };
    g.cases++;
    g.rows.push(r);
    const resolved = time(r.resolved_at);
    for (const [done, due, kind] of [
      [time(r.first_contacted_at) ?? resolved, time(r.first_contact_due) as number, 'fc'],
      [resolved, time(r.resolution_due) as number, 'rs'],
    ] as const) {
      const state = deadlineState(done, due, now);
      if (state === 'pending') continue;
      g.came++;
      if (state === 'met') {
        g.met++;
        g[kind]++;
      }
    }
    groups.set(id ?? '', g);
  }
  return [...groups.values()]
    .map((g) => {
      const settled = g.rows.filter((r) => r.outcome !== null).length;
      const recovered = g.rows.filter((r) => r.outcome === 'recovered').length;
      const m = measured(g.rows);
      return {
        id: g.id,
        name: g.name,
        cases: g.cases,
        firstContactMet: g.fc,
        resolutionMet: g.rs,
        compliance: share(g.met, g.came),
        settled,
        recovered,
        recoveryRate: share(recovered, settled),
        followUpAnswers: m.answered,
        recoveryScore: m.recoveryScore,
        measuredRecovery: m.measuredRecovery,
      };
    })
    .sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name));
}

/** Recovery, speed and deadline compliance of the cases opened in [from, to). */
export async function getCaseReport(
  ctx: Ctx,
  q: { from?: string | undefined; to?: string | undefined },
  now = new Date(),
): Promise<CaseReport> {
  authorize(ctx, 'cases:read');
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * 86_400_000);
  const settings = await loadCaseSettings(ctx.db, ctx.orgId);
  const hours = await businessHoursOf(ctx.db, ctx.orgId, settings);
  const org = await getOrganisation(ctx);
  const rows = await query<ReportRow>(
    ctx.db,
    sql`select c.id, c.customer_id, c.team_id, t.name as team_name, c.owner_id,
          coalesce(o.preferred_name, o.name) as owner_name, c.opened_at, c.first_contact_due, c.resolution_due,
          c.first_contacted_at, c.resolved_at, c.outcome, c.root_causes
        from cases c
        left join teams t on t.org_id = c.org_id and t.id = c.team_id
        left join employees o on o.org_id = c.org_id and o.id = c.owner_id
        where c.org_id = ${ctx.orgId} and c.opened_at >= ${from.toISOString()}::timestamptz
          and c.opened_at < ${to.toISOString()}::timestamptz`,
  );
  const followUps = await latestFollowUps(
    ctx.db,
    ctx.orgId,
    rows.map((r) => r.id),
  );
  for (const r of rows) r.follow_up_score = followUps.get(r.id)?.score ?? null;
  const followUpMeasure = measured(rows);
  const outcomes = { recovered: 0, retained: 0, lost: 0 };
  for (const r of rows) if (r.outcome) outcomes[r.outcome]++;
  const settled = outcomes.recovered + outcomes.retained + outcomes.lost;
  const toFirstContact = rows.flatMap((r) =>
    r.first_contacted_at
      ? [businessMinutesBetween(new Date(r.opened_at), new Date(r.first_contacted_at), hours) / 60]
      : [],
  );
  const causes = new Map<string, number>();
  for (const r of rows) for (const c of r.root_causes) causes.set(c, (causes.get(c) ?? 0) + 1);
  const recoveredCustomers = new Set(
    rows.filter((r) => r.outcome === 'recovered').map((r) => r.customer_id ?? r.id),
  );
  const goodwillRows = await query<{ total: string | number | null; n: number }>(
    ctx.db,
    sql`select sum(g.amount) as total, count(*)::int as n from goodwill_actions g
        join cases c on c.org_id = g.org_id and c.id = g.case_id
        where g.org_id = ${ctx.orgId} and g.status = 'approved'
          and c.opened_at >= ${from.toISOString()}::timestamptz and c.opened_at < ${to.toISOString()}::timestamptz`,
  );
  const approvedTotal = Number(goodwillRows[0]?.total ?? 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    opened: rows.length,
    resolved: rows.filter((r) => r.resolved_at !== null).length,
    ...outcomes,
    recoveryRate: settled === 0 ? null : outcomes.recovered / settled,
    medianHoursToFirstContact: median(toFirstContact),
    byTeam: compliance(rows, (r) => [r.team_id, r.team_name ?? 'No team'], now.getTime()),
    byOwner: compliance(rows, (r) => [r.owner_id, r.owner_name ?? 'Unassigned'], now.getTime()),
    topRootCauses: [...causes.entries()]
      .map(([rootCause, n]) => ({ rootCause, cases: n }))
      .sort((a, b) => b.cases - a.cases || a.rootCause.localeCompare(b.rootCause))
      .slice(0, 10),
    followUp: {
      sent: [...followUps.values()].filter((f) => f.sentAt !== null).length,
      answered: followUpMeasure.answered,
      recoveryScore: followUpMeasure.recoveryScore,
      measuredRecovery: followUpMeasure.measuredRecovery,
    },
    goodwill: {
      approvedTotal,
      actions: goodwillRows[0]?.n ?? 0,
      customersRecovered: recoveredCustomers.size,
      perRecoveredCustomer: recoveredCustomers.size === 0 ? null : approvedTotal / recoveredCustomers.size,
      currency: org.currency,
    },
  };
}
