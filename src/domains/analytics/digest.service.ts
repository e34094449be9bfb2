import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, query } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { type Clock, defineJob, enqueue, type JobHandlers, realClock } from '../../jobs/jobs.ts';
import { forbidden } from '../../server/errors.ts';
import type { Ctx } from '../auth/context.ts';
import { EmployeesQuery, type EstimateView, OverviewQuery, type OverviewView } from './analytics.api.ts';
import { getOverview } from './overview.service.ts';
import { getEmployeeScores } from './people-scores.service.ts';
import { addDays, resolveScope, teamAndDescendants, weekStart } from './scope.ts';
import { readTallies, sumBy } from './tallies.ts';

/**
 * The weekly digest: every Monday at 08:00 in the organisation's time zone, each admin and leader
 * gets the organisation's figures of the week that ended, each manager their teams' (with their
 * sub-teams). One durable job per organisation and week (singleton key = the week), which
 * schedules the next week's when it runs; one delivery row per person and week, so nobody gets a
 * week twice however often the job runs.
 */
export const ANALYTICS_DIGEST = 'analytics-digest';
const DigestPayload = z.object({ week: z.iso.date() });

/** Enqueues the digest of the week starting `week` (a Monday), due the Monday after at 08:00 local. */
export async function scheduleDigest(db: Db, orgId: string, week: string): Promise<void> {
  const [due] = await query<{ at: Date | string }>(
    db,
    sql`select ((${addDays(week, 7)}::date + interval '8 hours') at time zone time_zone) as at
        from organisations where id = ${orgId}`,
  );
  if (!due) return;
  await enqueue(db, {
    orgId,
    queue: ANALYTICS_DIGEST,
    payload: { week },
    runAt: new Date(due.at),
    singletonKey: week,
  });
}

/**
 * Makes sure every organisation (or one) has the digest of its current week scheduled: at server
 * start and when an organisation is created. Safe to repeat (singleton per week).
 */
export async function scheduleAnalyticsDigests(
  db: Db,
  clock: Clock = realClock,
  orgId?: string,
): Promise<void> {
  const orgs = await query<{ id: string; today: string }>(
    db,
    sql`select id, (${clock.now().toISOString()}::timestamptz at time zone time_zone)::date::text as today
        from organisations ${orgId ? sql`where id = ${orgId}` : sql``}`,
  );
  for (const org of orgs) await scheduleDigest(db, org.id, weekStart(org.today));
}

export interface DigestDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
}

export function analyticsDigestHandlers(deps: DigestDeps): JobHandlers {
  return {
    [ANALYTICS_DIGEST]: defineJob(DigestPayload, async ({ week }, job) => {
      // The next week first: a digest that keeps failing must not stop the ones after it.
      await scheduleDigest(job.db, job.orgId, addDays(week, 7));
      await sendWeeklyDigests({ ...deps, db: job.db }, job.orgId, week, job.clock);
    }),
  };
}

interface Recipient {
  id: string;
  name: string;
  email: string;
  role: string;
  team_ids: string[];
}

/** One scope's figures: the organisation (teamId null) or a team with its sub-teams. */
export interface Section {
  title: string;
  teamId: string | null;
  overview: OverviewView;
  detractors: number;
  topPeople: { name: string; raw: EstimateView; shrunk: number | null }[];
  topMetric: string;
  cases: { open: number; overdue: number } | null;
}

/** Sends the digest of `week` to everyone due one; returns how many were sent. */
export async function sendWeeklyDigests(
  deps: DigestDeps,
  orgId: string,
  week: string,
  clock: Clock = realClock,
): Promise<number> {
  const { db } = deps;
  const [org] = await query<{ name: string }>(db, sql`select name from organisations where id = ${orgId}`);
  if (!org) return 0;
  const recipients = await query<Recipient>(
    db,
    sql`select e.id, coalesce(e.preferred_name, e.name) as name, e.email, e.role,
          coalesce(array_agg(tm.team_id) filter (where tm.team_id is not null), '{}') as team_ids
        from employees e
        left join team_managers tm on tm.org_id = e.org_id and tm.employee_id = e.id
        where e.org_id = ${orgId} and e.active and e.role in ('admin', 'leader', 'manager')
          and not exists (select 1 from analytics_digest_opt_outs o where o.org_id = e.org_id and o.employee_id = e.id)
          and not exists (select 1 from analytics_digest_deliveries d
                          where d.org_id = e.org_id and d.week = ${week} and d.employee_id = e.id)
        group by e.id, e.preferred_name, e.name, e.email, e.role
        order by e.id`,
  );
  const teams = await query<{ id: string; name: string }>(
    db,
    sql`select id, name from teams where org_id = ${orgId}`,
  );
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  const ctx: Ctx = { db, orgId, actor: { type: 'system' } };
  const sections = new Map<string, Promise<Section>>();
  const sectionOf = (teamId: string | null) => {
    const key = teamId ?? 'org';
    let section = sections.get(key);
    if (!section) {
      section = buildSection(ctx, week, teamId, teamId ? (teamNames.get(teamId) ?? 'Team') : org.name, clock);
      sections.set(key, section);
    }
    return section;
  };
  let sent = 0;
  for (const r of recipients) {
    const scopes =
      r.role === 'admin' || r.role === 'leader' ? [null] : await outermostTeams(db, orgId, r.team_ids);
    if (scopes.length === 0) continue;
    const content = await Promise.all(scopes.map(sectionOf));
    // Claim the week for this person before sending; give the claim back if sending fails.
    const claimed = await query(
      db,
      sql`insert into analytics_digest_deliveries (org_id, week, employee_id, sent_at)
          values (${orgId}, ${week}, ${r.id}, ${clock.now().toISOString()}::timestamptz)
          on conflict do nothing returning employee_id`,
    );
    if (claimed.length === 0) continue;
    try {
      await deps.mailer.send(composeDigest(r.name, r.email, week, content, deps.publicUrl));
      sent++;
    } catch (err) {
      await db.execute(sql`delete from analytics_digest_deliveries
        where org_id = ${orgId} and week = ${week} and employee_id = ${r.id}`);
      throw err;
    }
  }
  return sent;
}

