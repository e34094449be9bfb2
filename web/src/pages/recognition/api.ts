import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../api/client';

// Shapes of the recognition API (see /api/openapi.json, tags "recognition" and "feedback").

export type StoryType = 'kudos' | 'praise' | 'celebration';
export type Reaction = 'applause' | 'heart' | 'star' | 'party' | 'smile';
export const REACTIONS: { reaction: Reaction; emoji: string; label: string }[] = [
  { reaction: 'applause', emoji: '👏', label: 'Applause' },
  { reaction: 'heart', emoji: '❤️', label: 'Love it' },
  { reaction: 'star', emoji: '⭐', label: 'Star' },
  { reaction: 'party', emoji: '🎉', label: 'Celebrate' },
  { reaction: 'smile', emoji: '😊', label: 'Smile' },
];

export type CelebrationKind =
  | 'first_promoter'
  | 'praise_milestone'
  | 'work_anniversary'
  | 'team_target'
  | 'customer_recovered'
  | 'award_winner';
export const CELEBRATION_LABELS: Record<CelebrationKind, string> = {
  first_promoter: 'First promoter',
  praise_milestone: 'Praise milestone',
  work_anniversary: 'Work anniversary',
  team_target: 'Target reached',
  customer_recovered: 'Customer recovered',
  award_winner: 'Award winner',
};

export interface PersonRef {
  id: string;
  name: string;
}

export interface WallStory {
  type: StoryType;
  id: string;
  at: string;
  kind: 'success' | 'effort' | CelebrationKind | null;
  text: string;
  valueTags: string[];
  from: PersonRef | null;
  to: (PersonRef & { points: number })[];
  team: PersonRef | null;
  customerName: string | null;
  score: number | null;
  evidence: { type: string; id: string } | null;
  reactions: { reaction: Reaction; count: number; mine: boolean }[];
  commentCount: number;
  /** On the organisation's public page of stories. */
  published: boolean;
}

export interface RecognitionSettings {
  valueTags: string[];
  pointsEnabled: boolean;
  monthlyAllowance: number;
  maxPointsPerKudos: number;
  celebrateFirstPromoter: boolean;
  praiseMilestones: number[];
  celebrateAnniversaries: boolean;
  celebrateTeamTargets: boolean;
  celebrateRecoveries: boolean;
  publicWallEnabled: boolean;
  feedbackNudgeDays: number;
}

export interface Allowance {
  pointsEnabled: boolean;
  period: string;
  allowance: number;
  spent: number;
  remaining: number;
  maxPointsPerKudos: number;
  received: number;
}

export interface Praise {
  id: string;
  responseId: string;
  employee: PersonRef;
  team: PersonRef | null;
  quote: string;
  customerName: string | null;
  score: number | null;
  praisedAt: string;
  status: 'suggested' | 'recognised' | 'dismissed';
  kudosId: string | null;
}

export interface Feedback {
  id: string;
  giver: PersonRef;
  employee: PersonRef;
  kind: 'praise' | 'to_improve';
  message: string;
  evidence: { type: string; id: string } | null;
  evidenceAt: string | null;
  immediacyHours: number | null;
  acknowledgedAt: string | null;
  createdAt: string;
  replies: { id: string; author: PersonRef; body: string; createdAt: string }[];
}

export interface Profile {
  employee: PersonRef & { teams: PersonRef[] };
  points: { received: number };
  kudosReceived: WallStory[];
  praise: Praise[];
  feedback: Feedback[] | null;
  counts: { kudos: number; effortKudos: number; praise: number };
}

export interface CoverageRow {
  employee: PersonRef;
  teams: PersonRef[];
  lastFeedbackAt: string | null;
  daysSinceFeedback: number | null;
  lastRecognitionAt: string | null;
  daysSinceRecognition: number | null;
  nudge: boolean;
  feedbackCount90d: number;
  medianImmediacyHours: number | null;
}

export interface WallFilters {
  sort: 'newest' | 'celebrated';
  teamId?: string | null;
  valueTag?: string | null;
}

export const recognitionKeys = {
  all: ['recognition'] as const,
  wall: (filters: WallFilters) => ['recognition', 'wall', filters] as const,
  profile: (id: string) => ['recognition', 'profile', id] as const,
};

