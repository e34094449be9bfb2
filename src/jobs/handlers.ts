import type { Db } from '../db/client.ts';
import { analyticsDigestHandlers } from '../domains/analytics/digest.service.ts';
import { caseTriggerStep } from '../domains/cases/case-triggers.step.ts';
import { caseJobHandlers } from '../domains/cases/cases.jobs.ts';
import { actionPlanJobHandlers } from '../domains/culture/action-plans.jobs.ts';
import { pulseJobHandlers } from '../domains/culture/pulses.service.ts';
import { notificationEmailHandlers } from '../domains/notifications/notifications.service.ts';
import { recognitionResponseStep } from '../domains/recognition/praise.step.ts';
import { targetCelebrationHandlers } from '../domains/recognition/target-celebrations.ts';
import { type ResponseStep, responsePipelineHandlers } from '../domains/responses/response-pipeline.ts';
import { strategyJobHandlers } from '../domains/strategy/strategy.jobs.ts';
import { distributionHandlers } from '../domains/surveys/distribution.jobs.ts';
import { textReanalysisHandlers } from '../domains/text/reanalysis.ts';
import { negativeSentimentOf, textAnalysisStep } from '../domains/text/text.service.ts';
import { trainingJobHandlers } from '../domains/training/rules.service.ts';
import type { Mailer } from '../integrations/email.ts';
import { outboundWebhookHandlers } from '../integrations/outbound-webhooks.service.ts';
import type { JobHandlers } from './jobs.ts';

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
