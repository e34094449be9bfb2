import { and, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Db, query, sql } from '../../db/client.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { customers } from '../customers/customers.tables.ts';
import { SEND_INVITATION } from '../surveys/distribution.service.ts';
import { createInvitationIn } from '../surveys/invitations.service.ts';
import type { SurveyDefinition } from '../surveys/surveys.api.ts';
import { findSurvey } from '../surveys/surveys.service.ts';
import { surveys } from '../surveys/surveys.tables.ts';
import { loadCaseSettings } from './case-settings.service.ts';
import type { FollowUpView } from './cases.api.ts';
import { caseFollowUps, caseSettings, cases, type FollowUpSkip } from './cases.tables.ts';

/**
 * Measured recovery: some hours after a case is resolved, the customer gets a one-question survey
 * ("How well did we put things right?", 1–5) through the ordinary invitation machinery — the
 * invitation email with the question as one-tap score links, its unsubscribe link, and the
 * consent and unsubscribe checks at send time. The answer is the invitation's response, linked to
 * the case through `case_follow_ups`; 4 or 5 counts as recovered.
 */

export const CASE_FOLLOW_UP = 'case-follow-up';
export const FOLLOW_UP_SCALE = { min: 1, max: 5 } as const;
/** A follow-up answer at or above this counts as recovered. */
export const RECOVERED_FROM = 4;

export const FOLLOW_UP_SURVEY_NAME = 'Case follow-up (recovery)';
export const FOLLOW_UP_DEFINITION: SurveyDefinition = {
  languages: ['en', 'es', 'de'],
  title: {
    en: 'Did we put things right?',
    es: '¿Lo hemos solucionado?',
    de: 'Haben wir es wieder gutgemacht?',
  },
  thankYou: {
    en: 'Thank you for telling us. It helps us learn how well we put things right.',
    es: 'Gracias por decírnoslo. Nos ayuda a saber si lo hemos solucionado bien.',
    de: 'Danke für Ihre Antwort. Sie hilft uns zu lernen, wie gut wir Dinge wieder gutmachen.',
  },
  brandColor: '#1864ab',
  questions: [
    {
      id: 'recovery',
      type: 'rating',
      min: FOLLOW_UP_SCALE.min,
      max: FOLLOW_UP_SCALE.max,
      required: true,
      label: {
        en: 'How well did we put things right?',
        es: '¿En qué medida hemos solucionado el problema?',
        de: 'Wie gut haben wir die Sache wieder in Ordnung gebracht?',
      },
      lowLabel: { en: 'Not at all', es: 'Nada', de: 'Gar nicht' },
      highLabel: { en: 'Completely', es: 'Por completo', de: 'Vollständig' },
    },
  ],
};

const Payload = z.object({ caseId: z.uuid(), cycle: z.number().int().min(1) });

/**
 * Called in the transaction that resolves a case: records the follow-up as due after the
 * organisation's delay (wall-clock hours) and enqueues the job that sends it. One per case and
 * cycle, however often this runs.
 */
export async function scheduleFollowUp(
  tx: Db,
  orgId: string,
  kase: { id: string; cycle: number },
  now: Date,
): Promise<void> {
  const settings = await loadCaseSettings(tx, orgId);
  const dueAt = new Date(now.getTime() + settings.followUpDelayHours * 3_600_000);
  const inserted = await tx
    .insert(caseFollowUps)
    .values({
      orgId,
      caseId: kase.id,
      cycle: kase.cycle,
      dueAt,
      skipped: settings.followUpEnabled ? null : 'disabled',
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ caseId: caseFollowUps.caseId });
  if (inserted.length === 0 || !settings.followUpEnabled) return;
  await enqueue(tx, {
    orgId,
    queue: CASE_FOLLOW_UP,
    payload: { caseId: kase.id, cycle: kase.cycle },
    runAt: dueAt,
    singletonKey: `${kase.id}:${kase.cycle}`,
  });
}

/**
 * The organisation's follow-up survey, created (active) on first use. Claiming the settings row
 * first means two concurrent jobs create one survey between them.
 */
async function followUpSurveyId(tx: Db, orgId: string): Promise<string> {
  const settings = await loadCaseSettings(tx, orgId);
  const current = settings.followUpSurveyId;
  if (current && (await findSurvey(tx, orgId, current))) return current;
  const id = uuidv7();
  const claimed = await tx
    .update(caseSettings)
    .set({ followUpSurveyId: id })
    .where(
      and(
        eq(caseSettings.orgId, orgId),
        current ? eq(caseSettings.followUpSurveyId, current) : isNull(caseSettings.followUpSurveyId),
      ),
    )
    .returning({ id: caseSettings.followUpSurveyId });
  if (claimed.length === 0) return followUpSurveyId(tx, orgId);
  await tx.insert(surveys).values({
    orgId,
    id,
    kind: 'custom',
    name: FOLLOW_UP_SURVEY_NAME,
    status: 'active',
    definition: FOLLOW_UP_DEFINITION,
  });
  return id;
}

