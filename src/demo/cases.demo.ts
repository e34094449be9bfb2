import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../db/client.ts';
import { DEFAULT_ROOT_CAUSES } from '../domains/cases/case-settings.service.ts';
import type { Outcome } from '../domains/cases/cases.tables.ts';
import { caseEvents, cases, goodwillActions } from '../domains/cases/cases.tables.ts';
import { createCase } from '../domains/cases/open-case.ts';
import { pick, seededRandom } from './random.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MAX_CASES = 90;

interface Detractor {
  id: string;
  customer_id: string | null;
  interaction_id: string | null;
  team_id: string | null;
  score: number;
  kind: string;
  submitted_at: Date | string;
  employee_ids: string[] | null;
}

/**
 * Close-the-loop cases for the demo's recent unhappy customers: older ones resolved (mostly
 * recovered, some retained or lost, with root causes and goodwill), recent ones open, and a few
 * left overdue so the inbox and the escalations have something to show. Idempotent: does nothing
 * when the organisation has cases.
 */
export async function loadDemoCases(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
  now = new Date(),
): Promise<{ cases: number }> {
  const [existing] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from cases where org_id = ${orgId}`,
  );
  if ((existing?.n ?? 0) > 0) return { cases: 0 };
  const since = new Date(now.getTime() - 45 * DAY_MS);
  const detractors = await query<Detractor>(
    db,
    sql`select r.id, r.customer_id, r.interaction_id, r.team_id, r.score, s.kind, r.submitted_at,
          (select array_agg(re.employee_id order by re.employee_id) from response_employees re
            where re.org_id = r.org_id and re.response_id = r.id) as employee_ids
        from responses r join surveys s on s.org_id = r.org_id and s.id = r.survey_id
        where r.org_id = ${orgId} and r.submitted_at >= ${since.toISOString()}::timestamptz
          and r.submitted_at < ${now.toISOString()}::timestamptz
          and ((s.kind = 'nps' and r.score <= 6) or (s.kind = 'csat' and r.score <= 2) or (s.kind = 'ces' and r.score >= 5))
        order by r.submitted_at desc, r.id limit ${MAX_CASES}`,
  );
  const random = seededRandom(7);
  let made = 0;
  await db.transaction(async (tx) => {
    // Oldest first, so a customer's earlier case is settled before a later one opens.
    for (const r of detractors.reverse()) {
      const openedAt = new Date(new Date(r.submitted_at).getTime() + HOUR_MS);
      const label =
        r.kind === 'nps' ? `NPS ${r.score}: detractor (0–6)` : `${r.kind.toUpperCase()} ${r.score}`;
      const row = await createCase(tx, {
        orgId,
        customerId: r.customer_id,
        responseId: r.id,
        interactionId: r.interaction_id,
        teamId: r.team_id,
        servedBy: r.employee_ids ?? [],
        ruleId: null,
        origin: 'rule',
        reason: label,
        actorId: null,
        now: openedAt,
      });
      if (!row) continue;
      made++;
      const ageDays = (now.getTime() - openedAt.getTime()) / DAY_MS;
      const where = and(eq(cases.orgId, orgId), eq(cases.id, row.id));
      const contactedAt = new Date(openedAt.getTime() + (2 + random() * 30) * HOUR_MS);
      const event = (
        kind: (typeof caseEvents.$inferInsert)['kind'],
        at: Date,
        extra: Partial<typeof caseEvents.$inferInsert>,
      ) =>
        tx
          .insert(caseEvents)
          .values({ orgId, id: uuidv7(), caseId: row.id, kind, actorId: row.ownerId, at, ...extra });
      if (ageDays < 4) {
        // Recent: most still new, some already reached.
        if (random() < 0.4 && contactedAt < now) {
          await tx.update(cases).set({ status: 'contacted', firstContactedAt: contactedAt }).where(where);
          await event('contact', contactedAt, {
            channel: 'call',
            body: 'Called and apologised; looking into it.',
            details: { reached: true },
          });
        }
        continue;
      }
      if (ageDays < 14 && random() < 0.35) continue; // Left alone: overdue, and escalated at start.
      const resolvedAt = new Date(contactedAt.getTime() + (4 + random() * 60) * HOUR_MS);
      const roll = random();
      const outcome: Outcome = roll < 0.62 ? 'recovered' : roll < 0.85 ? 'retained' : 'lost';
      const closed = ageDays > 20;
      await tx
        .update(cases)
        .set({
          status: closed ? 'closed' : 'resolved',
          firstContactedAt: contactedAt,
          resolvedAt,
          closedAt: closed ? new Date(resolvedAt.getTime() + DAY_MS) : null,
          outcome,
          rootCauses: [pick(random, DEFAULT_ROOT_CAUSES)],
        })
        .where(where);
      await event('contact', contactedAt, {
        channel: random() < 0.7 ? 'call' : 'email',
        body: 'Reached the customer and agreed how to put it right.',
        details: { reached: true },
      });
      if (outcome === 'recovered' && random() < 0.45 && row.ownerId) {
        const amount = pick(random, [15, 20, 25, 40, 50]);
        await tx.insert(goodwillActions).values({
          orgId,
          id: uuidv7(),
          caseId: row.id,
          kind: pick(random, ['credit', 'refund', 'upgrade'] as const),
          amount,
          description: 'On-the-spot goodwill',
          status: 'approved',
          requestedBy: row.ownerId,
          approverId: row.ownerId,
          decidedAt: contactedAt,
          createdAt: contactedAt,
        });
        await event('goodwill', contactedAt, { details: { amount, status: 'approved' } });
      }
      await event('status', resolvedAt, { details: { from: 'contacted', to: 'resolved', outcome } });
    }
    // History needs no emails: drop the "new case" emails and the settled cases' deadline jobs
    // (the in-app notifications stay; open overdue cases still escalate once the server runs).
    await tx.execute(sql`delete from jobs where org_id = ${orgId} and done_at is null and (queue = 'notification-email'
      or (queue = 'case-deadline' and (payload->>'caseId')::uuid in (
        select id from cases where org_id = ${orgId} and status in ('resolved', 'closed'))))`);
  });
  progress(`Demo: ${made} close-the-loop cases`);
  return { cases: made };
}
