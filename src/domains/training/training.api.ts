import { z } from 'zod';
import { EstimateView, LocalDate, MetricSchema } from '../analytics/analytics.api.ts';
import { Quiz, QuizAnswers, QuizForReader } from './quiz.ts';
import { ASSIGNMENT_SOURCES, MODULE_KINDS, RULE_KINDS } from './training.tables.ts';

const Title = z.string().trim().min(1).max(200);
const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((s) => s.toLowerCase());
const WebUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2000)
  .refine((u) => !/[\s<>"]/.test(u), 'not a plain web address');

export const ModuleLink = z.strictObject({ label: z.string().trim().min(1).max(200), url: WebUrl });

const moduleFields = {
  title: Title,
  kind: z.enum(MODULE_KINDS),
  summary: z.string().trim().max(500).default(''),
  /** Plain text: blank lines separate paragraphs, `# ` starts a heading, `- ` a list item. */
  body: z.string().max(20_000).default(''),
  links: z.array(ModuleLink).max(20).default([]),
  /** An https video; embedded when on YouTube or Vimeo, otherwise shown as a link. */
  videoUrl: z
    .url({ protocol: /^https$/, hostname: z.regexes.domain })
    .max(500)
    .nullable()
    .default(null),
  quiz: Quiz.nullable().default(null),
  estimatedMinutes: z.number().int().min(1).max(600),
  tags: z.array(Tag).max(20).default([]),
  active: z.boolean().default(true),
};

export const CreateModuleInput = z.strictObject(moduleFields);
export type CreateModuleInput = z.infer<typeof CreateModuleInput>;
export const UpdateModuleInput = z
  .strictObject({
    title: Title,
    kind: z.enum(MODULE_KINDS),
    summary: z.string().trim().max(500),
    body: z.string().max(20_000),
    links: z.array(ModuleLink).max(20),
    videoUrl: moduleFields.videoUrl.removeDefault(),
    quiz: Quiz.nullable(),
    estimatedMinutes: moduleFields.estimatedMinutes,
    tags: z.array(Tag).max(20),
    active: z.boolean(),
  })
  .partial();
export type UpdateModuleInput = z.infer<typeof UpdateModuleInput>;

export const AssignmentStatus = z.enum(['open', 'overdue', 'done']);
export const AssignmentView = z.object({
  id: z.uuid(),
  moduleId: z.uuid(),
  moduleTitle: z.string(),
  moduleKind: z.enum(MODULE_KINDS),
  estimatedMinutes: z.number().int(),
  employeeId: z.uuid(),
  employeeName: z.string(),
  source: z.enum(ASSIGNMENT_SOURCES),
  ruleId: z.uuid().nullable(),
  pathId: z.uuid().nullable(),
  dueDate: z.string().nullable(),
  assignedAt: z.string(),
  completedAt: z.string().nullable(),
  status: AssignmentStatus,
  quizAttempts: z.number().int(),
  lastScore: z.number().nullable(),
  bestScore: z.number().nullable(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const ModuleSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: z.enum(MODULE_KINDS),
  summary: z.string(),
  estimatedMinutes: z.number().int(),
  tags: z.array(z.string()),
  active: z.boolean(),
  hasQuiz: z.boolean(),
  updatedAt: z.string(),
});
export type ModuleSummary = z.infer<typeof ModuleSummary>;

export const ModuleView = ModuleSummary.extend({
  body: z.string(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  videoUrl: z.string().nullable(),
  /** Where to embed the video from (an allow-listed player), or null: then show `videoUrl` as a link. */
  videoEmbedUrl: z.string().nullable(),
  quiz: QuizForReader.nullable(),
  /** The quiz with its answers, only for those who edit the catalogue. */
  editableQuiz: Quiz.nullable(),
  /** The reader's own open or latest assignment of this module. */
  myAssignment: AssignmentView.nullable(),
});
export type ModuleView = z.infer<typeof ModuleView>;

export const ModulesQuery = z.strictObject({
  kind: z.enum(MODULE_KINDS).optional(),
  tag: z.string().max(40).optional(),
  /** Inactive modules are listed only for those who edit the catalogue, and only when asked. */
  includeInactive: z.enum(['true', 'false']).default('false'),
});

const ModuleIds = z
  .array(z.uuid())
  .min(1)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'a module appears twice');
export const PathInput = z.strictObject({
  name: Title,
  description: z.string().trim().max(2000).default(''),
  /** In order. */
  moduleIds: ModuleIds,
});
export const UpdatePathInput = z
  .strictObject({ name: Title, description: z.string().trim().max(2000), moduleIds: ModuleIds })
  .partial();
export const PathView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  modules: z.array(
    z.object({ id: z.uuid(), title: z.string(), kind: z.enum(MODULE_KINDS), estimatedMinutes: z.number() }),
  ),
  totalMinutes: z.number().int(),
});
export type PathView = z.infer<typeof PathView>;

const ruleFields = {
  name: Title,
  active: z.boolean().default(true),
  theme: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(60)
    .nullable()
    .default(null),
  // Stored as a real (float4): a share below 0.0001 would underflow it, and means nothing anyway.
  minShare: z
    .number()
    .min(0)
    .max(1)
    .refine((x) => x === 0 || x >= 0.0001, 'a share is 0 or at least 0.0001')
    .default(0.2),
  minCount: z.number().int().min(1).max(10_000).default(3),
  windowDays: z.number().int().min(1).max(365).default(30),
  dueInDays: z.number().int().min(1).max(365).default(14),
  moduleId: z.uuid().nullable().default(null),
  pathId: z.uuid().nullable().default(null),
};
export const RuleInput = z
  .strictObject({ kind: z.enum(RULE_KINDS), ...ruleFields })
  .refine((r) => (r.moduleId === null) !== (r.pathId === null), {
    message: 'give a module or a path',
    path: ['moduleId'],
  })
  .refine((r) => (r.kind === 'theme') === (r.theme !== null), {
    message: 'a theme rule needs a theme; a new-employee rule has none',
    path: ['theme'],
  });
export type RuleInput = z.infer<typeof RuleInput>;
export const UpdateRuleInput = z
  .strictObject({
    name: Title,
    active: z.boolean(),
    minShare: ruleFields.minShare.removeDefault(),
    minCount: ruleFields.minCount.removeDefault(),
    windowDays: ruleFields.windowDays.removeDefault(),
    dueInDays: ruleFields.dueInDays.removeDefault(),
  })
  .partial();
export const RuleView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  active: z.boolean(),
  theme: z.string().nullable(),
  minShare: z.number(),
  minCount: z.number().int(),
  windowDays: z.number().int(),
  dueInDays: z.number().int(),
  moduleId: z.uuid().nullable(),
  pathId: z.uuid().nullable(),
  /** The module's title or the path's name. */
  targetName: z.string(),
  lastRunAt: z.string().nullable(),
  /** Open and completed assignments this rule made. */
  assigned: z.number().int(),
});
export type RuleView = z.infer<typeof RuleView>;
export const RulesRun = z.object({ assigned: z.number().int(), reminded: z.number().int() });

