import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Estimate } from '../../api/analytics';
import { api } from '../../api/client';

// Shapes of the training API (see /api/openapi.json, tag "training").

export type ModuleKind = 'competency' | 'commitment';
export const KIND_LABELS: Record<ModuleKind, string> = {
  competency: 'Competency',
  commitment: 'Commitment',
};

export interface QuizQuestion {
  id: string;
  prompt: string;
  kind: 'single' | 'multiple';
  options: string[];
  correct: number[];
}
export interface Quiz {
  questions: QuizQuestion[];
  passMark: number;
}
export type ReaderQuiz = { questions: Omit<QuizQuestion, 'correct'>[]; passMark: number };

export interface ModuleSummary {
  id: string;
  title: string;
  kind: ModuleKind;
  summary: string;
  estimatedMinutes: number;
  tags: string[];
  active: boolean;
  hasQuiz: boolean;
  updatedAt: string;
}

export type AssignmentStatus = 'open' | 'overdue' | 'done';
export interface Assignment {
  id: string;
  moduleId: string;
  moduleTitle: string;
  moduleKind: ModuleKind;
  estimatedMinutes: number;
  employeeId: string;
  employeeName: string;
  source: 'manual' | 'team' | 'role' | 'rule' | 'self';
  ruleId: string | null;
  pathId: string | null;
  dueDate: string | null;
  assignedAt: string;
  completedAt: string | null;
  status: AssignmentStatus;
  quizAttempts: number;
  lastScore: number | null;
  bestScore: number | null;
}

export interface TrainingModule extends ModuleSummary {
  body: string;
  links: { label: string; url: string }[];
  videoUrl: string | null;
  videoEmbedUrl: string | null;
  quiz: ReaderQuiz | null;
  editableQuiz: Quiz | null;
  myAssignment: Assignment | null;
}

export interface ModuleInput {
  title: string;
  kind: ModuleKind;
  summary: string;
  body: string;
  links: { label: string; url: string }[];
  videoUrl: string | null;
  quiz: Quiz | null;
  estimatedMinutes: number;
  tags: string[];
  active: boolean;
}

export interface TrainingPath {
  id: string;
  name: string;
  description: string;
  modules: { id: string; title: string; kind: ModuleKind; estimatedMinutes: number }[];
  totalMinutes: number;
}

export interface TrainingRule {
  id: string;
  name: string;
  kind: 'theme' | 'new_employee';
  active: boolean;
  theme: string | null;
  minShare: number;
  minCount: number;
  windowDays: number;
  dueInDays: number;
  moduleId: string | null;
  pathId: string | null;
  targetName: string;
  lastRunAt: string | null;
  assigned: number;
}
export type RuleInput = Omit<TrainingRule, 'id' | 'targetName' | 'lastRunAt' | 'assigned'>;

export interface QuizOutcome {
  correct: number;
  total: number;
  score: number;
  passed: boolean;
  passMark: number;
  perQuestion: { id: string; right: boolean }[];
  assignment: Assignment;
}

interface Counts {
  assigned: number;
  completed: number;
  overdue: number;
  completionRate: number | null;
  averageScore: number | null;
}
export interface Progress {
  teams: (Counts & { teamId: string; name: string; people: number })[];
  people: (Counts & { employeeId: string; name: string; teams: string[] })[];
}

export interface Effect {
  moduleId: string;
  scope: { type: 'team' | 'employee'; id: string; name: string };
  completedOn: string | null;
  weeks: number;
  metric: string;
  before: { from: string; to: string; estimate: Estimate } | null;
  after: { from: string; to: string; estimate: Estimate } | null;
  change: number | null;
  pValue: number | null;
  significant: boolean;
  direction: 'better' | 'worse' | 'unchanged';
  note: string | null;
}

export const trainingKeys = {
  all: ['training'] as const,
  me: ['training', 'me'] as const,
  modules: (all: boolean) => ['training', 'modules', all] as const,
  module: (id: string) => ['training', 'module', id] as const,
  paths: ['training', 'paths'] as const,
  rules: ['training', 'rules'] as const,
  progress: (teamId: string | null) => ['training', 'progress', teamId] as const,
  effect: (moduleId: string, teamId: string, weeks: number) =>
    ['training', 'effect', moduleId, teamId, weeks] as const,
};

