import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScoreCardData } from '../../api/analytics';
import { api, request } from '../../api/client';
import type { Role } from '../../api/types';
import type { WallStory } from '../recognition/api';

// Shapes of the strategy API (see /api/openapi.json, tag "strategy").

export interface PersonRef {
  id: string;
  name: string;
}

export interface TradeOff {
  left: string;
  right: string;
  /** -100 leans fully to `left`, 100 fully to `right`. */
  position: number;
  sentence: string;
}

export interface Priority {
  /** Absent on a priority added in the editor; the server gives one when the draft is saved. */
  id?: string;
  title: string;
  description: string;
}

export type TargetStatus =
  | 'achieved'
  | 'on_track'
  | 'uncertain'
  | 'off_track'
  | 'not_enough_history'
  | 'past_due';

export interface StrategyTarget {
  targetId: string;
  owner: PersonRef | null;
  note: string;
  target: {
    name: string | null;
    metric: 'nps' | 'csat' | 'ces';
    teamId: string | null;
    comparator: '>=' | '<=';
    value: number;
    dueDate: string;
    current: number | null;
    status: TargetStatus;
  } | null;
}

export interface Strategy {
  vision: string;
  customersServed: string[];
  customersNotServed: string[];
  tradeOffs: TradeOff[];
  priorities: (Priority & { id: string })[];
  targets: StrategyTarget[];
}

export interface VersionMeta {
  id: string;
  number: number;
  note: string | null;
  publishedAt: string;
  publishedBy: PersonRef | null;
}

export interface StrategyVersion extends VersionMeta {
  strategy: Strategy;
}

export interface Draft {
  basedOnVersion: number | null;
  updatedAt: string | null;
  strategy: Strategy;
}

export interface StrategyPage {
  current: StrategyVersion | null;
  draft: Draft | null;
  canManage: boolean;
}

/** What the editor sends: targets by id with their owner's id. */
export interface DraftInput {
  vision: string;
  customersServed: string[];
  customersNotServed: string[];
  tradeOffs: TradeOff[];
  priorities: Priority[];
  targets: { targetId: string; ownerId: string | null; note: string }[];
}

