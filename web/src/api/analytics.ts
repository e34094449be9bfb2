import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, buildPath, request } from './client';

// Shapes of /api/v1/analytics/* (src/domains/analytics/analytics.api.ts is the source of truth).

export type Metric = 'nps' | 'csat' | 'ces' | 'score';
export type TargetMetric = 'nps' | 'csat' | 'ces';
export type Interval = 'week' | 'month';
export type Comparator = '>=' | '<=';
export type DrillCategory = 'promoter' | 'passive' | 'detractor' | 'satisfied' | 'unsatisfied' | 'scored';
export type ExportTable =
  | 'trend'
  | 'teams'
  | 'employees'
  | 'employee-monthly'
  | 'questions'
  | 'drivers'
  | 'responses'
  | 'targets';

/** The filters every dashboard page shares; kept in the address (see useAnalyticsFilters). */
export interface AnalyticsFilters {
  from?: string;
  to?: string;
  teamId?: string;
  /** `exclude`: the team's own responses only (as the team comparison counts them). */
  subTeams?: 'include' | 'exclude';
  channel?: string;
  surveyId?: string;
  segment?: string;
}

export interface Estimate {
  metric: Metric;
  n: number;
  value: number | null;
  standardError: number | null;
  marginOfError: number | null;
  low: number | null;
  high: number | null;
  status: 'ok' | 'too_few_responses' | 'no_responses';
}

export interface AppliedFilters {
  from: string;
  to: string;
  channel: string | null;
  segment: string | null;
  timeZone: string;
  source: 'rollups' | 'raw';
}

export type TargetStatus =
  | 'achieved'
  | 'on_track'
  | 'uncertain'
  | 'off_track'
  | 'not_enough_history'
  | 'past_due';

export interface Target {
  id: string;
  name: string | null;
  metric: TargetMetric;
  scope: 'org' | 'team';
  teamId: string | null;
  comparator: Comparator;
  value: number;
  dueDate: string;
  createdAt: string;
  updatedAt: string;
  current: Estimate;
  trend: { period: string; estimate: Estimate }[];
  slopePerMonth: number | null;
  slopeStandardError: number | null;
  projection: { at: string; value: number; low: number; high: number } | null;
  status: TargetStatus;
}

export interface ScoreCardData {
  metric: Metric;
  current: Estimate;
  previous: Estimate;
  change: {
    change: number | null;
    standardError: number | null;
    z: number | null;
    pValue: number | null;
    significant: boolean;
    direction: 'better' | 'worse' | 'unchanged';
  };
  targets: Target[];
}

export interface Overview {
  filters: AppliedFilters;
  previousPeriod: { from: string; to: string };
  scores: ScoreCardData[];
  trend: { period: string; responses: number; scores: Estimate[] }[];
  volume: {
    responses: number;
    byChannel: { channel: string | null; responses: number }[];
    invitationsSent: number;
    invitationsAnswered: number;
    responseRate: number | null;
  };
}

export interface FairScore {
  raw: Estimate;
  shrunk: number | null;
  priorMean: number | null;
  rank: number | null;
}

export interface TeamComparison {
  filters: AppliedFilters;
  metric: Metric;
  periods: string[];
  teams: (FairScore & {
    teamId: string | null;
    name: string;
    series: { period: string; estimate: Estimate }[];
  })[];
}

export interface EmployeeScores {
  filters: AppliedFilters;
  metric: Metric;
  minN: number;
  prior: 'team' | 'organisation';
  organisationMean: number | null;
  employees: (FairScore & {
    employeeId: string;
    name: string;
    teamId: string | null;
    teamName: string | null;
  })[];
}

export interface EmployeeMonthly {
  filters: AppliedFilters;
  metric: Metric;
  employeeId: string;
  name: string;
  total: Estimate;
  months: { period: string; estimate: Estimate }[];
}

export interface QuestionResults {
  filters: AppliedFilters;
  surveys: {
    surveyId: string;
    name: string;
    kind: string;
    responses: number;
    questions: {
      questionId: string;
      type: string;
      label: string;
      answered: number;
      mean: number | null;
      distribution: { value: string; count: number }[];
    }[];
  }[];
}

export interface Drivers {
  filters: AppliedFilters;
  surveyId: string | null;
  status: 'ok' | 'too_few_responses' | 'no_drivers' | 'no_survey';
  responses: number;
  minimum: number;
  rSquared: number | null;
  drivers: {
    key: string;
    label: string;
    source: 'question' | 'theme';
    importance: number;
    rawWeight: number;
    correlation: number;
    performance: number;
    n: number;
  }[];
}

/** What a drill-down asks for: the figure's filters plus the slice behind one number. */
export interface DrillDownQuery extends AnalyticsFilters {
  employeeId?: string;
  metric?: Metric;
  category?: DrillCategory;
}

