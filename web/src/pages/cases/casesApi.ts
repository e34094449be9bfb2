import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type CaseStatus = 'new' | 'contacted' | 'resolved' | 'closed';
export type Outcome = 'recovered' | 'retained' | 'lost';
export type GoodwillKind = 'refund' | 'credit' | 'replacement' | 'upgrade' | 'other';
export type RuleKind = 'nps_detractor' | 'csat_low' | 'ces_high' | 'keyword' | 'negative_sentiment';
type Person = { id: string; name: string } | null;

export interface CaseSummary {
  id: string;
  status: CaseStatus;
  origin: 'rule' | 'manual';
  reason: string;
  customer: { id: string; name: string | null; email: string | null } | null;
  owner: Person;
  team: Person;
  responseId: string | null;
  score: number | null;
  openedAt: string;
  firstContactDue: string;
  resolutionDue: string;
  firstContactedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  rootCauses: string[];
  outcome: Outcome | null;
  cycle: number;
}

export interface Goodwill {
  id: string;
  caseId: string;
  kind: GoodwillKind;
  amount: number;
  description: string | null;
  status: 'approved' | 'pending' | 'rejected';
  requestedBy: Person;
  approver: Person;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

export interface CaseEvent {
  id: string;
  kind: string;
  actor: Person;
  channel: 'call' | 'email' | null;
  body: string | null;
  details: Record<string, unknown>;
  at: string;
}

export interface CaseDetail extends CaseSummary {
  interactionId: string | null;
  ruleId: string | null;
  watchers: { id: string; name: string }[];
  responses: {
    id: string;
    surveyKind: string;
    score: number | null;
    comment: string | null;
    submittedAt: string;
  }[];
  events: CaseEvent[];
  goodwill: Goodwill[];
  goodwillLimit: number | null;
  currency: string;
  rootCauseOptions: string[];
  followUp: FollowUp | null;
}

/** The one-question survey sent after resolution ("How well did we put things right?", 1–5). */
export interface FollowUp {
  cycle: number;
  status: 'scheduled' | 'skipped' | 'sent' | 'bounced' | 'answered';
  dueAt: string;
  skipped: 'reopened' | 'no_customer' | 'no_email' | 'no_consent' | 'unsubscribed' | 'disabled' | null;
  sentAt: string | null;
  answeredAt: string | null;
  responseId: string | null;
  score: number | null;
  comment: string | null;
  scaleMax: number;
  recovered: boolean | null;
}

export interface TimelineEntry {
  kind: 'interaction' | 'response' | 'case' | 'goodwill';
  id: string;
  at: string;
  title: string;
  detail: string | null;
  caseId: string | null;
}

export function useCustomerTimeline(customerId: string) {
  return useQuery({
    queryKey: ['customers', customerId, 'timeline'] as const,
    queryFn: ({ signal }) =>
      api.get<{ items: TimelineEntry[] }>(`/api/v1/customers/${customerId}/timeline`, { signal }),
  });
}

export interface CaseSettings {
  businessDays: number[];
  businessStart: string;
  businessEnd: string;
  holidays: string[];
  timeZone: string;
  currency: string;
  firstContactHours: number;
  resolutionDays: number;
  reminderHours: number;
  escalationHours: number;
  ownerRule: 'frontline' | 'team_manager';
  rootCauses: string[];
  goodwillLimits: Record<'employee' | 'manager' | 'leader' | 'admin', number>;
  lostAfterDays: number;
  followUpEnabled: boolean;
  followUpDelayHours: number;
}

export interface CaseRule {
  id: string;
  name: string;
  kind: RuleKind;
  threshold: number | null;
  keywords: string[];
  surveyId: string | null;
  active: boolean;
}

export interface CaseFilters {
  scope: 'mine' | 'watching' | 'team' | 'all';
  status: 'open' | 'new' | 'contacted' | 'resolved' | 'closed' | 'any';
}

export const caseKeys = {
  all: ['cases'] as const,
  list: (f: CaseFilters) => ['cases', 'list', f] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  settings: ['cases', 'settings'] as const,
  rules: ['cases', 'rules'] as const,
  pending: ['cases', 'goodwill-pending'] as const,
  report: ['cases', 'report'] as const,
};

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: caseKeys.list(filters),
    queryFn: ({ signal }) =>
      api.get<{ items: CaseSummary[]; truncated: boolean }>('/api/v1/cases', {
        query: { ...filters, limit: 200 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => api.get<CaseDetail>(`/api/v1/cases/${id}`, { signal }),
  });
}

/** A write on one case; the answer is the case as it is now, so the page shows it at once. */
export function useCaseAction<Input>(id: string, send: (input: Input) => Promise<CaseDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (detail) => {
      queryClient.setQueryData(caseKeys.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}

export const caseActions = (id: string) => ({
  update: (
    input: Partial<{
      ownerId: string;
      status: string;
      outcome: Outcome;
      rootCauses: string[];
      watcherIds: string[];
    }>,
  ) => api.patch<CaseDetail>(`/api/v1/cases/${id}`, input),
  note: (body: string) => api.post<CaseDetail>(`/api/v1/cases/${id}/notes`, { body }),
  contact: (input: { channel: 'call' | 'email'; reached: boolean; body?: string }) =>
    api.post<CaseDetail>(`/api/v1/cases/${id}/contacts`, input),
});

export function useRecordGoodwill(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: GoodwillKind; amount: number; description?: string }) =>
      api.post<Goodwill>(`/api/v1/cases/${caseId}/goodwill`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
  });
}

