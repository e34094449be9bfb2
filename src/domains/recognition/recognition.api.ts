import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import {
  CELEBRATION_KINDS,
  FEEDBACK_EVIDENCE_TYPES,
  FEEDBACK_KINDS,
  KUDOS_EVIDENCE_TYPES,
  KUDOS_KINDS,
  NOMINATION_STATUSES,
  PRAISE_STATUSES,
  REACTIONS,
  STORY_TYPES,
} from './recognition.tables.ts';

const ValueTag = z.string().trim().min(1).max(60);
const Text = (max: number) => z.string().trim().min(1).max(max);

// ---- settings

export const RecognitionSettingsView = z.object({
  valueTags: z.array(z.string()),
  pointsEnabled: z.boolean(),
  monthlyAllowance: z.number().int(),
  maxPointsPerKudos: z.number().int(),
  celebrateFirstPromoter: z.boolean(),
  praiseMilestones: z.array(z.number().int()),
  celebrateAnniversaries: z.boolean(),
  celebrateTeamTargets: z.boolean(),
  celebrateRecoveries: z.boolean(),
  /** The public page of published stories, at /stories/<organisation slug>. Off by default. */
  publicWallEnabled: z.boolean(),
  feedbackNudgeDays: z.number().int(),
});
export type RecognitionSettingsView = z.infer<typeof RecognitionSettingsView>;

export const UpdateRecognitionSettingsInput = z.strictObject({
  valueTags: z
    .array(ValueTag)
    .min(1)
    .max(30)
    .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, 'tags must differ')
    .optional(),
  pointsEnabled: z.boolean().optional(),
  monthlyAllowance: z.number().int().min(0).max(100_000).optional(),
  maxPointsPerKudos: z.number().int().min(1).max(100_000).optional(),
  celebrateFirstPromoter: z.boolean().optional(),
  praiseMilestones: z.array(z.number().int().min(1).max(1_000_000)).max(10).optional(),
  celebrateAnniversaries: z.boolean().optional(),
  celebrateTeamTargets: z.boolean().optional(),
  celebrateRecoveries: z.boolean().optional(),
  publicWallEnabled: z.boolean().optional(),
  feedbackNudgeDays: z.number().int().min(1).max(365).optional(),
});
export type UpdateRecognitionSettingsInput = z.infer<typeof UpdateRecognitionSettingsInput>;

// ---- kudos

export const KudosEvidenceInput = z.strictObject({ type: z.enum(KUDOS_EVIDENCE_TYPES), id: z.uuid() });
export const FeedbackEvidenceInput = z.strictObject({
  type: z.enum(FEEDBACK_EVIDENCE_TYPES),
  id: z.uuid(),
});
export const EvidenceView = z.object({ type: z.enum(FEEDBACK_EVIDENCE_TYPES), id: z.uuid() });

export const GiveKudosInput = z
  .strictObject({
    recipientIds: z.array(z.uuid()).max(20).default([]),
    teamId: z.uuid().nullish(),
    kind: z.enum(KUDOS_KINDS),
    message: Text(2000),
    valueTags: z.array(ValueTag).max(10).default([]),
    evidence: KudosEvidenceInput.nullish(),
    /** Points to each named recipient, from the giver's monthly allowance. */
    points: z.number().int().min(0).max(100_000).default(0),
  })
  .refine((k) => k.recipientIds.length > 0 || k.teamId, {
    message: 'Name at least one colleague or a team',
    path: ['recipientIds'],
  });
export type GiveKudosInput = z.infer<typeof GiveKudosInput>;

export const PersonRef = z.object({ id: z.uuid(), name: z.string() });
export const TeamRef = z.object({ id: z.uuid(), name: z.string() });

export const ReactionSummary = z.object({
  reaction: z.enum(REACTIONS),
  count: z.number().int(),
  mine: z.boolean(),
});

