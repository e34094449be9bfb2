import { query, sql } from '../../db/client.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { loadCaseSettings } from './case-settings.service.ts';
import type { LoyaltyView } from './cases.api.ts';
import type { Outcome } from './cases.tables.ts';

export type ScoreCategory = 'promoter' | 'passive' | 'detractor';

/** Where one answer puts the customer, by the survey's own scale (CES: low effort is good). */
export function categoryOf(surveyKind: string, score: number): ScoreCategory | null {
  switch (surveyKind) {
    case 'nps':
      return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
    // The same bands as the web app's score badges: CSAT 4–5 satisfied, CES 1–3 low effort.
    case 'csat':
      return score >= 4 ? 'promoter' : score === 3 ? 'passive' : 'detractor';
    case 'ces':
      return score <= 3 ? 'promoter' : score === 4 ? 'passive' : 'detractor';
    default:
      return null;
  }
}

export interface LoyaltyFacts {
  lastScore: { surveyKind: string; score: number; at: Date } | null;
  /** The customer's latest case. */
  lastCase: { status: string; outcome: Outcome | null; resolvedAt: Date | null } | null;
  /** The latest interaction after the last score, if any. */
  interactionAfterLastScore: boolean;
  lostAfterDays: number;
}

/**
 * The loyalty status, in order of what matters most: an open case (at risk), a case lost or a
 * detractor who went silent for `lostAfterDays` (lost), a recovery not undone by a newer bad score
 * (recovered), else the last score's category. Pure, so transitions are tested without a database.
 */
export function loyaltyStatus(
  facts: LoyaltyFacts,
  now: Date,
): { status: LoyaltyView['status']; why: string } {
  const { lastScore, lastCase } = facts;
  const category = lastScore ? categoryOf(lastScore.surveyKind, lastScore.score) : null;
  if (lastCase && (lastCase.status === 'new' || lastCase.status === 'contacted'))
    return { status: 'at_risk', why: 'An open case is following this customer up' };
  const caseSettled = lastCase?.resolvedAt ?? null;
  const scoreAfterCase = lastScore && caseSettled ? lastScore.at > caseSettled : false;
  if (lastCase?.outcome === 'lost' && !(scoreAfterCase && category !== 'detractor'))
    return { status: 'lost', why: 'The last case ended with the customer lost' };
  if (
    category === 'detractor' &&
    lastScore &&
    !facts.interactionAfterLastScore &&
    now.getTime() - lastScore.at.getTime() >= facts.lostAfterDays * 86_400_000
  )
    return {
      status: 'lost',
      why: `No interaction in the ${facts.lostAfterDays} days after a detractor score`,
    };
  if (lastCase?.outcome === 'recovered' && !(scoreAfterCase && category === 'detractor'))
    return { status: 'recovered', why: 'Won back by the last case' };
  if (category)
    return { status: category, why: `Last ${lastScore?.surveyKind.toUpperCase()} score ${lastScore?.score}` };
  return { status: 'unknown', why: 'No scored answer yet' };
}

export async function getLoyalty(ctx: Ctx, customerId: string, now = new Date()): Promise<LoyaltyView> {
  authorize(ctx, 'customers:read');
  await getCustomer(ctx, customerId);
  const settings = await loadCaseSettings(ctx.db, ctx.orgId);
  const [score] = await query<{ kind: string; score: number; submitted_at: Date | string }>(
    ctx.db,
    sql`select s.kind, r.score, r.submitted_at from responses r join surveys s on s.org_id = r.org_id and s.id = r.survey_id
        where r.org_id = ${ctx.orgId} and r.customer_id = ${customerId} and r.score is not null
          and s.kind in ('nps', 'csat', 'ces')
        order by r.submitted_at desc, r.id desc limit 1`,
  );
  const [kase] = await query<{ status: string; outcome: Outcome | null; resolved_at: Date | string | null }>(
    ctx.db,
    sql`select status, outcome, resolved_at from cases where org_id = ${ctx.orgId} and customer_id = ${customerId}
        order by opened_at desc, id desc limit 1`,
  );
  const lastScore = score
    ? { surveyKind: score.kind, score: score.score, at: new Date(score.submitted_at) }
    : null;
  const later = lastScore
    ? await query<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from interactions where org_id = ${ctx.orgId} and customer_id = ${customerId}
            and occurred_at > ${lastScore.at.toISOString()}::timestamptz`,
      )
    : [];
  const { status, why } = loyaltyStatus(
    {
      lastScore,
      lastCase: kase
        ? {
            status: kase.status,
            outcome: kase.outcome,
            resolvedAt: kase.resolved_at ? new Date(kase.resolved_at) : null,
          }
        : null,
      interactionAfterLastScore: (later[0]?.n ?? 0) > 0,
      lostAfterDays: settings.lostAfterDays,
    },
    now,
  );
  return {
    customerId,
    status,
    why,
    lastScore: lastScore ? { ...lastScore, at: lastScore.at.toISOString() } : null,
  };
}

/** Interactions, responses, cases and goodwill of one customer, newest first. */
export async function getCustomerTimeline(ctx: Ctx, customerId: string) {
  authorize(ctx, 'customers:read');
  await getCustomer(ctx, customerId);
  const seesCases =
    ctx.actor.type === 'system' ||
    (ctx.actor.type === 'user' ? ctx.actor.role !== 'employee' : ctx.actor.scopes.includes('cases:read'));
  const rows = await query<{
    kind: 'interaction' | 'response' | 'case' | 'goodwill';
    id: string;
    at: Date | string;
    title: string;
    detail: string | null;
    case_id: string | null;
  }>(
    ctx.db,
    sql`select * from (
          select 'interaction' as kind, i.id, i.occurred_at as at, 'Interaction by ' || i.channel as title,
            i.external_ref as detail, null::uuid as case_id
          from interactions i where i.org_id = ${ctx.orgId} and i.customer_id = ${customerId}
          union all
          select 'response', r.id, r.submitted_at, upper(s.kind) || coalesce(' ' || r.score::text, ''), r.comment,
            null::uuid
          from responses r join surveys s on s.org_id = r.org_id and s.id = r.survey_id
          where r.org_id = ${ctx.orgId} and r.customer_id = ${customerId}
          ${
            seesCases
              ? sql`union all
          select 'case', c.id, c.opened_at, 'Case ' || c.status || coalesce(' — ' || c.outcome, ''), c.reason,
            c.id
          from cases c where c.org_id = ${ctx.orgId} and c.customer_id = ${customerId}
          union all
          select 'goodwill', g.id, g.created_at, initcap(g.kind) || ' ' || g.amount::text || ' (' || g.status || ')', g.description,
            g.case_id
          from goodwill_actions g join cases c on c.org_id = g.org_id and c.id = g.case_id
          where g.org_id = ${ctx.orgId} and c.customer_id = ${customerId}`
              : sql``
          }
        ) t order by at desc, id desc limit 200`,
  );
  return {
    items: rows.map(({ case_id, ...r }) => ({ ...r, caseId: case_id, at: new Date(r.at).toISOString() })),
  };
}
