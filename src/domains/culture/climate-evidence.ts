import { sql } from 'drizzle-orm';
import { query } from '../../db/client.ts';
import type { EstimateView } from '../analytics/analytics.api.ts';
import { getOverview } from '../analytics/overview.service.ts';
import { addDays, organisationClock } from '../analytics/scope.ts';
import { listTargets } from '../analytics/targets.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { strategyEvidence } from '../strategy/strategy-evidence.ts';
import { trainingEvidence } from '../training/training-evidence.ts';
import type { ClimateEvidenceView, EvidenceItem } from './climate.api.ts';
import { CLIMATE_QUESTIONS, type ClimateQuestionKey } from './climate-questions.ts';

/**
 * Evidence from Serviceloop's own data beside each climate question, over the last 90 days
 * (docs/climate.md lists every figure and its definition). Organisation-wide aggregates only:
 * counts, shares and medians, never a person's figures, so it is computed as the system (the
 * caller needs culture:results, not every grant the underlying figures would need one by one).
 * Customer scores and targets come through the analytics services; recognition, feedback and case
 * figures are aggregate queries here, as those domains have no organisation-wide service for them.
 */
export const EVIDENCE_DAYS = 90;
const MONTH_DAYS = 30.436875;

export interface EvidencePeriod {
  from: string;
  to: string;
  timeZone: string;
}

export async function evidencePeriod(ctx: Ctx): Promise<EvidencePeriod> {
  const { timeZone, today } = await organisationClock(ctx.db, ctx.orgId);
  return { from: addDays(today, -(EVIDENCE_DAYS - 1)), to: today, timeZone };
}

/** The customer scores (NPS, CSAT, CES) over the period, every answer counted (minimum sample 1). */
export async function customerScores(ctx: Ctx, period: EvidencePeriod) {
  const system: Ctx = { ...ctx, actor: { type: 'system' } };
  const overview = await getOverview(system, {
    from: period.from,
    to: period.to,
    subTeams: 'include',
    minSample: 1,
    interval: 'month',
  });
  const score = (metric: 'nps' | 'csat' | 'ces'): EstimateView | null =>
    overview.scores.find((s) => s.metric === metric)?.current ?? null;
  return { nps: score('nps'), csat: score('csat'), ces: score('ces'), volume: overview.volume };
}

interface Figures {
  people: number;
  kudos: number;
  effort_kudos: number;
  success_kudos: number;
  received: number;
  recognised_people: number;
  celebrations: number;
  praise_feedback: number;
  praise_hours: number | null;
  to_improve_feedback: number;
  to_improve_hours: number | null;
  feedback_people: number;
  praise_decided: number;
  praise_recognised: number;
  cases_due: number;
  cases_met: number;
  first_contact_due: number;
  first_contact_met: number;
}