export const useMyTraining = () =>
  useQuery({
    queryKey: trainingKeys.me,
    queryFn: ({ signal }) =>
      api.get<{ due: Assignment[]; done: Assignment[] }>('/api/v1/training/me', { signal }),
  });

export const useModules = (includeInactive = false) =>
  useQuery({
    queryKey: trainingKeys.modules(includeInactive),
    queryFn: ({ signal }) =>
      api.get<{ items: ModuleSummary[] }>('/api/v1/training/modules', {
        query: { includeInactive: String(includeInactive) },
        signal,
      }),
    select: (d) => d.items,
  });

export const useModule = (id: string) =>
  useQuery({
    queryKey: trainingKeys.module(id),
    queryFn: ({ signal }) => api.get<TrainingModule>(`/api/v1/training/modules/${id}`, { signal }),
  });

export const usePaths = () =>
  useQuery({
    queryKey: trainingKeys.paths,
    queryFn: ({ signal }) => api.get<{ items: TrainingPath[] }>('/api/v1/training/paths', { signal }),
    select: (d) => d.items,
  });

export const useRules = () =>
  useQuery({
    queryKey: trainingKeys.rules,
    queryFn: ({ signal }) => api.get<{ items: TrainingRule[] }>('/api/v1/training/rules', { signal }),
    select: (d) => d.items,
  });

export const useProgress = (teamId: string | null) =>
  useQuery({
    queryKey: trainingKeys.progress(teamId),
    queryFn: ({ signal }) =>
      api.get<Progress>('/api/v1/training/progress', { query: { teamId: teamId ?? undefined }, signal }),
  });

export const useModuleEffect = (moduleId: string | null, teamId: string | null, weeks: number) =>
  useQuery({
    queryKey: trainingKeys.effect(moduleId ?? '', teamId ?? '', weeks),
    enabled: Boolean(moduleId && teamId),
    queryFn: ({ signal }) =>
      api.get<Effect>(`/api/v1/training/modules/${moduleId}/effect`, { query: { teamId, weeks }, signal }),
  });

/** Every training write changes what several views show: refresh them all. */
function useTrainingMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

export const useSaveModule = (id: string | null) =>
  useTrainingMutation((input: ModuleInput) =>
    id
      ? api.patch<TrainingModule>(`/api/v1/training/modules/${id}`, input)
      : api.post<TrainingModule>('/api/v1/training/modules', input),
  );
export const useCompleteModule = (id: string) =>
  useTrainingMutation(() => api.post<Assignment>(`/api/v1/training/modules/${id}/complete`));
export const useSubmitQuiz = (id: string) =>
  useTrainingMutation((answers: Record<string, number[]>) =>
    api.post<QuizOutcome>(`/api/v1/training/modules/${id}/quiz`, { answers }),
  );
export const useCreatePath = () =>
  useTrainingMutation((input: { name: string; description: string; moduleIds: string[] }) =>
    api.post<TrainingPath>('/api/v1/training/paths', input),
  );
export const useCreateRule = () =>
  useTrainingMutation((input: RuleInput) => api.post<TrainingRule>('/api/v1/training/rules', input));
export const useUpdateRule = () =>
  useTrainingMutation(({ id, ...input }: { id: string; active: boolean }) =>
    api.patch<TrainingRule>(`/api/v1/training/rules/${id}`, input),
  );
export const useRunRules = () =>
  useTrainingMutation(() => api.post<{ assigned: number; reminded: number }>('/api/v1/training/rules/run'));
export const useAssign = () =>
  useTrainingMutation(
    (input: {
      moduleId?: string;
      pathId?: string;
      employeeIds: string[];
      teamIds: string[];
      roles: string[];
      dueDate?: string;
    }) =>
      api.post<{ assigned: number; alreadyOpen: number; people: number }>(
        '/api/v1/training/assignments',
        input,
      ),
  );
