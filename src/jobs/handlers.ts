import type { Db } from '../db/client.ts';
import { analyticsDigestHandlers, scheduleAnalyticsDigests } from '../domains/analytics/digest.service.ts';
import { caseTriggerStep } from '../domains/cases/case-triggers.step.ts';
import { caseJobHandlers } from '../domains/cases/cases.jobs.ts';
import { actionPlanJobHandlers } from '../domains/culture/action-plans.jobs.ts';
import { pulseJobHandlers } from '../domains/culture/pulses.service.ts';
import { notificationEmailHandlers } from '../domains/notifications/notifications.service.ts';
import { recognitionResponseStep } from '../domains/recognition/praise.step.ts';
import {
  scheduleTargetCelebrations,
  targetCelebrationHandlers,
} from '../domains/recognition/target-celebrations.ts';
import { type ResponseStep, responsePipelineHandlers } from '../domains/responses/response-pipeline.ts';
import { strategyJobHandlers } from '../domains/strategy/strategy.jobs.ts';
import { distributionHandlers } from '../domains/surveys/distribution.jobs.ts';
import { textReanalysisHandlers } from '../domains/text/reanalysis.ts';
import { negativeSentimentOf, textAnalysisStep } from '../domains/text/text.service.ts';
import { scheduleTrainingRules, trainingJobHandlers } from '../domains/training/rules.service.ts';
import type { Mailer } from '../integrations/email.ts';
import { outboundWebhookHandlers } from '../integrations/outbound-webhooks.service.ts';
import { type Clock, type JobHandlers, realClock } from './jobs.ts';

export interface JobDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  outboundWebhooksAllowPrivate?: boolean;
}

/**
 * The steps every stored or changed response goes through (see response-pipeline.ts). Each
 * capability adds its step here.
 */
export function responseSteps(_deps: JobDeps): ResponseStep[] {
  return [
    textAnalysisStep(),
    caseTriggerStep({ negativeSentiment: negativeSentimentOf }),
    recognitionResponseStep(),
  ];
}

/** Every queue's handler: what `serviceloop start` runs, and what tests run to see the whole app. */
export function allJobHandlers(deps: JobDeps): JobHandlers {
  return {
    ...distributionHandlers(deps),
    ...responsePipelineHandlers(responseSteps(deps)),
    ...caseJobHandlers(deps),
    ...notificationEmailHandlers(deps),
    ...outboundWebhookHandlers(deps),
    ...analyticsDigestHandlers(deps),
    ...trainingJobHandlers(),
    ...targetCelebrationHandlers(),
    ...pulseJobHandlers(deps),
    ...actionPlanJobHandlers(),
    ...strategyJobHandlers(deps),
    ...textReanalysisHandlers(),
  };
}

/**
 * The first run of every daily job (digest, training rules, target celebrations) of every
 * organisation, or of one just created. Each run schedules the next, and the singleton key (the
 * day) makes calling this again harmless: `serviceloop start` calls it for all, and the commands
 * that create an organisation (create-admin, demo) for theirs, so a running server picks it up.
 */
export async function scheduleDailyJobs(db: Db, clock: Clock = realClock, orgId?: string): Promise<void> {
  await scheduleAnalyticsDigests(db, clock, orgId);
  await scheduleTrainingRules(db, clock, orgId);
  await scheduleTargetCelebrations(db, clock, orgId);
}
