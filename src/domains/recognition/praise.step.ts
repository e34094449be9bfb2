import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { anyUuid, type Db, query } from '../../db/client.ts';
import { publishWallStory } from '../../integrations/outbound-webhooks.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { ResponseChange, ResponseStep } from '../responses/response-pipeline.ts';
import { celebrateFirstPromoters, celebratePraiseMilestones } from './celebrations.service.ts';
import { managersOf } from './managers.ts';
import { findNamedPeople, type RosterPerson } from './name-match.ts';
import { customerPraise } from './recognition.tables.ts';
import { customerDisplayName } from './wall.service.ts';

/**
 * From customers to people: when a response praises (a high score) and names someone of the team
 * that served, store the praise (the person's profile and the wall show it), tell the person at
 * once with the customer's words, and suggest to their managers that they recognise it.
 *
 * Works without text analytics: names are matched against the roster (name-match.ts). When the
 * text capability lands, positive sentiment on a middling score can be added to `isPraiseScore`'s
 * caller without changing the rest.
 */

/** A high score on the survey's own scale: NPS promoter, CSAT 4–5, CES 1–2 (low effort). */
export function isPraiseScore(kind: string, score: number | null): boolean {
  if (score === null) return false;
  switch (kind) {
    case 'nps':
      return score >= 9;
    case 'csat':
      return score >= 4;
    case 'ces':
      return score <= 2;
    default:
      return false;
  }
}

interface Candidate {
  id: string;
  kind: string;
  score: number | null;
  comment: string | null;
  team_id: string | null;
  customer_id: string | null;
  customer_name: string | null;
  consent_publish_name: boolean | null;
  submitted_at: Date | string;
  served: string[];
}

// Read across the responses, surveys and people tables in two set-based queries: this step runs
// over up to 1,000 responses per job, where a service call per response would not keep up.
async function loadCandidates(db: Db, orgId: string, ids: readonly string[]): Promise<Candidate[]> {
  return query<Candidate>(
    db,
    sql`select r.id, s.kind, r.score, r.comment, r.team_id, r.customer_id, c.name as customer_name,
          c.consent_publish_name, r.submitted_at,
          coalesce((select array_agg(re.employee_id) from response_employees re
            where re.org_id = r.org_id and re.response_id = r.id), '{}') as served
        from responses r
        join surveys s on s.org_id = r.org_id and s.id = r.survey_id
        left join customers c on c.org_id = r.org_id and c.id = r.customer_id
        where r.org_id = ${orgId} and r.id = ${anyUuid(ids)}`,
  );
}

