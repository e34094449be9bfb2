import type { Mailer } from '../../integrations/email.ts';
import type { JobHandlers } from '../../jobs/jobs.ts';
import { caseDeadlineHandlers } from './case-deadlines.ts';
import { caseEmailHandlers } from './case-email.ts';
import { notificationHandlers } from './notifications.service.ts';

/** Close-the-loop's queues: deadlines and escalations, notification emails, emails to customers. */
export function caseJobHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return { ...caseDeadlineHandlers(), ...notificationHandlers(deps), ...caseEmailHandlers(deps) };
}
