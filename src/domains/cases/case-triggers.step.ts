import { anyUuid, type Db, query, sql } from '../../db/client.ts';
import type { ResponseStep } from '../responses/response-pipeline.ts';
import { loadRules } from './case-settings.service.ts';
import { caseForNegativeResponse } from './open-case.ts';
import { matchTrigger, type TriggerRule } from './triggers.ts';

/**
 * The hook for text analytics: given responses, the ids whose comment it judged negative. Text
 * analytics (src/domains/text, step order 10) runs before this step (order 20), so its results
 * exist by the time the rules are evaluated. Until one is passed to `caseTriggerStep`, the
 * "negative comment" rule never fires.
 */
export type NegativeSentimentLookup = (
  db: Db,
  orgId: string,
  responseIds: string[],
) => Promise<ReadonlySet<string>>;

/** Historical imports open cases only for answers this recent: nobody follows up last year's score. */
const IMPORT_RECENCY_MS = 7 * 86_400_000;

interface CandidateRow {
  id: string;
  survey_id: string;
  survey_kind: string;
  customer_id: string | null;
  interaction_id: string | null;
  team_id: string | null;
  score: number | null;
  comment: string | null;
  submitted_at: Date | string;
  employee_ids: string[] | null;
}

/** Responses not yet linked to a case, with what the rules and the owner rule need. */
async function unhandledResponses(db: Db, orgId: string, ids: string[]): Promise<CandidateRow[]> {
  return query<CandidateRow>(
    db,
    sql`select r.id, r.survey_id, s.kind as survey_kind, r.customer_id, r.interaction_id, r.team_id, r.score,
          r.comment, r.submitted_at,
          (select array_agg(re.employee_id order by re.employee_id) from response_employees re
            where re.org_id = r.org_id and re.response_id = r.id) as employee_ids
        from responses r
        join surveys s on s.org_id = r.org_id and s.id = r.survey_id
        where r.org_id = ${orgId} and r.id = ${anyUuid(ids)}
          and not exists (select 1 from case_responses cr where cr.org_id = r.org_id and cr.response_id = r.id)
        order by r.submitted_at, r.id`,
  );
}

/** The close-the-loop step of the response pipeline: trigger rules open, join or reopen cases. */
export function caseTriggerStep(options: { negativeSentiment?: NegativeSentimentLookup } = {}): ResponseStep {
  return {
    name: 'close-the-loop triggers',
    order: 20,
    async run(db, orgId, responseIds, change, job) {
      const rules: TriggerRule[] = (await loadRules(db, orgId)).filter((r) => r.active);
      if (rules.length === 0) return;
      const now = job.clock.now();
      const candidates = (await unhandledResponses(db, orgId, responseIds)).filter(
        (r) =>
          change !== 'imported' || now.getTime() - new Date(r.submitted_at).getTime() <= IMPORT_RECENCY_MS,
      );
      if (candidates.length === 0) return;
      const negative =
        options.negativeSentiment && rules.some((r) => r.kind === 'negative_sentiment')
          ? await options.negativeSentiment(
              db,
              orgId,
              candidates.map((c) => c.id),
            )
          : new Set<string>();
      for (const r of candidates) {
        const match = matchTrigger(rules, {
          surveyId: r.survey_id,
          surveyKind: r.survey_kind,
          score: r.score,
          comment: r.comment,
          negativeSentiment: negative.has(r.id),
        });
        if (!match) continue;
        // One transaction per response: a failure retries the job, and the ones done are skipped.
        await db.transaction((tx) =>
          caseForNegativeResponse(tx, {
            orgId,
            customerId: r.customer_id,
            responseId: r.id,
            interactionId: r.interaction_id,
            teamId: r.team_id,
            servedBy: r.employee_ids ?? [],
            ruleId: match.rule.id,
            origin: 'rule',
            reason: match.reason,
            actorId: null,
            now,
          }),
        );
      }
    },
  };
}