export interface Segment {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export interface StrategyDiff {
  changed: boolean;
  vision: { changed: boolean; segments: Segment[] };
  customersServed: { added: string[]; removed: string[] };
  customersNotServed: { added: string[]; removed: string[] };
  tradeOffs: {
    added: TradeOff[];
    removed: TradeOff[];
    changed: {
      left: string;
      right: string;
      from: number;
      to: number;
      sentenceFrom: string;
      sentenceTo: string;
    }[];
  };
  priorities: {
    added: { id: string; title: string; rank: number }[];
    removed: { id: string; title: string; rank: number }[];
    moved: { id: string; title: string; fromRank: number; toRank: number }[];
    edited: {
      id: string;
      titleFrom: string;
      titleTo: string;
      descriptionFrom: string;
      descriptionTo: string;
    }[];
  };
  targets: {
    added: string[];
    removed: string[];
    changed: {
      targetId: string;
      ownerFrom: string | null;
      ownerTo: string | null;
      noteFrom: string;
      noteTo: string;
    }[];
  };
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  kind: 'single' | 'multiple';
  options: string[];
}

export interface QuizWithAnswers {
  questions: (QuizQuestion & { correct: number[] })[];
  passMark: number;
}

export interface Announcement {
  id: string;
  kind: 'strategy' | 'priority' | 'announcement';
  title: string;
  body: string;
  strategyVersion: { id: string; number: number } | null;
  story: WallStory | null;
  audienceTeamIds: string[] | null;
  requiresAcknowledgement: boolean;
  quiz: { questions: QuizQuestion[]; passMark: number } | null;
  remindAfterDays: number | null;
  publishedAt: string;
  publishedBy: PersonRef | null;
  me: { seenAt: string | null; acknowledgedAt: string | null; quizScore: number | null } | null;
  reach: { asked: number; seen: number; acknowledged: number } | null;
}

export interface Ask {
  requireAcknowledgement: boolean;
  teamIds?: string[];
  quiz?: QuizWithAnswers;
  remindAfterDays?: number | null;
  storyId?: string | null;
}

export interface ReachFigures {
  asked: number;
  seen: number;
  acknowledged: number;
  notYet: number;
  quizAnswered: number;
  quizMeanScore: number | null;
  quizPassed: number;
}

export interface Reach {
  announcementId: string;
  total: ReachFigures;
  teams: (ReachFigures & { team: PersonRef | null })[];
  notYet: (PersonRef & { teamId: string | null; seen: boolean; reminders: number })[];
}

export interface QuizResult {
  correct: number;
  total: number;
  score: number;
  passed: boolean;
  perQuestion: { id: string; right: boolean }[];
}

export const strategyKeys = {
  all: ['strategy'] as const,
  page: ['strategy', 'page'] as const,
  versions: ['strategy', 'versions'] as const,
  diff: (id: string, against: string | null) => ['strategy', 'diff', id, against] as const,
  announcements: (filter: AnnouncementFilter) => ['strategy', 'announcements', filter] as const,
  reach: (id: string) => ['strategy', 'reach', id] as const,
};

export const useStrategyPage = () =>
  useQuery({
    queryKey: strategyKeys.page,
    queryFn: ({ signal }) => api.get<StrategyPage>('/api/v1/strategy', { signal }),
  });

export const useVersions = (enabled = true) =>
  useQuery({
    queryKey: strategyKeys.versions,
    enabled,
    queryFn: ({ signal }) => api.get<{ items: VersionMeta[] }>('/api/v1/strategy/versions', { signal }),
    select: (data) => data.items,
  });

export const useVersionDiff = (id: string | null, against: string | null) =>
  useQuery({
    queryKey: strategyKeys.diff(id ?? '', against),
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<{ from: VersionMeta; to: VersionMeta; diff: StrategyDiff }>(
        `/api/v1/strategy/versions/${encodeURIComponent(id ?? '')}/diff`,
        { query: { against }, signal },
      ),
  });

export type AnnouncementFilter = 'all' | 'mine' | 'pending';

export const useAnnouncements = (filter: AnnouncementFilter) =>
  useQuery({
    queryKey: strategyKeys.announcements(filter),
    queryFn: ({ signal }) =>
      api.get<{ items: Announcement[] }>('/api/v1/strategy/announcements', { query: { filter }, signal }),
    select: (data) => data.items,
  });

export const useReach = (id: string | null) =>
  useQuery({
    queryKey: strategyKeys.reach(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<Reach>(`/api/v1/strategy/announcements/${encodeURIComponent(id ?? '')}/reach`, { signal }),
  });

/** Every strategy query is stale after a change: the page, history, announcements and reach. */
function useInvalidateStrategy() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: strategyKeys.all });
}

export function useSaveDraft() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: (input: DraftInput) => request<Draft>('PUT', '/api/v1/strategy/draft', { body: input }),
    onSuccess: invalidate,
  });
}

export function usePublish() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: (input: {
      note?: string | null;
      announce?: Ask & { kind: 'strategy' | 'priority'; title?: string; body: string };
    }) =>
      api.post<{ version: StrategyVersion; announcement: Announcement | null }>(
        '/api/v1/strategy/publish',
        input,
      ),
    onSuccess: invalidate,
  });
}

export function useCreateAnnouncement() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: (input: Ask & { kind: 'announcement' | 'priority'; title: string; body: string }) =>
      api.post<Announcement>('/api/v1/strategy/announcements', input),
    onSuccess: invalidate,
  });
}

const announcementPath = (id: string, action: string) =>
  `/api/v1/strategy/announcements/${encodeURIComponent(id)}/${action}`;

export function useMarkSeen() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: (id: string) => api.post<Announcement>(announcementPath(id, 'seen')),
    onSuccess: invalidate,
  });
}

export function useAcknowledge() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: (id: string) => api.post<Announcement>(announcementPath(id, 'acknowledge')),
    onSuccess: invalidate,
  });
}