export const WallStoryView = z.object({
  type: z.enum(STORY_TYPES),
  id: z.uuid(),
  at: z.string(),
  /** Kudos: success or effort; celebrations: their kind; praise: null. */
  kind: z.enum([...KUDOS_KINDS, ...CELEBRATION_KINDS]).nullable(),
  /** The kudos message, the customer's words, or the celebration's title. */
  text: z.string(),
  valueTags: z.array(z.string()),
  from: PersonRef.nullable(),
  to: z.array(PersonRef.extend({ points: z.number().int() })),
  team: TeamRef.nullable(),
  /** Praise: the customer as they may be shown (first name only unless they consented to more). */
  customerName: z.string().nullable(),
  score: z.number().nullable(),
  evidence: EvidenceView.nullable(),
  reactions: z.array(ReactionSummary),
  commentCount: z.number().int(),
  /** On the organisation's public page of stories (see /stories/<slug>). */
  published: z.boolean(),
});
export type WallStoryView = z.infer<typeof WallStoryView>;

export const WallQuery = z.strictObject({
  sort: z.enum(['newest', 'celebrated']).default('newest'),
  teamId: z.uuid().optional(),
  valueTag: z.string().trim().min(1).max(60).optional(),
  type: z.enum(STORY_TYPES).optional(),
  /** "Most celebrated" looks back this many days. */
  days: z.coerce.number().int().min(1).max(366).default(30),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
});
export type WallQuery = z.infer<typeof WallQuery>;

export const WallPage = z.object({ items: z.array(WallStoryView), nextCursor: z.string().nullable() });

export const StoryParams = z.strictObject({ type: z.enum(STORY_TYPES), id: z.uuid() });
export const ReactInput = z.strictObject({ reaction: z.enum(REACTIONS), on: z.boolean().default(true) });
export const CommentInput = z.strictObject({ body: Text(2000) });
export const CommentView = z.object({
  id: z.uuid(),
  author: PersonRef,
  body: z.string(),
  createdAt: z.string(),
});

export const AllowanceView = z.object({
  pointsEnabled: z.boolean(),
  period: z.string(),
  allowance: z.number().int(),
  spent: z.number().int(),
  remaining: z.number().int(),
  maxPointsPerKudos: z.number().int(),
  /** Points received, ever: they never expire. */
  received: z.number().int(),
});
export type AllowanceView = z.infer<typeof AllowanceView>;

// ---- customer praise

export const PraiseView = z.object({
  id: z.uuid(),
  responseId: z.uuid(),
  employee: PersonRef,
  team: TeamRef.nullable(),
  quote: z.string(),
  customerName: z.string().nullable(),
  score: z.number().nullable(),
  praisedAt: z.string(),
  status: z.enum(PRAISE_STATUSES),
  kudosId: z.uuid().nullable(),
});
export type PraiseView = z.infer<typeof PraiseView>;