/** A manager's teams without those already inside another of their teams. */
async function outermostTeams(db: Db, orgId: string, teamIds: readonly string[]): Promise<string[]> {
  const inside = new Set<string>();
  for (const id of teamIds)
    for (const sub of await teamAndDescendants(db, orgId, id)) if (sub !== id) inside.add(sub);
  return [...new Set(teamIds)].filter((id) => !inside.has(id)).sort();
}

async function buildSection(
  ctx: Ctx,
  week: string,
  teamId: string | null,
  title: string,
  clock: Clock,
): Promise<Section> {
  const to = addDays(week, 6);
  const team = teamId ? { teamId } : {};
  const overview = await getOverview(ctx, OverviewQuery.parse({ from: week, to, interval: 'week', ...team }));
  const scope = await resolveScope(ctx.db, ctx.orgId, OverviewQuery.parse({ from: week, to, ...team }));
  const nps = await readTallies(ctx.db, scope, { bucket: 'total', by: 'none', kind: 'nps' });
  const detractors = sumBy(nps, () => 'all').get('all')?.detractors ?? 0;
  // People are ranked over four weeks: one week is too few answers for most.
  const topMetric =
    overview.scores.find((s) => s.metric === 'nps')?.metric ?? overview.scores[0]?.metric ?? 'nps';
  const people = await getEmployeeScores(
    ctx,
    EmployeesQuery.parse({ from: addDays(week, -21), to, metric: topMetric, ...team }),
  );
  const topPeople = people.employees
    .filter((e) => e.rank !== null)
    .slice(0, 3)
    .map((e) => ({ name: e.name, raw: e.raw, shrunk: e.shrunk }));
  return {
    title,
    teamId,
    overview,
    detractors,
    topPeople,
    topMetric,
    cases: await caseCounts(ctx.db, ctx.orgId, scope.teamIds, clock),
  };
}

/** Open and overdue cases in scope, when the cases capability is installed (read-only). */
async function caseCounts(
  db: Db,
  orgId: string,
  teamIds: string[] | null,
  clock: Clock,
): Promise<{ open: number; overdue: number } | null> {
  const [exists] = await query<{ present: boolean }>(
    db,
    sql`select to_regclass('cases') is not null as present`,
  );
  if (!exists?.present) return null;
  const now = clock.now().toISOString();
  const team = teamIds ? (teamIds.length ? sql`and team_id in ${teamIds}` : sql`and false`) : sql``;
  const [row] = await query<{ open: number; overdue: number }>(
    db,
    sql`select count(*)::int as open,
          count(*) filter (where resolution_due < ${now}::timestamptz
            or (status = 'new' and first_contact_due < ${now}::timestamptz))::int as overdue
        from cases where org_id = ${orgId} and status in ('new', 'contacted') ${team}`,
  );
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
}

