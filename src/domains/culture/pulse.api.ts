import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { CONSTRUCTS } from './constructs.ts';
import { RECURRENCES, TENURE_BANDS } from './pulse.tables.ts';

export const ConstructSchema = z.enum(CONSTRUCTS);

export const CultureSettingsView = z.object({
  minGroupSize: z.number().int(),
  minCommentGroupSize: z.number().int(),
});
export type CultureSettingsView = z.infer<typeof CultureSettingsView>;
export const UpdateCultureSettingsInput = z.strictObject({
  minGroupSize: z.number().int().min(3).max(1000).optional(),
  minCommentGroupSize: z.number().int().min(3).max(1000).optional(),
});

export const StatementView = z.object({
  id: z.uuid(),
  construct: ConstructSchema,
  text: z.string(),
  position: z.number().int(),
  retired: z.boolean(),
});
export type StatementView = z.infer<typeof StatementView>;
const StatementText = z.string().trim().min(5).max(300);
export const CreateStatementInput = z.strictObject({ construct: ConstructSchema, text: StatementText });
export const UpdateStatementInput = z.strictObject({
  text: StatementText.optional(),
  retired: z.boolean().optional(),
});

export const CreatePulseInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  /** Empty or missing: everyone. */
  audienceTeamIds: z.array(z.uuid()).max(200).default([]),
  constructs: z.array(ConstructSchema).min(1).max(7).optional(),
  recurrence: z.enum(RECURRENCES).default('none'),
});
export type CreatePulseInput = z.output<typeof CreatePulseInput>;

export const PulseStatus = z.enum(['scheduled', 'open', 'closed']);
export const PulseView = z.object({
  id: z.uuid(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: PulseStatus,
  audienceTeamIds: z.array(z.uuid()),
  constructs: z.array(ConstructSchema),
  recurrence: z.enum(RECURRENCES),
  previousPulseId: z.uuid().nullable(),
  statements: z.array(z.object({ id: z.uuid(), construct: ConstructSchema, text: z.string() })),
});
export type PulseView = z.infer<typeof PulseView>;

export const OpenPulseView = PulseView.pick({
  id: true,
  title: true,
  closesAt: true,
  statements: true,
}).extend({ enpsQuestion: z.string(), commentPrompt: z.string() });

export const AnswerPulseInput = z.strictObject({
  scores: z
    .array(z.strictObject({ statementId: z.uuid(), score: z.number().int().min(1).max(5) }))
    .min(1)
    .max(50),
  enps: z.number().int().min(0).max(10),
  comment: z.string().trim().max(4000).optional(),
});
export type AnswerPulseInput = z.infer<typeof AnswerPulseInput>;

/** A figure the anonymity guard refused, or the figure. */
export const TooFew = z.object({ status: z.literal('too_few_responses') });
export const ConstructFigure = z.union([
  TooFew,
  z.object({ status: z.literal('ok'), mean: z.number(), favourable: z.number() }),
]);
export const CellView = z.union([
  TooFew.extend({ teamId: z.uuid().nullable(), name: z.string() }),
  z.object({
    status: z.literal('ok'),
    teamId: z.uuid().nullable(),
    name: z.string(),
    responses: z.number().int(),
    /** Share of the audience in this group who answered, when the audience is known. */
    responseRate: z.number().nullable(),
    enps: z.number(),
    constructs: z.record(z.string(), ConstructFigure),
  }),
]);
export type CellView = z.infer<typeof CellView>;

export const ResultsQuery = z.strictObject({
  role: z.string().max(20).optional(),
  tenure: z.enum(TENURE_BANDS).optional(),
});
export const HeatmapView = z.object({
  pulseId: z.uuid(),
  title: z.string(),
  minGroupSize: z.number().int(),
  constructs: z.array(ConstructSchema),
  organisation: CellView,
  teams: z.array(CellView),
});
export type HeatmapView = z.infer<typeof HeatmapView>;

export const TrendQuery = z.strictObject({ teamId: z.uuid().optional() });
export const TrendView = z.object({
  teamId: z.uuid().nullable(),
  points: z.array(z.object({ pulseId: z.uuid(), title: z.string(), opensAt: z.string(), cell: CellView })),
});

export const CommentsQuery = z.strictObject({ teamId: z.uuid().optional() });
export const CommentsView = z.union([
  TooFew.extend({ minCommentGroupSize: z.number().int() }),
  z.object({
    status: z.literal('ok'),
    minCommentGroupSize: z.number().int(),
    comments: z.array(z.string()),
    themes: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  }),
]);
export type CommentsView = z.infer<typeof CommentsView>;

export const LoyaltyLinkQuery = z.strictObject({
  /** A construct, or the mean of the constructs the pulse asked (`overall`, the default). */
  construct: z.union([ConstructSchema, z.literal('overall')]).default('overall'),
  metric: z.enum(['nps', 'csat']).default('nps'),
  /** Teams with fewer customer answers in the period are left out (their score is mostly noise). */
  minCustomerResponses: z.coerce.number().int().min(1).max(10_000).default(10),
});
export type LoyaltyLinkQuery = z.output<typeof LoyaltyLinkQuery>;

export const LoyaltyLinkView = z.object({
  pulseId: z.uuid(),
  title: z.string(),
  construct: z.union([ConstructSchema, z.literal('overall')]),
  metric: z.enum(['nps', 'csat']),
  /** The customer scores' period (the organisation's days): the quarter up to the pulse's close. */
  period: z.object({ from: z.string(), to: z.string() }),
  minGroupSize: z.number().int(),
  minCustomerResponses: z.number().int(),
  points: z.array(
    z.object({
      teamId: z.uuid(),
      name: z.string(),
      /** Mean agreement 1–5 and the pulse answers behind it (released by the anonymity guard). */
      culture: z.number(),
      cultureResponses: z.number().int(),
      customer: z.number(),
      customerResponses: z.number().int(),
      customerMarginOfError: z.number().nullable(),
    }),
  ),
  excluded: z.array(
    z.object({
      teamId: z.uuid(),
      name: z.string(),
      reason: z.enum(['anonymity', 'few_customer_responses']),
    }),
  ),
  correlation: z.object({
    n: z.number().int(),
    r: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    status: z.enum(['too_few_points', 'no_variation', 'no_clear_link', 'positive', 'negative']),
  }),
  /** What the figures allow one to say, in a sentence. */
  message: z.string(),
});
export type LoyaltyLinkView = z.infer<typeof LoyaltyLinkView>;
