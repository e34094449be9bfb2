import { z } from 'zod';
import { ComparisonView, EstimateView } from '../analytics/analytics.api.ts';

/** The visible actions the seeds ask of leaders, each counted per month. */
export const SCORECARD_ACTIONS = [
  'kudos_given',
  'effort_kudos_given',
  'feedback_given',
  'one_on_ones_held',
  'cases_owned',
  'cases_resolved',
  'cases_stepped_in',
  'announcements',
  'action_plans',
  'action_plan_updates',
] as const;
export type ScorecardAction = (typeof SCORECARD_ACTIONS)[number];

export const ScorecardQuery = z.strictObject({
  /** This month and the months before it. */
  months: z.coerce.number().int().min(1).max(24).default(6),
});
export type ScorecardQuery = z.infer<typeof ScorecardQuery>;

const Person = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(['admin', 'leader', 'manager', 'employee']),
});
const TeamRef = z.object({ id: z.uuid(), name: z.string() });

const Acknowledgement = z.object({
  asked: z.number().int(),
  acknowledged: z.number().int(),
  /** acknowledged ÷ asked, 0–1; null when nobody in their teams was asked. */
  rate: z.number().nullable(),
});

export const ScorecardSummaryView = z.object({
  person: Person,
  teams: z.array(TeamRef),
  totals: z.record(z.enum(SCORECARD_ACTIONS), z.number().int()),
  /** Median hours from the evidence to the feedback this person gave; null without timed feedback. */
  feedbackMedianHours: z.number().nullable(),
  acknowledgement: Acknowledgement,
});
export type ScorecardSummaryView = z.infer<typeof ScorecardSummaryView>;

export const ScorecardListView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  items: z.array(ScorecardSummaryView),
});
export type ScorecardListView = z.infer<typeof ScorecardListView>;

/** A team's pulse result as the anonymity guard releases it: mean agreement 1–5 over constructs. */
const CultureFigure = z.object({
  pulseId: z.uuid(),
  title: z.string(),
  opensAt: z.string(),
  responses: z.number().int(),
  meanAgreement: z.number().nullable(),
  enps: z.number(),
});

export const TeamOutcomeView = z.object({
  team: TeamRef,
  customer: z.array(
    z.object({
      metric: z.enum(['nps', 'csat']),
      current: EstimateView,
      previous: EstimateView,
      change: ComparisonView,
    }),
  ),
  culture: z.object({
    /** The newest pulse whose figures for this team the guard released, and the one before. */
    current: CultureFigure.nullable(),
    previous: CultureFigure.nullable(),
    /** Pulses since the previous one whose figures were withheld: too few answered. */
    withheld: z.number().int(),
  }),
});

export const ScorecardView = ScorecardSummaryView.extend({
  period: z.object({ from: z.string(), to: z.string() }),
  months: z.array(z.string()),
  actions: z.array(
    z.object({
      key: z.enum(SCORECARD_ACTIONS),
      label: z.string(),
      total: z.number().int(),
      byMonth: z.array(z.number().int()),
    }),
  ),
  immediacy: z.object({
    timedFeedback: z.number().int(),
    byMonth: z.array(z.object({ timedFeedback: z.number().int(), medianHours: z.number().nullable() })),
  }),
  acknowledgementByMonth: z.array(Acknowledgement),
  teamOutcomes: z.array(TeamOutcomeView),
});
export type ScorecardView = z.infer<typeof ScorecardView>;