const METRIC_LABEL: Record<string, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', score: 'Score' };
const num = (x: number | null) => (x === null ? '–' : String(Math.round(x * 10) / 10));
const signed = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${num(x)}`);

function estimateText(e: EstimateView): string {
  if (e.n === 0) return 'no responses';
  if (e.status !== 'ok') return `too few responses (n ${e.n})`;
  return `${num(e.value)} ± ${num(e.marginOfError)} (n ${e.n})`;
}

const TARGET_STATUS: Record<string, string> = {
  on_track: 'on track',
  off_track: 'off track',
  uncertain: 'uncertain',
  achieved: 'achieved',
  past_due: 'past due',
  not_enough_history: 'not enough history',
};

/** The lines of one section, shared by the text and the HTML email. */
function sectionLines(s: Section): { heading: string; lines: string[] } {
  const lines: string[] = [];
  for (const card of s.overview.scores) {
    const label = METRIC_LABEL[card.metric] ?? card.metric;
    let line = `${label}: ${estimateText(card.current)}; last week ${estimateText(card.previous)}`;
    if (card.change.change !== null) {
      line += `; change ${signed(card.change.change)}`;
      if (card.change.significant) line += ', significant';
    }
    lines.push(line);
    for (const t of card.targets)
      lines.push(
        `  Target ${t.name ? `"${t.name}" ` : ''}${label} ${t.comparator} ${t.value} by ${t.dueDate}: ${TARGET_STATUS[t.status] ?? t.status} (last three months ${estimateText(t.current)})`,
      );
  }
  if (s.overview.scores.length === 0) lines.push('No responses this week or last.');
  lines.push(`Detractors this week: ${s.detractors}`);
  if (s.cases) lines.push(`Open cases: ${s.cases.open}, of which overdue: ${s.cases.overdue}`);
  if (s.topPeople.length > 0) {
    lines.push(
      `Most praised by customers (${METRIC_LABEL[s.topMetric] ?? s.topMetric}, last four weeks, fair ranking):`,
    );
    s.topPeople.forEach((p, i) => {
      lines.push(`  ${i + 1}. ${p.name}: ${estimateText(p.raw)}, ranked on ${num(p.shrunk)}`);
    });
  }
  return { heading: s.title, lines };
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function composeDigest(
  name: string,
  email: string,
  week: string,
  sections: readonly Section[],
  publicUrl: string,
) {
  const to = addDays(week, 6);
  const subject = `Your weekly customer scores: ${week} to ${to}`;
  const link = (s: Section) =>
    `${publicUrl}/analytics/dashboards?from=${week}&to=${to}${s.teamId ? `&teamId=${s.teamId}` : ''}`;
  const settings = `${publicUrl}/analytics/dashboards`;
  const parts = sections.map((s) => ({ ...sectionLines(s), link: link(s) }));
  const text = [
    `Hello ${name},`,
    '',
    `Customer scores for the week ${week} to ${to}, against the week before. ± is the 95 % margin of error; a change is called significant only when it is.`,
    '',
    ...parts.flatMap((p) => [
      p.heading,
      '='.repeat(p.heading.length),
      ...p.lines,
      `Dashboards: ${p.link}`,
      '',
    ]),
    `You get this email every Monday as a manager or leader. To stop it, switch off "Weekly digest" at ${settings} (or PUT /api/v1/analytics/digest-subscription).`,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: sans-serif; line-height: 1.5; color: #1a1b1e">
<p>Hello ${escapeHtml(name)},</p>
<p>Customer scores for the week ${week} to ${to}, against the week before. ± is the 95&nbsp;% margin of error; a change is called significant only when it is.</p>
${parts
  .map(
    (p) => `<h2>${escapeHtml(p.heading)}</h2>
<ul>${p.lines.map((l) => `<li>${escapeHtml(l.trim())}</li>`).join('')}</ul>
<p><a href="${escapeHtml(p.link)}">Open the dashboards for ${escapeHtml(p.heading)}</a></p>`,
  )
  .join('\n')}
<p style="font-size: 0.9em">You get this email every Monday as a manager or leader. <a href="${escapeHtml(settings)}">Switch off the weekly digest</a>.</p>
</body></html>`;
  return {
    to: email,
    subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${settings}>` },
  };
}

/** Whether the signed-in person receives the digest, and switching it on or off. */
export async function getDigestSubscription(ctx: Ctx): Promise<{ subscribed: boolean }> {
  const employeeId = selfOf(ctx);
  const rows = await query(
    ctx.db,
    sql`select 1 from analytics_digest_opt_outs where org_id = ${ctx.orgId} and employee_id = ${employeeId}`,
  );
  return { subscribed: rows.length === 0 };
}

export async function setDigestSubscription(ctx: Ctx, subscribed: boolean): Promise<{ subscribed: boolean }> {
  const employeeId = selfOf(ctx);
  await ctx.db.execute(
    subscribed
      ? sql`delete from analytics_digest_opt_outs where org_id = ${ctx.orgId} and employee_id = ${employeeId}`
      : sql`insert into analytics_digest_opt_outs (org_id, employee_id) values (${ctx.orgId}, ${employeeId})
            on conflict do nothing`,
  );
  return { subscribed };
}

function selfOf(ctx: Ctx): string {
  if (ctx.actor.type !== 'user') throw forbidden('Only a signed-in person has a digest subscription');
  return ctx.actor.employeeId;
}
