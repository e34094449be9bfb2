import { z } from 'zod';
import { TargetStatus } from '../analytics/analytics.api.ts';
import { COMPARATORS, TARGET_METRICS } from '../analytics/analytics.tables.ts';
import { WallStoryView } from '../recognition/recognition.api.ts';
import { Quiz, QuizAnswers, QuizForReader } from '../training/quiz.ts';
import { ANNOUNCEMENT_KINDS } from './strategy.tables.ts';

const Line = (max: number) => z.string().trim().min(1).max(max);
const distinct = (values: string[]) => new Set(values.map((v) => v.toLowerCase())).size === values.length;
const PersonRef = z.object({ id: z.uuid(), name: z.string() });

// ---- the strategy's content, as stored in a draft and in every published version

/** A characteristic as an explicit trade-off: -100 leans fully to `left`, 100 fully to `right`. */
export const TradeOff = z.strictObject({
  left: Line(60),
  right: Line(60),
  position: z.number().int().min(-100).max(100),
  /** Why we stand there, in one sentence. */
  sentence: z.string().trim().max(300).default(''),
});
export type TradeOff = z.infer<typeof TradeOff>;

export const PriorityId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -');

export const Priority = z.strictObject({
  /** Stable across versions, so a diff can tell a moved priority from a new one. */
  id: PriorityId,
  title: Line(200),
  description: z.string().trim().max(1000).default(''),
});
export type Priority = z.infer<typeof Priority>;

/** A metric target of the analytics capability (by id) with the person who owns it. */
export const StrategyTarget = z.strictObject({
  targetId: z.uuid(),
  ownerId: z.uuid().nullable().default(null),
  note: z.string().trim().max(300).default(''),
});
export type StrategyTarget = z.infer<typeof StrategyTarget>;

const Customers = z.array(Line(200)).max(20).default([]).refine(distinct, 'customers must differ');

export const StrategyContent = z.strictObject({
  vision: z.string().trim().max(4000).default(''),
  customersServed: Customers,
  customersNotServed: Customers,
  tradeOffs: z
    .array(TradeOff)
    .max(12)
    .default([])
    .refine((t) => distinct(t.map(tradeOffKey)), 'each trade-off pair appears once'),
  /** Ranked: the first is the most important. */
  priorities: z
    .array(Priority)
    .max(15)
    .default([])
    .refine((p) => new Set(p.map((x) => x.id)).size === p.length, 'priority ids must differ'),
  targets: z
    .array(StrategyTarget)
    .max(20)
    .default([])
    .refine((t) => new Set(t.map((x) => x.targetId)).size === t.length, 'each target appears once'),
});
export type StrategyContent = z.infer<typeof StrategyContent>;

/** A trade-off is the same one across versions when it weighs the same pair. */
export const tradeOffKey = (t: { left: string; right: string }) =>
  `${t.left.trim().toLowerCase()} ↔ ${t.right.trim().toLowerCase()}`;

/** A draft as a leader saves it: new priorities may come without an id (one is given). */
export const SaveDraftInput = StrategyContent.omit({ priorities: true }).extend({
  priorities: z
    .array(Priority.extend({ id: PriorityId.optional() }))
    .max(15)
    .default([]),
});
export type SaveDraftInput = z.infer<typeof SaveDraftInput>;

// ---- reading it

export const StrategyTargetView = z.object({
  targetId: z.uuid(),
  owner: PersonRef.nullable(),
  note: z.string(),
  /** null when the target has been deleted in analytics since. */
  target: z
    .object({
      name: z.string().nullable(),
      metric: z.enum(TARGET_METRICS),
      teamId: z.uuid().nullable(),
      comparator: z.enum(COMPARATORS),
      value: z.number(),
      dueDate: z.string(),
      current: z.number().nullable(),
      status: TargetStatus,
    })
    .nullable(),
});

export const StrategyView = z.object({
  vision: z.string(),
  customersServed: z.array(z.string()),
  customersNotServed: z.array(z.string()),
  tradeOffs: z.array(
    z.object({ left: z.string(), right: z.string(), position: z.number(), sentence: z.string() }),
  ),
  priorities: z.array(z.object({ id: z.string(), title: z.string(), description: z.string() })),
  targets: z.array(StrategyTargetView),
});
export type StrategyView = z.infer<typeof StrategyView>;

export const VersionMeta = z.object({
  id: z.uuid(),
  number: z.number().int(),
  note: z.string().nullable(),
  publishedAt: z.string(),
  publishedBy: PersonRef.nullable(),
});
export type VersionMeta = z.infer<typeof VersionMeta>;

export const StrategyVersionView = VersionMeta.extend({ strategy: StrategyView });
export type StrategyVersionView = z.infer<typeof StrategyVersionView>;

export const DraftView = z.object({
  basedOnVersion: z.number().int().nullable(),
  updatedAt: z.string().nullable(),
  strategy: StrategyView,
});
export type DraftView = z.infer<typeof DraftView>;

export const StrategyPageView = z.object({
  current: StrategyVersionView.nullable(),
  /** Only for those who may publish (strategy:manage). */
  draft: DraftView.nullable(),
  canManage: z.boolean(),
});

export const VersionsView = z.object({ items: z.array(VersionMeta) });

// ---- diffs between two versions

const Segment = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
const Added = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
const RankedPriority = z.object({ id: z.string(), title: z.string(), rank: z.number().int() });