export function useEmailCustomer(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { template: 'apology' | 'follow_up' | 'custom'; subject?: string; body?: string }) =>
      api.post<{ id: string; to: string; subject: string }>(`/api/v1/cases/${caseId}/emails`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
  });
}

export function usePendingGoodwill() {
  return useQuery({
    queryKey: caseKeys.pending,
    queryFn: ({ signal }) => api.get<{ items: Goodwill[] }>('/api/v1/goodwill/pending', { signal }),
  });
}

export function useDecideGoodwill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note?: string }) =>
      api.post<Goodwill>(`/api/v1/goodwill/${id}/decision`, { approve, ...(note && { note }) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

export function useOpenCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { responseId?: string; customerId?: string; reason?: string }) =>
      api.post<CaseDetail>('/api/v1/cases', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

export function useCaseSettings() {
  return useQuery({
    queryKey: caseKeys.settings,
    queryFn: ({ signal }) => api.get<CaseSettings>('/api/v1/case-settings', { signal }),
  });
}

export function useUpdateCaseSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CaseSettings>) => api.patch<CaseSettings>('/api/v1/case-settings', input),
    onSuccess: (settings) => queryClient.setQueryData(caseKeys.settings, settings),
  });
}

export function useCaseRules() {
  return useQuery({
    queryKey: caseKeys.rules,
    queryFn: ({ signal }) => api.get<{ items: CaseRule[] }>('/api/v1/case-rules', { signal }),
  });
}

export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<CaseRule> & { id?: string }) =>
      id
        ? api.patch<CaseRule>(`/api/v1/case-rules/${id}`, input)
        : api.post<CaseRule>('/api/v1/case-rules', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.rules }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/v1/case-rules/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.rules }),
  });
}

export interface ReportGroup {
  id: string | null;
  name: string;
  cases: number;
  firstContactMet: number;
  resolutionMet: number;
  compliance: number | null;
  settled: number;
  recovered: number;
  recoveryRate: number | null;
  followUpAnswers: number;
  recoveryScore: number | null;
  measuredRecovery: number | null;
}

export interface CaseReport {
  opened: number;
  resolved: number;
  recovered: number;
  retained: number;
  lost: number;
  recoveryRate: number | null;
  medianHoursToFirstContact: number | null;
  byTeam: ReportGroup[];
  byOwner: ReportGroup[];
  topRootCauses: { rootCause: string; cases: number }[];
  followUp: {
    sent: number;
    answered: number;
    recoveryScore: number | null;
    measuredRecovery: number | null;
  };
  goodwill: {
    approvedTotal: number;
    actions: number;
    customersRecovered: number;
    perRecoveredCustomer: number | null;
    currency: string;
  };
}

export function useCaseReport() {
  return useQuery({
    queryKey: caseKeys.report,
    queryFn: ({ signal }) => api.get<CaseReport>('/api/v1/cases/report', { signal }),
  });
}

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  resolved: 'Resolved',
  closed: 'Closed',
};
export const STATUS_COLORS: Record<CaseStatus, string> = {
  new: 'blue',
  contacted: 'violet',
  resolved: 'teal',
  closed: 'gray',
};
export const OUTCOME_LABELS: Record<Outcome, string> = {
  recovered: 'Recovered',
  retained: 'Retained',
  lost: 'Lost',
};
export const GOODWILL_LABELS: Record<GoodwillKind, string> = {
  refund: 'Refund',
  credit: 'Credit',
  replacement: 'Replacement',
  upgrade: 'Upgrade',
  other: 'Other',
};
export const RULE_LABELS: Record<RuleKind, string> = {
  nps_detractor: 'NPS detractor (score ≤ threshold)',
  csat_low: 'Low CSAT (score ≤ threshold)',
  ces_high: 'High effort CES (score ≥ threshold)',
  keyword: 'Keywords in the comment',
  negative_sentiment: 'Negative comment (text analytics)',
};

export const formatMoney = (amount: number, currency: string) => {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
};