export function useAnswerQuiz() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: ({ id, answers }: { id: string; answers: Record<string, number[]> }) =>
      api.post<QuizResult>(announcementPath(id, 'quiz'), { answers }),
    onSuccess: invalidate,
  });
}

export function useRemind() {
  const invalidate = useInvalidateStrategy();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ queued: boolean; round: number; pending: number }>(announcementPath(id, 'reminders')),
    onSuccess: invalidate,
  });
}

/**
 * The quiz a leader can attach in one click: which customers we do not serve (the served ones as
 * distractors) and, with two priorities or more, which comes first. Built from the strategy itself.
 */
export function understandingQuiz(
  strategy: Pick<Strategy, 'customersServed' | 'customersNotServed' | 'priorities'>,
) {
  const questions: QuizWithAnswers['questions'] = [];
  const notServed = strategy.customersNotServed.slice(0, 4);
  const served = strategy.customersServed.slice(0, 8 - notServed.length);
  if (notServed.length > 0 && served.length + notServed.length >= 2) {
    // Interleave so the answers are not simply the first options.
    const options = [...served, ...notServed].sort((a, b) => a.localeCompare(b));
    questions.push({
      id: 'not-served',
      prompt: 'Which customers do we not serve?',
      kind: 'multiple',
      options,
      correct: notServed.map((c) => options.indexOf(c)),
    });
  }
  const titles = strategy.priorities.map((p) => p.title.trim()).filter(Boolean);
  if (new Set(titles.map((t) => t.toLowerCase())).size === titles.length && titles.length >= 2) {
    const options = titles.slice(0, 4).sort((a, b) => a.localeCompare(b));
    questions.push({
      id: 'first-priority',
      prompt: 'What is our first priority?',
      kind: 'single',
      options,
      correct: [options.indexOf(titles[0] ?? '')],
    });
  }
  return questions.length > 0 ? { questions, passMark: 1 } : null;
}

// ---- the leadership scorecard (GET /api/v1/leadership/scorecards, tag "leadership")

export type ScorecardAction =
  | 'kudos_given'
  | 'effort_kudos_given'
  | 'feedback_given'
  | 'one_on_ones_held'
  | 'cases_owned'
  | 'cases_resolved'
  | 'cases_stepped_in'
  | 'announcements'
  | 'action_plans'
  | 'action_plan_updates';

export interface Acknowledgement {
  asked: number;
  acknowledged: number;
  /** 0–1, null when nobody in their teams was asked. */
  rate: number | null;
}

export interface ScorecardSummary {
  person: { id: string; name: string; role: Role };
  teams: PersonRef[];
  totals: Record<ScorecardAction, number>;
  feedbackMedianHours: number | null;
  acknowledgement: Acknowledgement;
}

export interface CultureFigure {
  pulseId: string;
  title: string;
  opensAt: string;
  responses: number;
  meanAgreement: number | null;
  enps: number;
}

export interface Scorecard extends ScorecardSummary {
  period: { from: string; to: string };
  months: string[];
  actions: { key: ScorecardAction; label: string; total: number; byMonth: number[] }[];
  immediacy: { timedFeedback: number; byMonth: { timedFeedback: number; medianHours: number | null }[] };
  acknowledgementByMonth: Acknowledgement[];
  teamOutcomes: {
    team: PersonRef;
    customer: Pick<ScoreCardData, 'current' | 'previous' | 'change'>[];
    culture: { current: CultureFigure | null; previous: CultureFigure | null; withheld: number };
  }[];
}

export const useScorecards = (months: number) =>
  useQuery({
    queryKey: ['leadership', 'scorecards', months],
    queryFn: ({ signal }) =>
      api.get<{ period: { from: string; to: string }; items: ScorecardSummary[] }>(
        '/api/v1/leadership/scorecards',
        { query: { months }, signal },
      ),
  });

export const useScorecard = (id: string | null, months: number) =>
  useQuery({
    queryKey: ['leadership', 'scorecard', id, months],
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<Scorecard>(`/api/v1/leadership/scorecards/${encodeURIComponent(id ?? '')}`, {
        query: { months },
        signal,
      }),
  });