async function aggregates(ctx: Ctx, period: EvidencePeriod): Promise<Figures> {
  const since = sql`(${period.from}::date::timestamp at time zone ${period.timeZone})`;
  const until = sql`((${period.to}::date + 1)::timestamp at time zone ${period.timeZone})`;
  const inPeriod = (column: string) => sql`${sql.raw(column)} >= ${since} and ${sql.raw(column)} < ${until}`;
  const hours = sql`(extract(epoch from (f.created_at - f.evidence_at)) / 3600.0)::float8`;
  const [row] = await query<Figures>(
    ctx.db,
    sql`select
      (select count(*)::int from employees e where e.org_id = ${ctx.orgId} and e.active) as people,
      (select count(*)::int from kudos k where k.org_id = ${ctx.orgId} and ${inPeriod('k.created_at')}) as kudos,
      (select count(*)::int from kudos k where k.org_id = ${ctx.orgId} and k.kind = 'effort' and ${inPeriod('k.created_at')}) as effort_kudos,
      (select count(*)::int from kudos k where k.org_id = ${ctx.orgId} and k.kind = 'success' and ${inPeriod('k.created_at')}) as success_kudos,
      (select count(*)::int from kudos_recipients r join kudos k on k.org_id = r.org_id and k.id = r.kudos_id
        where r.org_id = ${ctx.orgId} and ${inPeriod('k.created_at')}) as received,
      (select count(distinct r.employee_id)::int from kudos_recipients r join kudos k on k.org_id = r.org_id and k.id = r.kudos_id
        join employees e on e.org_id = r.org_id and e.id = r.employee_id and e.active
        where r.org_id = ${ctx.orgId} and ${inPeriod('k.created_at')}) as recognised_people,
      (select count(*)::int from celebrations c where c.org_id = ${ctx.orgId} and ${inPeriod('c.occurred_at')}) as celebrations,
      (select count(*)::int from feedback f where f.org_id = ${ctx.orgId} and f.kind = 'praise' and ${inPeriod('f.created_at')}) as praise_feedback,
      (select percentile_cont(0.5) within group (order by ${hours}) from feedback f
        where f.org_id = ${ctx.orgId} and f.kind = 'praise' and f.evidence_at is not null and ${inPeriod('f.created_at')}) as praise_hours,
      (select count(*)::int from feedback f where f.org_id = ${ctx.orgId} and f.kind = 'to_improve' and ${inPeriod('f.created_at')}) as to_improve_feedback,
      (select percentile_cont(0.5) within group (order by ${hours}) from feedback f
        where f.org_id = ${ctx.orgId} and f.kind = 'to_improve' and f.evidence_at is not null and ${inPeriod('f.created_at')}) as to_improve_hours,
      (select count(distinct f.employee_id)::int from feedback f join employees e on e.org_id = f.org_id and e.id = f.employee_id and e.active
        where f.org_id = ${ctx.orgId} and ${inPeriod('f.created_at')}) as feedback_people,
      (select count(*)::int from customer_praise p where p.org_id = ${ctx.orgId} and ${inPeriod('p.praised_at')}) as praise_decided,
      (select count(*)::int from customer_praise p where p.org_id = ${ctx.orgId} and p.status = 'recognised' and ${inPeriod('p.praised_at')}) as praise_recognised,
      (select count(*)::int from cases c where c.org_id = ${ctx.orgId} and ${inPeriod('c.opened_at')}
        and (c.resolved_at is not null or c.resolution_due < now())) as cases_due,
      (select count(*)::int from cases c where c.org_id = ${ctx.orgId} and ${inPeriod('c.opened_at')}
        and c.resolved_at is not null and c.resolved_at <= c.resolution_due) as cases_met,
      (select count(*)::int from cases c where c.org_id = ${ctx.orgId} and ${inPeriod('c.opened_at')}
        and (coalesce(c.first_contacted_at, c.resolved_at) is not null or c.first_contact_due < now())) as first_contact_due,
      (select count(*)::int from cases c where c.org_id = ${ctx.orgId} and ${inPeriod('c.opened_at')}
        and coalesce(c.first_contacted_at, c.resolved_at) <= c.first_contact_due) as first_contact_met`,
  );
  if (!row) throw new Error('aggregate query returned nothing');
  return row;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (part: number, whole: number) => (whole === 0 ? null : r2((100 * part) / whole));

export async function climateEvidence(ctx: Ctx): Promise<ClimateEvidenceView> {
  authorize(ctx, 'culture:results');
  const period = await evidencePeriod(ctx);
  const system: Ctx = { ...ctx, actor: { type: 'system' } };
  const days = { from: period.from, until: addDays(period.to, 1), timeZone: period.timeZone };
  const [f, customers, targets, strategy, training] = await Promise.all([
    aggregates(ctx, period),
    customerScores(ctx, period),
    listTargets(system),
    strategyEvidence(ctx.db, ctx.orgId, days),
    trainingEvidence(ctx.db, ctx.orgId, days),
  ]);
  const p = { from: period.from, to: period.to };
  const months = EVIDENCE_DAYS / MONTH_DAYS;
  const item = (
    key: string,
    label: string,
    value: number | null,
    unit: string,
    sentence: string,
    noData?: string,
  ): EvidenceItem =>
    value === null
      ? {
          key,
          label,
          status: 'no_data',
          value: null,
          unit,
          period: p,
          sentence: noData ?? `No ${label.toLowerCase()} in the last ${EVIDENCE_DAYS} days.`,
        }
      : { key, label, status: 'measured', value, unit, period: p, sentence };
  const perPersonMonth = f.people === 0 ? null : r2(f.received / f.people / months);
  const effortShare = pct(f.effort_kudos, f.kudos);
  const recognisedShare = pct(f.recognised_people, f.people);
  const feedbackShare = pct(f.feedback_people, f.people);
  const casesInTime = pct(f.cases_met, f.cases_due);
  const firstContactInTime = pct(f.first_contact_met, f.first_contact_due);
  const tracked = targets.filter((t) => t.status === 'on_track' || t.status === 'achieved').length;
  const scoreItem = (key: string, label: string, e: EstimateView | null, unit: string, what: string) =>
    item(
      key,
      label,
      e?.value ?? null,
      unit,
      e?.value == null
        ? ''
        : `${what} ${r2(e.value)} from ${e.n} answers (95 % interval ${r2(e.low ?? 0)} to ${r2(e.high ?? 0)}).`,
    );
  const responses = customers.volume.responses;
  const trainingOf = (kind: 'competency' | 'commitment') =>
    training.find((t) => t.kind === kind) ?? { kind, assigned: 0, completed: 0, people: 0, active: 0 };

  const evidence: Record<ClimateQuestionKey, EvidenceItem[]> = {
    strategy: [
      strategy.latest
        ? {
            key: 'strategy_published',
            label: 'Published strategy',
            status: 'measured',
            value: strategy.latest.number,
            unit: 'version',
            period: null,
            sentence: `Version ${strategy.latest.number} of the strategy, published ${strategy.latest.publishedAt.slice(0, 10)}, ranks ${strategy.latest.priorities} priorities and commits to ${strategy.latest.targets} targets.`,
          }
        : item(
            'strategy_published',
            'Published strategy',
            null,
            'version',
            '',
            'No strategy has been published yet.',
          ),
    ],
    communicated: [
      item(
        'strategy_acknowledged',
        'Asked to acknowledge, and did',
        pct(strategy.acknowledged, strategy.asked),
        '% of people asked',
        `${strategy.acknowledged} of ${strategy.asked} people asked to acknowledge a strategy, priority or announcement did.`,
        'Nothing published in the last 90 days asked people to acknowledge it.',
      ),
      item(
        'strategy_understood',
        'Understanding quiz score',
        strategy.quizMeanScore === null ? null : r2(100 * strategy.quizMeanScore),
        '% right (mean)',
        `${strategy.quizAnswered} people answered a quiz on what was published; on average they got ${r2(100 * (strategy.quizMeanScore ?? 0))} % right.`,
        'Nobody answered an understanding quiz in the last 90 days.',
      ),
    ],
    reward: [
      item(
        'kudos_per_person_month',
        'Kudos received per person per month',
        perPersonMonth,
        'kudos / person / month',
        `${f.received} kudos received by ${f.people} active people: ${perPersonMonth} per person per month.`,
      ),
      item(
        'effort_kudos_share',
        'Share of kudos for effort',
        effortShare,
        '% of kudos',
        `${f.effort_kudos} of ${f.kudos} kudos recognised effort rather than success.`,
        'No kudos given in the last 90 days.',
      ),
      item(
        'recognised_people_share',
        'People recognised at least once',
        recognisedShare,
        '% of people',
        `${f.recognised_people} of ${f.people} active people received kudos.`,
      ),
    ],
    processes: [
      scoreItem(
        'ces',
        'Customer effort (CES)',
        customers.ces,
        'CES 1–7 (lower is easier)',
        'Customers rated their effort',
      ),
      item(
        'first_contact_in_time',
        'Unhappy customers contacted in time',
        firstContactInTime,
        '% of cases',
        `${f.first_contact_met} of ${f.first_contact_due} cases were first contacted within their deadline.`,
        'No case reached its first-contact deadline in the last 90 days.',
      ),
    ],
    measurement: [
      item(
        'targets_set',
        'Targets set',
        targets.length,
        'targets',
        `${targets.length} targets set; ${tracked} on track or achieved.`,
      ),
      item(
        'responses',
        'Customer responses',
        responses,
        'responses',
        `${responses} customer responses in the last ${EVIDENCE_DAYS} days.`,
      ),
    ],
    perform_well: [
      item(
        'praise_feedback',
        'Praise feedback given',
        f.praise_feedback,
        'pieces of feedback',
        `${f.praise_feedback} pieces of praise feedback given.`,
      ),
      item(
        'praise_immediacy',
        'Median hours from event to praise',
        f.praise_hours === null ? null : r2(Number(f.praise_hours)),
        'hours',
        `Praise followed its evidence after ${r2(Number(f.praise_hours ?? 0))} hours (median).`,
        'No praise feedback tied to evidence in the last 90 days.',
      ),
      item(
        'feedback_coverage',
        'People who received feedback',
        feedbackShare,
        '% of people',
        `${f.feedback_people} of ${f.people} active people received feedback.`,
      ),
      item(
        'customer_praise_recognised',
        'Customer praise recognised',
        pct(f.praise_recognised, f.praise_decided),
        '% of praise',
        `${f.praise_recognised} of ${f.praise_decided} customer compliments naming an employee were recognised.`,
        'No customer praised a named employee in the last 90 days.',
      ),
    ],
    perform_poorly: [
      item(
        'cases_resolved_in_time',
        'Unhappy customers resolved in time',
        casesInTime,
        '% of cases',
        `${f.cases_met} of ${f.cases_due} cases were closed within their resolution deadline.`,
        'No case reached its resolution deadline in the last 90 days.',
      ),
      item(
        'to_improve_immediacy',
        'Median hours from event to improvement feedback',
        f.to_improve_hours === null ? null : r2(Number(f.to_improve_hours)),
        'hours',
        `${f.to_improve_feedback} pieces of improvement feedback; the median came ${r2(Number(f.to_improve_hours ?? 0))} hours after its evidence.`,
        'No improvement feedback tied to evidence in the last 90 days.',
      ),
    ],
    train_commitment: [
      item(
        'commitment_training',
        'Commitment training completed',
        pct(trainingOf('commitment').completed, trainingOf('commitment').assigned),
        '% of assignments',
        `${trainingOf('commitment').completed} of ${trainingOf('commitment').assigned} commitment modules assigned in the last 90 days are completed.`,
        'No commitment training was assigned in the last 90 days.',
      ),
      item(
        'commitment_trained_people',
        'People who completed commitment training',
        pct(trainingOf('commitment').people, trainingOf('commitment').active),
        '% of people',
        `${trainingOf('commitment').people} of ${trainingOf('commitment').active} active people completed a commitment module.`,
      ),
    ],
    train_competency: [
      item(
        'competency_training',
        'Competency training completed',
        pct(trainingOf('competency').completed, trainingOf('competency').assigned),
        '% of assignments',
        `${trainingOf('competency').completed} of ${trainingOf('competency').assigned} competency modules assigned in the last 90 days are completed.`,
        'No competency training was assigned in the last 90 days.',
      ),
      item(
        'competency_trained_people',
        'People who completed competency training',
        pct(trainingOf('competency').people, trainingOf('competency').active),
        '% of people',
        `${trainingOf('competency').people} of ${trainingOf('competency').active} active people completed a competency module.`,
      ),
    ],
    connect_customer: [
      item(
        'responses',
        'Customer responses',
        responses,
        'responses',
        `${responses} customer responses in the last ${EVIDENCE_DAYS} days.`,
      ),
      item(
        'response_rate',
        'Invitation response rate',
        customers.volume.responseRate === null ? null : r2(100 * customers.volume.responseRate),
        '% of invitations',
        `${customers.volume.invitationsAnswered} of ${customers.volume.invitationsSent} survey invitations were answered.`,
        'No survey invitations sent in the last 90 days.',
      ),
      scoreItem('nps', 'Net Promoter Score', customers.nps, 'NPS −100…100', 'Customers gave an NPS of'),
    ],
    celebrate_success: [
      item(
        'success_kudos_per_month',
        'Kudos for success per month',
        r2(f.success_kudos / months),
        'kudos / month',
        `${f.success_kudos} kudos celebrated a success.`,
      ),
      item(
        'celebrations',
        'Celebrations',
        f.celebrations,
        'celebrations',
        `${f.celebrations} celebrations (first promoters, praise milestones, anniversaries).`,
      ),
    ],
    celebrate_effort: [
      item(
        'effort_kudos_per_month',
        'Kudos for effort per month',
        r2(f.effort_kudos / months),
        'kudos / month',
        `${f.effort_kudos} kudos recognised effort.`,
      ),
      item(
        'effort_kudos_share',
        'Share of kudos for effort',
        effortShare,
        '% of kudos',
        `${f.effort_kudos} of ${f.kudos} kudos recognised effort rather than success.`,
        'No kudos given in the last 90 days.',
      ),
    ],
  };
  return {
    period: p,
    questions: CLIMATE_QUESTIONS.map((q) => ({ questionKey: q.key, evidence: evidence[q.key] })),
  };
}
