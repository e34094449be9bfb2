import { z } from 'zod';
import { COMPARATORS, TARGET_METRICS } from './analytics.tables.ts';
import { METRICS } from './statistics.ts';

/** A calendar day in the organisation's time zone, years 1–9999 (PostgreSQL has no year 0). */
export const LocalDate = z.iso.date().refine((s) => {
  const year = Number(s.slice(0, 4));
  return year >= 1 && year <= 9999;
}, 'a date between the years 1 and 9999');

/**
 * The filters every analytics figure takes. Dates are the organisation's local days, both ends
 * included; without them, the last 12 months (this month and the 11 before it). `teamId` includes
 * the team's sub-teams. `segment` (a customer segment) is not in the rollups: with it, figures are
 * computed from raw responses joined to customers (slower; see README).
 */
export const AnalyticsFilters = z.strictObject({
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  teamId: z.uuid().optional(),
  /** `exclude`: only the team's own responses, as the team comparison counts them. */
  subTeams: z.enum(['include', 'exclude']).default('include'),
  channel: z.string().min(1).max(40).optional(),
  surveyId: z.uuid().optional(),
  segment: z.string().min(1).max(200).optional(),
  /** Below this many answers a score is "too few responses" (status `too_few_responses`). */
  minSample: z.coerce.number().int().min(1).max(100_000).default(30),
});
export type AnalyticsFilters = z.infer<typeof AnalyticsFilters>;

export const MetricSchema = z.enum(METRICS);
export const Interval = z.enum(['week', 'month']);

const metricFor = (fallback: (typeof METRICS)[number]) => ({ metric: MetricSchema.default(fallback) });

export const OverviewQuery = AnalyticsFilters.extend({ interval: Interval.default('month') });
export type OverviewQuery = z.infer<typeof OverviewQuery>;
export const TeamsQuery = AnalyticsFilters.extend({
  ...metricFor('nps'),
  interval: Interval.default('month'),
});
export type TeamsQuery = z.infer<typeof TeamsQuery>;
export const EmployeesQuery = AnalyticsFilters.extend({
  ...metricFor('nps'),
  /** Nobody with fewer answers is ranked (they are listed, unranked). */
  minN: z.coerce.number().int().min(1).max(100_000).default(10),
  prior: z.enum(['team', 'organisation']).default('team'),
});
export type EmployeesQuery = z.infer<typeof EmployeesQuery>;
export const EmployeeMonthlyQuery = AnalyticsFilters.extend(metricFor('nps'));
export type EmployeeMonthlyQuery = z.infer<typeof EmployeeMonthlyQuery>;
export const DriversQuery = AnalyticsFilters;
export const QuestionsQuery = AnalyticsFilters;

