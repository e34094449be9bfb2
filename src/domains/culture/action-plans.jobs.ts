import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, type JobHandlers } from '../../jobs/jobs.ts';
import { notify } from '../notifications/notifications.service.ts';
import { ACTION_PLAN_OVERDUE } from './action-plans.service.ts';
import { actionPlans } from './action-plans.tables.ts';

const Payload = z.object({ actionPlanId: z.uuid(), dueDate: z.iso.date() });

/**
 * The overdue check, planned for the first moment after the due date (organisation time zone).
 * It stops when the plan is finished or its due date moved (a new check was planned for that), and
 * notifies once per (plan, due date) through the notification's dedupe key, however often it runs.
 */
export function actionPlanJobHandlers(): JobHandlers {
  return {
    [ACTION_PLAN_OVERDUE]: defineJob(Payload, async ({ actionPlanId, dueDate }, job) => {
      const [plan] = await job.db
        .select()
        .from(actionPlans)
        .where(and(eq(actionPlans.orgId, job.orgId), eq(actionPlans.id, actionPlanId)));
      if (!plan || plan.dueDate !== dueDate) return;
      if (plan.status === 'done' || plan.status === 'dropped') return;
      await notify(job.db, job.orgId, {
        to: [plan.ownerId, plan.createdBy],
        kind: 'action_overdue',
        title: `Action overdue: ${plan.title}`,
        body: `It was due ${dueDate}. Post progress, move the due date, or mark it done or dropped.`,
        link: `/culture/action-plans?plan=${plan.id}`,
        dedupeKey: `action-overdue:${plan.id}:${dueDate}`,
        at: job.clock.now(),
      });
    }),
  };
}
