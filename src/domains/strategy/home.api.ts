import { z } from 'zod';
import { TargetProgressView } from '../analytics/analytics.api.ts';
import { CaseSummary } from '../cases/cases.api.ts';
import { FeedbackView, PraiseView, WallStoryView } from '../recognition/recognition.api.ts';
import { AssignmentView } from '../training/training.api.ts';
import { AnnouncementView } from './strategy.api.ts';

/** A short list and how many there are in all (`more`: at least that many, the count was capped). */
const Few = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), more: z.boolean() });

/** "What matters to me today", for everyone signed in. */
export const HomeView = z.object({
  person: z.object({ id: z.uuid(), name: z.string() }),
  /** Priorities and announcements I was asked to acknowledge and have not yet. */
  acknowledgements: Few(AnnouncementView),
  /** Cases I own that are still open, overdue first. */
  cases: Few(CaseSummary).extend({ overdue: z.number().int() }),
  /** The last 30 days: customers praising me by name, and kudos I received. */
  praise: z.array(PraiseView),
  kudos: z.array(WallStoryView),
  /** Private feedback to me; `unacknowledged` of it waits for my acknowledgement. */
  feedback: Few(FeedbackView).extend({ unacknowledged: z.number().int() }),
  /** Training assigned to me and not done, overdue and soonest due first. */
  training: Few(AssignmentView).extend({ overdue: z.number().int() }),
  /** My teams' targets, and the organisation's, with where each stands. */
  teams: z.array(z.object({ id: z.uuid(), name: z.string(), targets: z.array(TargetProgressView) })),
  organisationTargets: z.array(TargetProgressView),
});
export type HomeView = z.infer<typeof HomeView>;