/** Why the follow-up cannot go to this customer, or null when it may. */
function skipReason(customer: typeof customers.$inferSelect | undefined): FollowUpSkip | null {
  if (!customer) return 'no_customer';
  if (!customer.email) return 'no_email';
  if (!customer.consentEmail) return 'no_consent';
  if (customer.unsubscribedAt) return 'unsubscribed';
  return null;
}

/** The `case-follow-up` job: at the due time, invite the customer unless the case reopened since. */
export function caseFollowUpHandlers(): JobHandlers {
  return {
    [CASE_FOLLOW_UP]: defineJob(Payload, async ({ caseId, cycle }, job) => {
      await job.db.transaction(async (tx) => {
        const key = and(
          eq(caseFollowUps.orgId, job.orgId),
          eq(caseFollowUps.caseId, caseId),
          eq(caseFollowUps.cycle, cycle),
        );
        const [followUp] = await tx.select().from(caseFollowUps).where(key).for('update');
        if (!followUp || followUp.invitationId || followUp.skipped) return;
        const [kase] = await tx
          .select()
          .from(cases)
          .where(and(eq(cases.orgId, job.orgId), eq(cases.id, caseId)));
        if (!kase) return;
        const skip = async (reason: FollowUpSkip) => {
          await tx.update(caseFollowUps).set({ skipped: reason }).where(key);
        };
        if (kase.cycle !== cycle || (kase.status !== 'resolved' && kase.status !== 'closed'))
          return skip('reopened');
        const [customer] = kase.customerId
          ? await tx
              .select()
              .from(customers)
              .where(and(eq(customers.orgId, job.orgId), eq(customers.id, kase.customerId)))
          : [];
        const reason = skipReason(customer);
        if (reason || !customer) return skip(reason ?? 'no_customer');
        const surveyId = await followUpSurveyId(tx, job.orgId);
        const invitation = await createInvitationIn(tx, job.orgId, {
          surveyId,
          customer: { id: customer.id },
          channel: 'email',
        });
        await tx.update(caseFollowUps).set({ invitationId: invitation.id }).where(key);
        // The invitation job checks consent, unsubscribe and bounces again when it sends.
        await enqueue(tx, {
          orgId: job.orgId,
          queue: SEND_INVITATION,
          payload: { invitationId: invitation.id, ruleId: null },
          runAt: job.clock.now(),
          singletonKey: invitation.id,
        });
      });
    }),
  };
}

interface FollowUpRow {
  case_id: string;
  cycle: number;
  due_at: Date | string;
  skipped: FollowUpSkip | null;
  invitation_id: string | null;
  sent_at: Date | string | null;
  bounced_at: Date | string | null;
  response_id: string | null;
  score: number | null;
  comment: string | null;
  submitted_at: Date | string | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Each given case's latest follow-up with its answer (the invitation's response), if any. */
export async function latestFollowUps(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<Map<string, FollowUpView>> {
  if (caseIds.length === 0) return new Map();
  const rows = await query<FollowUpRow>(
    db,
    sql`select distinct on (f.case_id) f.case_id, f.cycle, f.due_at, f.skipped, f.invitation_id,
          i.sent_at, i.bounced_at, r.id as response_id, r.score, r.comment, r.submitted_at
        from case_follow_ups f
        left join invitations i on i.org_id = f.org_id and i.id = f.invitation_id
        left join responses r on r.org_id = f.org_id and r.invitation_id = f.invitation_id
        where f.org_id = ${orgId} and f.case_id in (${sql.join(
          caseIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        order by f.case_id, f.cycle desc`,
  );
  return new Map(
    rows.map((r) => [
      r.case_id,
      {
        cycle: r.cycle,
        status: r.response_id
          ? 'answered'
          : r.skipped
            ? 'skipped'
            : r.bounced_at
              ? 'bounced'
              : r.sent_at
                ? 'sent'
                : 'scheduled',
        dueAt: iso(r.due_at) as string,
        skipped: r.skipped,
        sentAt: iso(r.sent_at),
        answeredAt: iso(r.submitted_at),
        responseId: r.response_id,
        score: r.score,
        comment: r.comment,
        scaleMax: FOLLOW_UP_SCALE.max,
        recovered: r.score === null ? null : r.score >= RECOVERED_FROM,
      } satisfies FollowUpView,
    ]),
  );
}