export const StrategyDiff = z.object({
  changed: z.boolean(),
  vision: z.object({ changed: z.boolean(), segments: z.array(Segment) }),
  customersServed: Added,
  customersNotServed: Added,
  tradeOffs: z.object({
    added: z.array(TradeOff),
    removed: z.array(TradeOff),
    changed: z.array(
      z.object({
        left: z.string(),
        right: z.string(),
        from: z.number(),
        to: z.number(),
        sentenceFrom: z.string(),
        sentenceTo: z.string(),
      }),
    ),
  }),
  priorities: z.object({
    added: z.array(RankedPriority),
    removed: z.array(RankedPriority),
    /** Priorities whose order relative to the others changed (not just shifted by an insert). */
    moved: z.array(
      z.object({ id: z.string(), title: z.string(), fromRank: z.number().int(), toRank: z.number().int() }),
    ),
    edited: z.array(
      z.object({
        id: z.string(),
        titleFrom: z.string(),
        titleTo: z.string(),
        descriptionFrom: z.string(),
        descriptionTo: z.string(),
      }),
    ),
  }),
  targets: z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(
      z.object({
        targetId: z.string(),
        ownerFrom: z.string().nullable(),
        ownerTo: z.string().nullable(),
        noteFrom: z.string(),
        noteTo: z.string(),
      }),
    ),
  }),
});
export type StrategyDiff = z.infer<typeof StrategyDiff>;

export const VersionDiffView = z.object({ from: VersionMeta, to: VersionMeta, diff: StrategyDiff });
export const DiffQuery = z.strictObject({
  /** The older version to compare with; the one before by default. */
  against: z.uuid().optional(),
});

// ---- announcements and acknowledgement

const Ask = {
  /** Ask people to acknowledge it (otherwise it is only shown). */
  requireAcknowledgement: z.boolean().default(true),
  /** Teams asked (with the teams below them); everyone when absent or empty. */
  teamIds: z.array(z.uuid()).max(50).optional(),
  quiz: Quiz.optional(),
  remindAfterDays: z.number().int().min(1).max(90).nullish(),
  /** A great service story from the recognition wall to feature. */
  storyId: z.uuid().nullish(),
};

export const CreateAnnouncementInput = z.strictObject({
  kind: z.enum(['announcement', 'priority']).default('announcement'),
  title: Line(200),
  body: z.string().trim().max(5000).default(''),
  ...Ask,
});
export type CreateAnnouncementInput = z.infer<typeof CreateAnnouncementInput>;

export const PublishInput = z.strictObject({
  note: z.string().trim().max(1000).nullish(),
  /** Announce the new version (and ask for acknowledgement); without it, it is published quietly. */
  announce: z
    .strictObject({
      kind: z.enum(['strategy', 'priority']).default('strategy'),
      title: Line(200).optional(),
      body: z.string().trim().max(5000).default(''),
      ...Ask,
    })
    .optional(),
});
export type PublishInput = z.infer<typeof PublishInput>;

export const MyAcknowledgement = z.object({
  seenAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  quizScore: z.number().nullable(),
});

export const AnnouncementView = z.object({
  id: z.uuid(),
  kind: z.enum(ANNOUNCEMENT_KINDS),
  title: z.string(),
  body: z.string(),
  strategyVersion: z.object({ id: z.uuid(), number: z.number().int() }).nullable(),
  story: WallStoryView.nullable(),
  audienceTeamIds: z.array(z.uuid()).nullable(),
  requiresAcknowledgement: z.boolean(),
  quiz: QuizForReader.nullable(),
  remindAfterDays: z.number().int().nullable(),
  publishedAt: z.string(),
  publishedBy: PersonRef.nullable(),
  /** The signed-in person's own acknowledgement; null when they were not asked. */
  me: MyAcknowledgement.nullable(),
  /** Totals, for those who may see reach (strategy:manage). */
  reach: z
    .object({ asked: z.number().int(), seen: z.number().int(), acknowledged: z.number().int() })
    .nullable(),
});
export type AnnouncementView = z.infer<typeof AnnouncementView>;

export const PublishResult = z.object({
  version: StrategyVersionView,
  announcement: AnnouncementView.nullable(),
});

export const AnnouncementsQuery = z.strictObject({
  /**
   * `all`: every one the reader may see; `mine`: those the reader was asked to read; `pending`:
   * those still waiting for the reader's acknowledgement.
   */
  filter: z.enum(['all', 'mine', 'pending']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const AnnouncementsView = z.object({ items: z.array(AnnouncementView) });

export const QuizInput = z.strictObject({ answers: QuizAnswers });
export const QuizResultView = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  score: z.number(),
  passed: z.boolean(),
  perQuestion: z.array(z.object({ id: z.string(), right: z.boolean() })),
});

const ReachFigures = {
  asked: z.number().int(),
  seen: z.number().int(),
  acknowledged: z.number().int(),
  /** Asked and not acknowledged yet (some of them have seen it). */
  notYet: z.number().int(),
  quizAnswered: z.number().int(),
  /** Mean quiz score of those who answered, 0–1. */
  quizMeanScore: z.number().nullable(),
  quizPassed: z.number().int(),
};
export const ReachView = z.object({
  announcementId: z.uuid(),
  total: z.object(ReachFigures),
  teams: z.array(z.object({ team: PersonRef.nullable(), ...ReachFigures })),
  /** People asked who have not acknowledged yet, for a leader to follow up. */
  notYet: z.array(
    PersonRef.extend({ teamId: z.uuid().nullable(), seen: z.boolean(), reminders: z.number().int() }),
  ),
});
export type ReachView = z.infer<typeof ReachView>;

export const RemindResult = z.object({
  queued: z.boolean(),
  round: z.number().int(),
  pending: z.number().int(),
});

/** Job payload of the reminder round. */
export const ReminderPayload = z.object({ announcementId: z.uuid(), round: z.number().int().min(1) });