export function useWall(filters: WallFilters, options: { refetchInterval?: number; limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: [...recognitionKeys.wall(filters), options.limit ?? 30],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: WallStory[]; nextCursor: string | null }>('/api/v1/recognition/wall', {
        query: { ...filters, limit: options.limit ?? 30, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

export function useRecognitionSettings() {
  return useQuery({
    queryKey: ['recognition', 'settings'],
    queryFn: ({ signal }) => api.get<RecognitionSettings>('/api/v1/recognition/settings', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useUpdateRecognitionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<RecognitionSettings>) =>
      api.patch<RecognitionSettings>('/api/v1/recognition/settings', input),
    onSuccess: (settings) => queryClient.setQueryData(['recognition', 'settings'], settings),
  });
}

/** Publish a story to the public page, or (`on: false`) take it off. */
export function usePublishStory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, on }: { id: string; on: boolean }) =>
      on
        ? api.post<WallStory>(`/api/v1/recognition/stories/${id}/publish`)
        : api.delete<WallStory>(`/api/v1/recognition/stories/${id}/publish`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export function useAllowance(enabled = true) {
  return useQuery({
    queryKey: ['recognition', 'allowance'],
    enabled,
    queryFn: ({ signal }) => api.get<Allowance>('/api/v1/recognition/allowance', { signal }),
  });
}

export interface GiveKudosInput {
  recipientIds: string[];
  teamId?: string | null;
  kind: 'success' | 'effort';
  message: string;
  valueTags: string[];
  points: number;
}

export function useGiveKudos() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: GiveKudosInput) => api.post<WallStory>('/api/v1/recognition/kudos', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export function useReact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reaction, on }: { id: string; reaction: Reaction; on: boolean }) =>
      api.post<WallStory>(`/api/v1/recognition/stories/${encodeURIComponent(id)}/reactions`, {
        reaction,
        on,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export function useComments(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['recognition', 'comments', id],
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; author: PersonRef; body: string; createdAt: string }[] }>(
        `/api/v1/recognition/stories/${encodeURIComponent(id)}/comments`,
        { signal },
      ),
    select: (data) => data.items,
  });
}

export function useAddComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api.post(`/api/v1/recognition/stories/${encodeURIComponent(id)}/comments`, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export function useProfile(id: string | undefined) {
  return useQuery({
    queryKey: recognitionKeys.profile(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<Profile>(`/api/v1/recognition/profiles/${encodeURIComponent(id ?? '')}`, { signal }),
  });
}

export function useFeedbackAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: 'acknowledge' | 'replies'; body?: string }) =>
      api.post<Feedback>(
        `/api/v1/feedback/${encodeURIComponent(id)}/${action}`,
        action === 'replies' ? { body } : undefined,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export function useGiveFeedback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { employeeId: string; kind: 'praise' | 'to_improve'; message: string }) =>
      api.post<Feedback>('/api/v1/feedback', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export function useCoverage() {
  return useQuery({
    queryKey: ['recognition', 'coverage'],
    queryFn: ({ signal }) =>
      api.get<{ nudgeDays: number; rows: CoverageRow[]; medianImmediacyHours: number | null }>(
        '/api/v1/feedback/coverage',
        { signal },
      ),
  });
}

export function usePraiseSuggestions() {
  return useQuery({
    queryKey: ['recognition', 'praise', 'suggested'],
    queryFn: ({ signal }) =>
      api.get<{ items: Praise[] }>('/api/v1/recognition/praise', { query: { status: 'suggested' }, signal }),
    select: (data) => data.items,
  });
}

export function usePraiseAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'recognise' | 'dismiss' }) =>
      api.post(
        `/api/v1/recognition/praise/${encodeURIComponent(id)}/${action}`,
        action === 'recognise' ? {} : undefined,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

// ---- awards: nominations for a periodic award, with an approval step

export interface Nomination {
  id: string;
  roundId: string;
  nominee: PersonRef;
  nominator: PersonRef;
  reason: string;
  evidence: { type: string; id: string } | null;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt: string | null;
  createdAt: string;
}

export interface AwardRound {
  id: string;
  title: string;
  period: string;
  closesAt: string;
  open: boolean;
  owner: PersonRef;
  nominationCount: number;
  winners: PersonRef[];
  canDecide: boolean;
  nominations: Nomination[];
}

export function useAwardRounds() {
  return useQuery({
    queryKey: ['recognition', 'awards'],
    queryFn: ({ signal }) => api.get<{ items: AwardRound[] }>('/api/v1/recognition/awards', { signal }),
  });
}

export function useOpenAwardRound() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; period: string; closesAt: string }) =>
      api.post<AwardRound>('/api/v1/recognition/awards', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['recognition', 'awards'] }),
  });
}

export function useNominate(roundId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { nomineeId: string; reason: string }) =>
      api.post<Nomination>(`/api/v1/recognition/awards/${roundId}/nominations`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['recognition', 'awards'] }),
  });
}

/** Approving a nomination puts its winner on the wall, so the wall is refreshed too. */
export function useDecideNomination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approved' | 'rejected' }) =>
      api.post<Nomination>(`/api/v1/recognition/nominations/${id}/decision`, { decision }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recognitionKeys.all }),
  });
}

export interface BoardEntry {
  employee: PersonRef;
  count: number;
  /** The customers' board: responses served, and the fair praise rate (%, shrunk). */
  served: number | null;
  rate: number | null;
}

export interface Boards {
  days: number;
  minN: number;
  effort: BoardEntry[];
  helpful: BoardEntry[];
  praised: BoardEntry[];
}

/** The fun boards over the last `days`; nobody is ranked on fewer than `minN` items. */
export function useBoards(days: number) {
  return useQuery({
    queryKey: ['recognition', 'boards', days],
    queryFn: ({ signal }) => api.get<Boards>('/api/v1/recognition/boards', { query: { days }, signal }),
    placeholderData: keepPreviousData,
  });
}
