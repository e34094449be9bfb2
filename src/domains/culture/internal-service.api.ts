import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { PulseStatus, TooFew } from './pulse.api.ts';

/** The five SERVQUAL dimensions, in the order they are asked and shown. */
export const SERVQUAL_DIMENSIONS = [
  'reliability',
  'assurance',
  'tangibles',
  'empathy',
  'responsiveness',
] as const;
export type ServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number];

/** One agreement item (1–5) per dimension, `{team}` replaced by the provider's name. */
export const SERVQUAL_ITEMS: Record<ServqualDimension, { label: string; text: string }> = {
  reliability: { label: 'Reliability', text: '{team} delivers what they promise, when they promise it.' },
  assurance: { label: 'Assurance', text: '{team} know their job, and I trust their answers.' },
  tangibles: {
    label: 'Tangibles',
    text: 'What {team} hand over (documents, tools, systems) is clear and easy to use.',
  },
  empathy: { label: 'Empathy', text: '{team} understand what my team needs and why.' },
  responsiveness: { label: 'Responsiveness', text: '{team} respond quickly when my team asks for help.' },
};
export const INTERNAL_NPS_QUESTION = "How likely are you to recommend {team}'s service to a colleague?";

export const CreateInternalRoundInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  /** The teams to be rated. */
  providerTeamIds: z.array(z.uuid()).min(1).max(100),
  /** Empty or missing: everyone. */
  audienceTeamIds: z.array(z.uuid()).max(200).default([]),
});
export type CreateInternalRoundInput = z.output<typeof CreateInternalRoundInput>;

const TeamRef = z.object({ id: z.uuid(), name: z.string() });

export const InternalRoundView = z.object({
  id: z.uuid(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: PulseStatus,
  providers: z.array(TeamRef),
  audienceTeamIds: z.array(z.uuid()),
});
export type InternalRoundView = z.infer<typeof InternalRoundView>;

export const OpenInternalRoundView = InternalRoundView.pick({ id: true, title: true, closesAt: true }).extend(
  {
    /** The providers this person may rate: their own team (and its parents and sub-teams) left out. */
    providers: z.array(TeamRef),
    npsQuestion: z.string(),
    items: z.array(z.object({ dimension: z.enum(SERVQUAL_DIMENSIONS), label: z.string(), text: z.string() })),
  },
);

const Agreement = z.number().int().min(1).max(5);
export const InternalRating = z.strictObject({
  providerTeamId: z.uuid(),
  nps: z.number().int().min(0).max(10),
  reliability: Agreement,
  assurance: Agreement,
  tangibles: Agreement,
  empathy: Agreement,
  responsiveness: Agreement,
  comment: z.string().trim().max(4000).optional(),
});
export const AnswerInternalRoundInput = z.strictObject({
  /** The providers this person uses; each at most once. */
  ratings: z.array(InternalRating).min(1).max(100),
});
export type AnswerInternalRoundInput = z.infer<typeof AnswerInternalRoundInput>;

/** One from-department × provider cell, or the provider's total over every rater (`fromTeamId` null). */
export const InternalCellView = z.union([
  TooFew.extend({ fromTeamId: z.uuid().nullable() }),
  z.object({
    status: z.literal('ok'),
    fromTeamId: z.uuid().nullable(),
    responses: z.number().int(),
    nps: z.number(),
    /** Half the width of the 95 % interval of the internal NPS. */
    npsMarginOfError: z.number(),
    servqual: z.record(z.enum(SERVQUAL_DIMENSIONS), z.number()),
  }),
]);
export type InternalCellView = z.infer<typeof InternalCellView>;

export const InternalMatrixView = z.object({
  roundId: z.uuid(),
  title: z.string(),
  minGroupSize: z.number().int(),
  minCommentGroupSize: z.number().int(),
  dimensions: z.array(z.object({ dimension: z.enum(SERVQUAL_DIMENSIONS), label: z.string() })),
  /** The rows: departments (top-level teams) whose people rate. */
  departments: z.array(TeamRef),
  providers: z.array(
    TeamRef.extend({
      /** Every rater of this provider. */
      total: InternalCellView,
      /** One per department, in the order of `departments`. */
      cells: z.array(InternalCellView),
      comments: z.union([TooFew, z.object({ status: z.literal('ok'), items: z.array(z.string()) })]),
    }),
  ),
});
export type InternalMatrixView = z.infer<typeof InternalMatrixView>;