/** The people a customer may have meant: who served them, and who was in the serving team then. */
async function loadRosters(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, RosterPerson[]>> {
  const rows = await query<{
    response_id: string;
    id: string;
    name: string;
    preferred_name: string | null;
    served: boolean;
  }>(
    db,
    sql`select r.id as response_id, e.id, e.name, e.preferred_name,
          exists (select 1 from response_employees re where re.org_id = r.org_id and re.response_id = r.id
            and re.employee_id = e.id) as served
        from responses r join employees e on e.org_id = r.org_id and e.active
        where r.org_id = ${orgId} and r.id = ${anyUuid(ids)}
          and (exists (select 1 from response_employees re where re.org_id = r.org_id and re.response_id = r.id
                and re.employee_id = e.id)
            or exists (select 1 from team_memberships m where m.org_id = r.org_id and m.employee_id = e.id
                and (m.ended_at is null or m.ended_at > r.submitted_at)
                and m.team_id in (select t.id from teams t left join teams p on p.org_id = t.org_id and p.id = t.parent_id
                  where t.org_id = r.org_id and (t.id = r.team_id or t.parent_id = r.team_id or p.parent_id = r.team_id))))`,
  );
  const rosters = new Map<string, RosterPerson[]>();
  for (const r of rows) {
    const list = rosters.get(r.response_id) ?? [];
    list.push({ id: r.id, name: r.name, preferredName: r.preferred_name, served: r.served });
    rosters.set(r.response_id, list);
  }
  return rosters;
}

export interface PraiseOptions {
  /** Notify people, suggest to managers and celebrate milestones: not for imported history. */
  notify: boolean;
  change: ResponseChange;
  now: Date;
}

/** Finds and stores praise in these responses; idempotent. Returns the praise newly stored. */
export async function detectPraise(
  db: Db,
  orgId: string,
  responseIds: readonly string[],
  options: PraiseOptions,
): Promise<{ id: string; employeeId: string; responseId: string }[]> {
  if (responseIds.length === 0) return [];
  const candidates = await loadCandidates(db, orgId, responseIds);
  const praising = candidates.filter((c) => isPraiseScore(c.kind, c.score) && c.comment?.trim());
  const rosters =
    praising.length > 0
      ? await loadRosters(
          db,
          orgId,
          praising.map((c) => c.id),
        )
      : new Map();
  const matches = praising.flatMap((c) =>
    findNamedPeople(c.comment ?? '', rosters.get(c.id) ?? []).map((employeeId) => ({
      candidate: c,
      employeeId,
    })),
  );

  if (options.change === 'amended') {
    // An amended answer that no longer praises someone withdraws the suggestion nobody acted on yet.
    const amendedIds = candidates.map((c) => c.id);
    const stale = await db
      .select({
        id: customerPraise.id,
        responseId: customerPraise.responseId,
        employeeId: customerPraise.employeeId,
      })
      .from(customerPraise)
      .where(
        and(
          eq(customerPraise.orgId, orgId),
          inArray(customerPraise.responseId, amendedIds),
          eq(customerPraise.status, 'suggested'),
        ),
      );
    const gone = stale.filter(
      (s) => !matches.some((m) => m.candidate.id === s.responseId && m.employeeId === s.employeeId),
    );
    if (gone.length > 0)
      await db.delete(customerPraise).where(
        and(
          eq(customerPraise.orgId, orgId),
          inArray(
            customerPraise.id,
            gone.map((g) => g.id),
          ),
        ),
      );
  }

  const created: { id: string; employeeId: string; responseId: string }[] = [];
  for (const { candidate: c, employeeId } of matches) {
    const [row] = await db
      .insert(customerPraise)
      .values({
        orgId,
        id: uuidv7(),
        responseId: c.id,
        employeeId,
        teamId: c.team_id,
        customerId: c.customer_id,
        quote: (c.comment ?? '').trim().slice(0, 2000),
        score: c.score,
        praisedAt: new Date(c.submitted_at),
      })
      .onConflictDoNothing()
      .returning({ id: customerPraise.id });
    if (!row) continue;
    created.push({ id: row.id, employeeId, responseId: c.id });
    if (!options.notify) continue;

    const customer = customerDisplayName(c.customer_name, c.consent_publish_name) ?? 'A customer';
    const quote = (c.comment ?? '').trim();
    const [person] = await query<{ name: string }>(
      db,
      sql`select coalesce(preferred_name, name) as name from employees where org_id = ${orgId} and id = ${employeeId}`,
    );
    const name = person?.name ?? 'A colleague';
    await notify(db, orgId, {
      to: employeeId,
      kind: 'praise',
      title: `${customer} praised you`,
      body: `“${quote}”`,
      link: '/recognition/me',
      dedupeKey: `praise:${row.id}`,
      at: options.now,
    });
    for (const managerId of await managersOf(db, orgId, employeeId))
      await notify(db, orgId, {
        to: managerId,
        kind: 'praise_suggestion',
        title: `A customer praised ${name}: recognise it?`,
        body: `“${quote}”`,
        link: `/recognition/suggestions?praise=${row.id}`,
        dedupeKey: `praise-suggestion:${row.id}`,
        at: options.now,
      });
    await publishWallStory(db, orgId, {
      type: 'praise',
      id: row.id,
      at: new Date(c.submitted_at).toISOString(),
      headline: `${customer} praised ${name}`,
      text: quote,
      valueTags: [],
      url: '/recognition/wall',
    });
  }

  if (options.notify) {
    await celebratePraiseMilestones(db, orgId, [...new Set(created.map((p) => p.employeeId))], options.now);
    const promoters = candidates
      .filter((c) => c.kind === 'nps' && (c.score ?? 0) >= 9)
      .flatMap((c) =>
        c.served.map((employeeId) => ({ employeeId, responseId: c.id, at: new Date(c.submitted_at) })),
      );
    await celebrateFirstPromoters(db, orgId, promoters);
  }
  return created;
}

/** The response-pipeline step (order 30, after text analysis and cases). */
export function recognitionResponseStep(): ResponseStep {
  return {
    name: 'recognition',
    order: 30,
    run: async (db, orgId, responseIds, change, job) => {
      // One transaction: the praise, its notifications and wall stories exist together or not at all.
      await db.transaction((tx) =>
        detectPraise(tx, orgId, responseIds, { notify: change !== 'imported', change, now: job.clock.now() }),
      );
    },
  };
}