export const DRILL_CATEGORIES = [
  'promoter',
  'passive',
  'detractor',
  'satisfied',
  'unsatisfied',
  'scored',
] as const;
export const DrillDownQuery = AnalyticsFilters.extend({
  employeeId: z.uuid().optional(),
  /** The survey kind behind a score card (nps, csat, ces); `score` = custom surveys. */
  metric: MetricSchema.optional(),
  /** Only the responses in one slice of a figure, e.g. the detractors behind an NPS. */
  category: z.enum(DRILL_CATEGORIES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type DrillDownQuery = z.infer<typeof DrillDownQuery>;

export const EXPORT_TABLES = [
  'trend',
  'teams',
  'employees',
  'employee-monthly',
  'questions',
  'drivers',
  'responses',
  'targets',
] as const;
export const ExportParams = z.strictObject({ table: z.enum(EXPORT_TABLES) });
/** Every table's query in one: each table reads the fields it knows. */
export const ExportQuery = AnalyticsFilters.extend({
  metric: MetricSchema.optional(),
  interval: Interval.default('month'),
  minN: z.coerce.number().int().min(1).max(100_000).default(10),
  prior: z.enum(['team', 'organisation']).default('team'),
  employeeId: z.uuid().optional(),
  category: z.enum(DRILL_CATEGORIES).optional(),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export const EstimateView = z.object({
  metric: MetricSchema,
  n: z.number().int(),
  value: z.number().nullable(),
  standardError: z.number().nullable(),
  marginOfError: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  status: z.enum(['ok', 'too_few_responses', 'no_responses']),
});
export type EstimateView = z.infer<typeof EstimateView>;

export const ComparisonView = z.object({
  change: z.number().nullable(),
  standardError: z.number().nullable(),
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
  direction: z.enum(['better', 'worse', 'unchanged']),
});

/** The date range and time zone the figures were computed for (ids given as filters are not echoed). */
export const AppliedFilters = z.object({
  from: z.string(),
  to: z.string(),
  channel: z.string().nullable(),
  segment: z.string().nullable(),
  timeZone: z.string(),
  /** `rollups`, or `raw` when a segment filter made the figures come from raw responses. */
  source: z.enum(['rollups', 'raw']),
});

export const TargetStatus = z.enum([
  'achieved',
  'on_track',
  'uncertain',
  'off_track',
  'not_enough_history',
  'past_due',
]);

export const TargetView = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  metric: z.enum(TARGET_METRICS),
  scope: z.enum(['org', 'team']),
  teamId: z.uuid().nullable(),
  comparator: z.enum(COMPARATORS),
  value: z.number(),
  dueDate: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TargetView = z.infer<typeof TargetView>;

export const TargetProgressView = TargetView.extend({
  /** The metric over the last three months (this month included). */
  current: EstimateView,
  /** Monthly values of the last 12 months, oldest first. */
  trend: z.array(z.object({ period: z.string(), estimate: EstimateView })),
  slopePerMonth: z.number().nullable(),
  slopeStandardError: z.number().nullable(),
  projection: z.object({ at: z.string(), value: z.number(), low: z.number(), high: z.number() }).nullable(),
  status: TargetStatus,
});
export type TargetProgressView = z.infer<typeof TargetProgressView>;

const TargetFields = {
  name: z.string().trim().min(1).max(200).nullish(),
  metric: z.enum(TARGET_METRICS),
  scope: z.enum(['org', 'team']),
  teamId: z.uuid().nullish(),
  comparator: z.enum(COMPARATORS),
  value: z.number().finite().min(-100).max(100),
  dueDate: LocalDate,
};
export const CreateTargetInput = z
  .strictObject(TargetFields)
  .refine((t) => (t.scope === 'team') === Boolean(t.teamId), {
    message: 'a team target needs teamId; an organisation target has none',
    path: ['teamId'],
  });
export type CreateTargetInput = z.infer<typeof CreateTargetInput>;
export const UpdateTargetInput = z.strictObject({
  name: TargetFields.name,
  comparator: TargetFields.comparator.optional(),
  value: TargetFields.value.optional(),
  dueDate: TargetFields.dueDate.optional(),
});
export type UpdateTargetInput = z.infer<typeof UpdateTargetInput>;

export const ScoreCard = z.object({
  metric: MetricSchema,
  current: EstimateView,
  previous: EstimateView,
  change: ComparisonView,
  targets: z.array(TargetProgressView),
});

export const TrendPointView = z.object({
  period: z.string(),
  responses: z.number().int(),
  scores: z.array(EstimateView),
});

export const OverviewView = z.object({
  filters: AppliedFilters,
  previousPeriod: z.object({ from: z.string(), to: z.string() }),
  scores: z.array(ScoreCard),
  trend: z.array(TrendPointView),
  volume: z.object({
    responses: z.number().int(),
    byChannel: z.array(z.object({ channel: z.string().nullable(), responses: z.number().int() })),
    invitationsSent: z.number().int(),
    invitationsAnswered: z.number().int(),
    /** Answered ÷ sent invitations sent in the period; null when none were sent. */
    responseRate: z.number().nullable(),
  }),
});
export type OverviewView = z.infer<typeof OverviewView>;

export const FairScoreView = z.object({
  raw: EstimateView,
  /** The empirical-Bayes estimate used for ranking. */
  shrunk: z.number().nullable(),
  priorMean: z.number().nullable(),
  rank: z.number().int().nullable(),
});

export const TeamComparisonView = z.object({
  filters: AppliedFilters,
  metric: MetricSchema,
  periods: z.array(z.string()),
  teams: z.array(
    FairScoreView.extend({
      teamId: z.string().nullable(),
      name: z.string(),
      series: z.array(z.object({ period: z.string(), estimate: EstimateView })),
    }),
  ),
});
export type TeamComparisonView = z.infer<typeof TeamComparisonView>;

export const EmployeeScoresView = z.object({
  filters: AppliedFilters,
  metric: MetricSchema,
  minN: z.number().int(),
  prior: z.enum(['team', 'organisation']),
  organisationMean: z.number().nullable(),
  employees: z.array(
    FairScoreView.extend({
      employeeId: z.uuid(),
      name: z.string(),
      teamId: z.string().nullable(),
      teamName: z.string().nullable(),
    }),
  ),
});
export type EmployeeScoresView = z.infer<typeof EmployeeScoresView>;

export const EmployeeMonthlyView = z.object({
  filters: AppliedFilters,
  metric: MetricSchema,
  employeeId: z.uuid(),
  name: z.string(),
  total: EstimateView,
  months: z.array(z.object({ period: z.string(), estimate: EstimateView })),
});
export type EmployeeMonthlyView = z.infer<typeof EmployeeMonthlyView>;

export const QuestionResultsView = z.object({
  filters: AppliedFilters,
  surveys: z.array(
    z.object({
      surveyId: z.uuid(),
      name: z.string(),
      kind: z.string(),
      responses: z.number().int(),
      questions: z.array(
        z.object({
          questionId: z.string(),
          type: z.string(),
          label: z.string(),
          answered: z.number().int(),
          mean: z.number().nullable(),
          /** Scale values or option ids with their counts; empty for text questions. */
          distribution: z.array(z.object({ value: z.string(), count: z.number().int() })),
        }),
      ),
    }),
  ),
});
export type QuestionResultsView = z.infer<typeof QuestionResultsView>;

export const DriversView = z.object({
  filters: AppliedFilters,
  surveyId: z.uuid().nullable(),
  /** `too_few_responses` under 30 complete answers; `no_drivers` when the survey has no rating questions. */
  status: z.enum(['ok', 'too_few_responses', 'no_drivers', 'no_survey']),
  responses: z.number().int(),
  minimum: z.number().int(),
  rSquared: z.number().nullable(),
  drivers: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      source: z.enum(['question', 'theme']),
      /** Johnson's relative weight: its share of the explained variance, 0–1. */
      importance: z.number(),
      rawWeight: z.number(),
      correlation: z.number(),
      /** Mean answer rescaled to 0–100. */
      performance: z.number(),
      n: z.number().int(),
    }),
  ),
});
export type DriversView = z.infer<typeof DriversView>;

export const DrillDownItem = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  surveyKind: z.string(),
  submittedAt: z.string(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
  teamId: z.uuid().nullable(),
  channel: z.string().nullable(),
  customerId: z.uuid().nullable(),
  employeeIds: z.array(z.uuid()),
});
export const DrillDownView = z.object({
  filters: AppliedFilters,
  /** How many responses match in all (the figure's n), not only this page. */
  total: z.number().int(),
  items: z.array(DrillDownItem),
  nextCursor: z.string().nullable(),
});
export type DrillDownView = z.infer<typeof DrillDownView>;
