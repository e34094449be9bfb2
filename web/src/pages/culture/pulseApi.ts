import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

// Shapes of the culture pulse API (see /api/openapi.json, tag "culture").

export type Construct =
  | 'strategy'
  | 'characteristics'
  | 'commander'
  | 'commitment'
  | 'communication'
  | 'competency'
  | 'consequence';
export const CONSTRUCT_LABELS: Record<Construct, string> = {
  strategy: 'Customer-focused strategy',
  characteristics: 'Characteristics',
  commander: 'Commander-in-chief',
  commitment: 'Commitment',
  communication: 'Communication',
  competency: 'Competency',
  consequence: 'Consequence',
};
export const CONSTRUCTS = Object.keys(CONSTRUCT_LABELS) as Construct[];
export const ANONYMITY_MESSAGE = 'Not enough responses to protect anonymity';

export interface PulseStatement {
  id: string;
  construct: Construct;
  text: string;
}
export interface OpenPulse {
  id: string;
  title: string;
  closesAt: string;
  statements: PulseStatement[];
  enpsQuestion: string;
  commentPrompt: string;
}
export interface Pulse {
  id: string;
  title: string;
  opensAt: string;
  closesAt: string;
  status: 'scheduled' | 'open' | 'closed';
  constructs: Construct[];
  recurrence: 'none' | 'monthly' | 'quarterly';
}
export interface Statement extends PulseStatement {
  position: number;
  retired: boolean;
}
type TooFew = { status: 'too_few_responses' };
export type ConstructFigure = TooFew | { status: 'ok'; mean: number; favourable: number };
export type Cell =
  | (TooFew & { teamId: string | null; name: string })
  | {
      status: 'ok';
      teamId: string | null;
      name: string;
      responses: number;
      responseRate: number | null;
      enps: number;
      constructs: Partial<Record<Construct, ConstructFigure>>;
    };
export interface Heatmap {
  pulseId: string;
  title: string;
  minGroupSize: number;
  constructs: Construct[];
  organisation: Cell;
  teams: Cell[];
}
export type Comments =
  | (TooFew & { minCommentGroupSize: number })
  | {
      status: 'ok';
      minCommentGroupSize: number;
      comments: string[];
      themes: { key: string; label: string; count: number }[];
    };

export function useOpenPulses() {
  return useQuery({
    queryKey: ['culture', 'open'],
    queryFn: () => api.get<{ items: OpenPulse[] }>('/api/v1/culture/pulses/open'),
  });
}

export function useAnswerPulse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      pulseId: string;
      scores: { statementId: string; score: number }[];
      enps: number;
      comment?: string;
    }) => {
      const { pulseId, ...body } = input;
      return api.post<{ status: 'recorded' }>(`/api/v1/culture/pulses/${pulseId}/answers`, body);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['culture', 'open'] }),
  });
}

export function usePulses(enabled: boolean) {
  return useQuery({
    queryKey: ['culture', 'pulses'],
    queryFn: () => api.get<{ items: Pulse[] }>('/api/v1/culture/pulses'),
    enabled,
  });
}

export function useCreatePulse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      title: string;
      opensAt: string;
      closesAt: string;
      constructs: Construct[];
      recurrence: Pulse['recurrence'];
      /** Empty: everyone. */
      audienceTeamIds: string[];
    }) => api.post<Pulse>('/api/v1/culture/pulses', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['culture'] }),
  });
}

export function useHeatmap(pulseId: string | null) {
  return useQuery({
    queryKey: ['culture', 'heatmap', pulseId],
    queryFn: () => api.get<Heatmap>(`/api/v1/culture/pulses/${pulseId}/heatmap`),
    enabled: pulseId !== null,
  });
}

/** A group's comments (the organisation's, or one team's), only when the guard releases them. */
export function useComments(pulseId: string | null, teamId: string | null = null) {
  return useQuery({
    queryKey: ['culture', 'comments', pulseId, teamId],
    queryFn: ({ signal }) =>
      api.get<Comments>(`/api/v1/culture/pulses/${pulseId}/comments`, { query: { teamId }, signal }),
    enabled: pulseId !== null,
  });
}

export interface Trend {
  teamId: string | null;
  points: { pulseId: string; title: string; opensAt: string; cell: Cell }[];
}

/** One group's figures over the pulses that have opened (the last twelve), oldest first. */
export function useTrend(teamId: string | null) {
  return useQuery({
    queryKey: ['culture', 'trend', teamId],
    queryFn: ({ signal }) => api.get<Trend>('/api/v1/culture/trend', { query: { teamId }, signal }),
  });
}

export function useStatements(enabled: boolean) {
  return useQuery({
    queryKey: ['culture', 'statements'],
    queryFn: () => api.get<{ items: Statement[] }>('/api/v1/culture/statements'),
    enabled,
  });
}

export function useSaveStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; construct?: Construct; text?: string; retired?: boolean }) =>
      input.id
        ? api.patch<Statement>(`/api/v1/culture/statements/${input.id}`, {
            text: input.text,
            retired: input.retired,
          })
        : api.post<Statement>('/api/v1/culture/statements', { construct: input.construct, text: input.text }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['culture', 'statements'] }),
  });
}

export type LinkConstruct = Construct | 'overall';
export type LinkMetric = 'nps' | 'csat';
export interface LoyaltyLink {
  pulseId: string;
  title: string;
  construct: LinkConstruct;
  metric: LinkMetric;
  period: { from: string; to: string };
  minGroupSize: number;
  minCustomerResponses: number;
  points: {
    teamId: string;
    name: string;
    culture: number;
    cultureResponses: number;
    customer: number;
    customerResponses: number;
    customerMarginOfError: number | null;
  }[];
  excluded: { teamId: string; name: string; reason: 'anonymity' | 'few_customer_responses' }[];
  correlation: {
    n: number;
    r: number | null;
    low: number | null;
    high: number | null;
    status: 'too_few_points' | 'no_variation' | 'no_clear_link' | 'positive' | 'negative';
  };
  message: string;
}

export function useLoyaltyLink(pulseId: string | null, construct: LinkConstruct, metric: LinkMetric) {
  return useQuery({
    queryKey: ['culture', 'loyalty-link', pulseId, construct, metric],
    queryFn: () =>
      api.get<LoyaltyLink>(
        `/api/v1/culture/pulses/${pulseId}/loyalty-link?construct=${construct}&metric=${metric}`,
      ),
    enabled: pulseId !== null,
  });
}