export interface DrillDownItem {
  id: string;
  surveyId: string;
  surveyKind: string;
  submittedAt: string;
  score: number | null;
  comment: string | null;
  teamId: string | null;
  channel: string | null;
  customerId: string | null;
  employeeIds: string[];
}

export interface DrillDownPage {
  filters: AppliedFilters;
  total: number;
  items: DrillDownItem[];
  nextCursor: string | null;
}

export interface TargetInput {
  name?: string | null;
  metric: TargetMetric;
  scope: 'org' | 'team';
  teamId?: string | null;
  comparator: Comparator;
  value: number;
  dueDate: string;
}

export type TargetUpdate = Pick<TargetInput, 'name' | 'comparator' | 'value' | 'dueDate'>;

type Query = Record<string, string | number | undefined>;

export const analyticsKeys = {
  all: ['analytics'] as const,
  of: (figure: string, query: Query) => ['analytics', figure, query] as const,
  targets: ['analytics', 'targets'] as const,
};

function useFigure<T>(figure: string, path: string, query: Query, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.of(figure, query),
    queryFn: ({ signal }) => api.get<T>(path, { query, signal }),
    // Keep the old numbers on screen while new filters load, so the page does not jump.
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const useOverview = (filters: AnalyticsFilters, interval: Interval) =>
  useFigure<Overview>('overview', '/api/v1/analytics/overview', { ...filters, interval });

export const useTeamComparison = (filters: AnalyticsFilters, metric: Metric, interval: Interval) =>
  useFigure<TeamComparison>('teams', '/api/v1/analytics/teams', { ...filters, metric, interval });

export const useEmployeeScores = (filters: AnalyticsFilters, metric: Metric, minN: number) =>
  useFigure<EmployeeScores>('employees', '/api/v1/analytics/employees', { ...filters, metric, minN });

export const useEmployeeMonthly = (employeeId: string | null, filters: AnalyticsFilters, metric: Metric) =>
  useFigure<EmployeeMonthly>(
    `employee:${employeeId}`,
    `/api/v1/analytics/employees/${encodeURIComponent(employeeId ?? '')}`,
    { ...filters, metric },
    employeeId !== null,
  );

export const useQuestionResults = (filters: AnalyticsFilters) =>
  useFigure<QuestionResults>('questions', '/api/v1/analytics/questions', { ...filters });

export const useDrivers = (filters: AnalyticsFilters) =>
  useFigure<Drivers>('drivers', '/api/v1/analytics/drivers', { ...filters });

/** The responses behind a figure, newest first, 50 at a time; `total` on each page is the figure's n. */
export function useDrillDown(query: DrillDownQuery | null) {
  return useInfiniteQuery({
    queryKey: ['analytics', 'responses', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<DrillDownPage>('/api/v1/analytics/responses', {
        query: { ...query, limit: 50, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: query !== null,
  });
}

/** A plain link to a table as CSV; the session cookie authenticates the download. */
export const exportUrl = (table: ExportTable, query: Query) =>
  buildPath(`/api/v1/analytics/export/${table}`, query);

export function useTargets() {
  return useQuery({
    queryKey: analyticsKeys.targets,
    queryFn: ({ signal }) => api.get<{ items: Target[] }>('/api/v1/analytics/targets', { signal }),
    select: (data) => data.items,
  });
}

function useTargetMutation<V>(mutationFn: (variables: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // Targets appear on every score card, so every analytics figure is refetched.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: analyticsKeys.all }),
  });
}

export const useCreateTarget = () =>
  useTargetMutation((input: TargetInput) => api.post<Target>('/api/v1/analytics/targets', input));

export const useUpdateTarget = () =>
  useTargetMutation(({ id, ...input }: TargetUpdate & { id: string }) =>
    api.patch<Target>(`/api/v1/analytics/targets/${encodeURIComponent(id)}`, input),
  );

export const useDeleteTarget = () =>
  useTargetMutation((id: string) => api.delete<void>(`/api/v1/analytics/targets/${encodeURIComponent(id)}`));

const digestKey = ['analytics', 'digest-subscription'] as const;

/** Whether the signed-in manager or leader receives the weekly analytics digest. */
export const useDigestSubscription = (enabled: boolean) =>
  useQuery({
    queryKey: digestKey,
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ subscribed: boolean }>('/api/v1/analytics/digest-subscription', { signal }),
  });

export function useSetDigestSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscribed: boolean) =>
      request<{ subscribed: boolean }>('PUT', '/api/v1/analytics/digest-subscription', {
        body: { subscribed },
      }),
    onSuccess: (data) => queryClient.setQueryData(digestKey, data),
  });
}