export const AssignInput = z
  .strictObject({
    moduleId: z.uuid().optional(),
    pathId: z.uuid().optional(),
    employeeIds: z.array(z.uuid()).max(500).default([]),
    /** Everyone currently in these teams (and their sub-teams). */
    teamIds: z.array(z.uuid()).max(50).default([]),
    /** Everyone active with one of these roles. */
    roles: z
      .array(z.enum(['admin', 'leader', 'manager', 'employee']))
      .max(4)
      .default([]),
    dueDate: LocalDate.optional(),
  })
  .refine((a) => (a.moduleId === undefined) !== (a.pathId === undefined), {
    message: 'give a module or a path',
    path: ['moduleId'],
  })
  .refine((a) => a.employeeIds.length + a.teamIds.length + a.roles.length > 0, {
    message: 'give people, teams or roles',
    path: ['employeeIds'],
  });
export type AssignInput = z.infer<typeof AssignInput>;
export const AssignResult = z.object({
  /** New assignments made. */
  assigned: z.number().int(),
  /** Person × module pairs skipped because an assignment of it is still open. */
  alreadyOpen: z.number().int(),
  people: z.number().int(),
});

export const AssignmentsQuery = z.strictObject({
  employeeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  moduleId: z.uuid().optional(),
  status: z.enum(['open', 'overdue', 'done', 'any']).default('any'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const MyTrainingView = z.object({
  /** Open assignments, overdue and soonest due first. */
  due: z.array(AssignmentView),
  /** Completed, newest first. */
  done: z.array(AssignmentView),
});

export const QuizSubmission = z.strictObject({ answers: QuizAnswers });
export const QuizOutcome = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  score: z.number(),
  passed: z.boolean(),
  passMark: z.number(),
  perQuestion: z.array(z.object({ id: z.string(), right: z.boolean() })),
  assignment: AssignmentView,
});

export const ProgressQuery = z.strictObject({
  teamId: z.uuid().optional(),
  moduleId: z.uuid().optional(),
});
const Counts = {
  assigned: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
  /** completed / assigned, 0–1; null with nothing assigned. */
  completionRate: z.number().nullable(),
  /** Mean of the best quiz scores of completed modules with a quiz, 0–1. */
  averageScore: z.number().nullable(),
};
export const ProgressView = z.object({
  teams: z.array(z.object({ teamId: z.uuid(), name: z.string(), people: z.number().int(), ...Counts })),
  people: z.array(
    z.object({ employeeId: z.uuid(), name: z.string(), teams: z.array(z.string()), ...Counts }),
  ),
});
export type ProgressView = z.infer<typeof ProgressView>;

/** A team or an employee (exactly one; checked by the service, after the module is found). */
export const EffectQuery = z.strictObject({
  teamId: z.uuid().optional(),
  employeeId: z.uuid().optional(),
  weeks: z.coerce.number().int().min(1).max(26).default(6),
  metric: MetricSchema.default('nps'),
  minSample: z.coerce.number().int().min(1).max(100_000).default(30),
});
export type EffectQuery = z.infer<typeof EffectQuery>;
export const EffectView = z.object({
  moduleId: z.uuid(),
  scope: z.object({ type: z.enum(['team', 'employee']), id: z.uuid(), name: z.string() }),
  /**
   * The day the module counts as completed: the employee's completion, or for a team the day by
   * which half of its assigned members had completed it. Null when that has not happened.
   */
  completedOn: z.string().nullable(),
  weeks: z.number().int(),
  metric: MetricSchema,
  before: z.object({ from: z.string(), to: z.string(), estimate: EstimateView }).nullable(),
  after: z.object({ from: z.string(), to: z.string(), estimate: EstimateView }).nullable(),
  change: z.number().nullable(),
  pValue: z.number().nullable(),
  /** True only when both periods reach the minimum sample and the change is beyond chance (5 %). */
  significant: z.boolean(),
  direction: z.enum(['better', 'worse', 'unchanged']),
  /** Why there is no comparison yet, in words, when there is none. */
  note: z.string().nullable(),
});
export type EffectView = z.infer<typeof EffectView>;
