import type { Mailer } from '../../integrations/email.ts';
import type { JobHandlers } from '../../jobs/jobs.ts';
import { caseDeadlineHandlers } from './case-deadlines.ts';
import { caseEmailHandlers } from './case-email.ts';
import { caseFollowUpHandlers } from './case-follow-up.ts';

/** Close-the-loop's queues: deadlines and escalations, emails to customers, the follow-up survey. */
export function caseJobHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return { ...caseDeadlineHandlers(), ...caseEmailHandlers(deps), ...caseFollowUpHandlers() };
}
