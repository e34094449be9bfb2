import { z } from 'zod';
import { PageQuery } from '../../server/pagination.ts';
import { LocalDate } from '../analytics/analytics.api.ts';
import { METRICS } from '../analytics/statistics.ts';
import { ACTION_SOURCE_KINDS, ACTION_STATUSES } from './action-plans.tables.ts';
import { CONSTRUCTS } from './constructs.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * What the action answers. A construct names one of the seven keys and a metric one of the
 * analytics metrics; a pulse statement or text theme is named by its own key (no foreign key, so a
 * plan does not depend on the pulse tables).
 */
export const ActionSourceInput = z
  .strictObject({
    kind: z.enum(ACTION_SOURCE_KINDS),
    key: Text(200),
    pulseId: z.uuid().nullish(),
  })
  .refine((s) => s.kind !== 'construct' || (CONSTRUCTS as readonly string[]).includes(s.key), {
    message: `A construct is one of ${CONSTRUCTS.join(', ')}`,
    path: ['key'],
  })
  .refine((s) => s.kind !== 'metric' || (METRICS as readonly string[]).includes(s.key), {
    message: `A metric is one of ${METRICS.join(', ')}`,
    path: ['key'],
  });

export const CreateActionPlanInput = z.strictObject({
  teamId: z.uuid(),
  /** Defaults to the person creating it. */
  ownerId: z.uuid().optional(),
  source: ActionSourceInput,
  title: Text(200),
  description: z.string().trim().max(5000).nullish(),
  dueDate: LocalDate,
});
export type CreateActionPlanInput = z.infer<typeof CreateActionPlanInput>;

export const UpdateActionPlanInput = z.strictObject({
  ownerId: z.uuid().optional(),
  title: Text(200).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
  dueDate: LocalDate.optional(),
});
export type UpdateActionPlanInput = z.infer<typeof UpdateActionPlanInput>;

/** A dated progress note on the timeline; giving a status moves the plan to it. */
export const ProgressInput = z.strictObject({
  body: Text(5000),
  status: z.enum(ACTION_STATUSES).optional(),
});
export type ProgressInput = z.infer<typeof ProgressInput>;

export const ListActionPlansQuery = PageQuery.extend({
  teamId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  pulseId: z.uuid().optional(),
}).strict();
export type ListActionPlansQuery = z.infer<typeof ListActionPlansQuery>;

export const ActionReportQuery = z.strictObject({
  /** Only actions answering this pulse ("actions taken on the last pulse"). */
  pulseId: z.uuid().optional(),
  /** Only actions created on or after this day. */
  since: LocalDate.optional(),
});
export type ActionReportQuery = z.infer<typeof ActionReportQuery>;

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const ActionUpdateView = z.object({
  id: z.uuid(),
  author: Ref.nullable(),
  body: z.string(),
  status: z.enum(ACTION_STATUSES).nullable(),
  createdAt: z.string(),
});

const PulseFigure = z.object({
  pulseId: z.uuid(),
  title: z.string(),
  opensAt: z.string(),
  /** The team's mean agreement (1–5) on the construct, and the answers behind it. */
  mean: z.number(),
  responses: z.number().int(),
});
/**
 * Whether the score the plan answers moved: the team's construct score in the pulse before the
 * plan and in the next pulse after it, compared with the analytics significance test.
 */
export const PlanMovementView = z.object({
  status: z.enum(['no_baseline', 'awaiting_next_pulse', 'too_few_responses', 'measured']),
  construct: z.enum(CONSTRUCTS),
  before: PulseFigure.nullable(),
  after: PulseFigure.nullable(),
  change: z.number().nullable(),
  pValue: z.number().nullable(),
  /** Larger than chance would explain at the 5 % level. */
  significant: z.boolean(),
  direction: z.enum(['better', 'worse', 'unchanged']),
});
export type PlanMovementView = z.infer<typeof PlanMovementView>;

export const ActionPlanView = z.object({
  id: z.uuid(),
  team: Ref,
  owner: Ref,
  createdBy: Ref.nullable(),
  source: z.object({
    kind: z.enum(ACTION_SOURCE_KINDS),
    key: z.string(),
    pulseId: z.uuid().nullable(),
    /** A readable name for the source, e.g. "Consequence" for the construct key `consequence`. */
    label: z.string(),
  }),
  title: z.string(),
  description: z.string().nullable(),
  dueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  /** Planned or in progress, and the due date has passed in the organisation's time zone. */
  overdue: z.boolean(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The timeline, oldest first. */
  updates: z.array(ActionUpdateView),
  /** Whether the caller may edit the plan and post progress. */
  canEdit: z.boolean(),
  /**
   * For a plan answering a construct, whether the team's score moved by the next pulse; null for
   * other sources and for readers who do not see the team's pulse results.
   */
  movement: PlanMovementView.nullable(),
});
export type ActionPlanView = z.infer<typeof ActionPlanView>;

export const ActionPlansPage = z.object({
  items: z.array(ActionPlanView),
  nextCursor: z.string().nullable(),
});

const Counts = z.object({
  planned: z.number().int(),
  inProgress: z.number().int(),
  done: z.number().int(),
  dropped: z.number().int(),
  overdue: z.number().int(),
  total: z.number().int(),
});
export type ActionCounts = z.infer<typeof Counts>;

export const ActionReportView = z.object({
  pulseId: z.uuid().nullable(),
  since: z.string().nullable(),
  totals: Counts,
  byOwner: z.array(Counts.extend({ owner: Ref })),
  byTeam: z.array(Counts.extend({ team: Ref })),
});
export type ActionReportView = z.infer<typeof ActionReportView>;