export const PraiseSuggestionsQuery = z.strictObject({
  status: z.enum(PRAISE_STATUSES).default('suggested'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const RecogniseInput = z.strictObject({
  message: Text(2000).optional(),
  kind: z.enum(KUDOS_KINDS).default('success'),
  valueTags: z.array(ValueTag).max(10).default([]),
});

// ---- feedback

export const GiveFeedbackInput = z.strictObject({
  employeeId: z.uuid(),
  kind: z.enum(FEEDBACK_KINDS),
  message: Text(4000),
  evidence: FeedbackEvidenceInput.nullish(),
});
export type GiveFeedbackInput = z.infer<typeof GiveFeedbackInput>;

export const FeedbackReplyView = z.object({
  id: z.uuid(),
  author: PersonRef,
  body: z.string(),
  createdAt: z.string(),
});
export const FeedbackView = z.object({
  id: z.uuid(),
  giver: PersonRef,
  employee: PersonRef,
  kind: z.enum(FEEDBACK_KINDS),
  message: z.string(),
  evidence: EvidenceView.nullable(),
  evidenceAt: z.string().nullable(),
  /** Hours from the evidence to this feedback; null without evidence. */
  immediacyHours: z.number().nullable(),
  acknowledgedAt: z.string().nullable(),
  createdAt: z.string(),
  replies: z.array(FeedbackReplyView),
});
export type FeedbackView = z.infer<typeof FeedbackView>;

export const ListFeedbackQuery = z.strictObject({
  /** Feedback about this person (yourself, or one of your reports); default: yourself. */
  employeeId: z.uuid().optional(),
  /** `given`: feedback you gave, instead of feedback about someone. */
  direction: z.enum(['received', 'given']).default('received'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ReplyInput = z.strictObject({ body: Text(4000) });

export const CoverageQuery = z.strictObject({ teamId: z.uuid().optional() });
export const CoverageRow = z.object({
  employee: PersonRef,
  teams: z.array(TeamRef),
  lastFeedbackAt: z.string().nullable(),
  daysSinceFeedback: z.number().int().nullable(),
  lastRecognitionAt: z.string().nullable(),
  daysSinceRecognition: z.number().int().nullable(),
  /** True when either is older than the nudge threshold, or never happened. */
  nudge: z.boolean(),
  feedbackCount90d: z.number().int(),
  /** Median hours from evidence to feedback over the last 90 days. */
  medianImmediacyHours: z.number().nullable(),
});
export const CoverageView = z.object({
  nudgeDays: z.number().int(),
  rows: z.array(CoverageRow),
  medianImmediacyHours: z.number().nullable(),
});
export type CoverageView = z.infer<typeof CoverageView>;

// ---- profile

export const ProfileView = z.object({
  employee: PersonRef.extend({ teams: z.array(TeamRef) }),
  points: z.object({ received: z.number().int() }),
  kudosReceived: z.array(WallStoryView),
  praise: z.array(PraiseView),
  /** Only for the person themselves and their managers; null for everyone else. */
  feedback: z.array(FeedbackView).nullable(),
  counts: z.object({
    kudos: z.number().int(),
    effortKudos: z.number().int(),
    praise: z.number().int(),
  }),
});
export type ProfileView = z.infer<typeof ProfileView>;

// ---- boards

export const BoardsQuery = z.strictObject({
  days: z.coerce.number().int().min(7).max(366).default(90),
  /** Nobody is ranked on fewer than this many items. */
  minN: z.coerce.number().int().min(1).max(100).default(3),
});
export const BoardEntry = z.object({
  employee: PersonRef,
  count: z.number().int(),
  /** The customers' board: responses the person served, and their fair praise rate (%, shrunk). */
  served: z.number().int().nullable(),
  rate: z.number().nullable(),
});
export const BoardsView = z.object({
  days: z.number().int(),
  minN: z.number().int(),
  effort: z.array(BoardEntry),
  helpful: z.array(BoardEntry),
  praised: z.array(BoardEntry),
});
export type BoardsView = z.infer<typeof BoardsView>;

// ---- awards: nominations for a periodic award, with an approval step

export const CreateAwardRoundInput = z.strictObject({
  title: Text(120),
  /** The period the award is for, as people say it: "March 2026", "Q2". */
  period: Text(60),
  closesAt: IsoDateTime,
});
export type CreateAwardRoundInput = z.infer<typeof CreateAwardRoundInput>;

export const NominateInput = z.strictObject({
  nomineeId: z.uuid(),
  reason: Text(2000),
  evidence: FeedbackEvidenceInput.nullish(),
});
export type NominateInput = z.infer<typeof NominateInput>;

export const DecideNominationInput = z.strictObject({ decision: z.enum(['approved', 'rejected']) });

export const NominationView = z.object({
  id: z.uuid(),
  roundId: z.uuid(),
  nominee: PersonRef,
  nominator: PersonRef,
  reason: z.string(),
  evidence: EvidenceView.nullable(),
  status: z.enum(NOMINATION_STATUSES),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NominationView = z.infer<typeof NominationView>;

export const AwardRoundView = z.object({
  id: z.uuid(),
  title: z.string(),
  period: z.string(),
  closesAt: z.string(),
  /** Taking nominations (until closesAt). */
  open: z.boolean(),
  owner: PersonRef,
  nominationCount: z.number().int(),
  /** Approved nominees, each once. */
  winners: z.array(PersonRef),
  /** The viewer owns the round: they see every nomination and decide. */
  canDecide: z.boolean(),
  /** Every nomination for the owner; for anyone else only the ones they made. */
  nominations: z.array(NominationView),
});
export type AwardRoundView = z.infer<typeof AwardRoundView>;
