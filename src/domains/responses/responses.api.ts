import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { CreateInteractionInput, CustomerRef } from '../customers/customers.api.ts';
import { LanguageSchema } from '../surveys/surveys.api.ts';
import { ResponseTextView, SentimentLabel } from '../text/text.api.ts';

export const AnswerValueSchema = z.union([
  z.number(),
  z.string().max(5000),
  z.array(z.string().max(100)).max(50),
]);
export const AnswersSchema = z
  .record(z.string().max(40), AnswerValueSchema)
  .refine((a) => Object.keys(a).length <= 30, 'at most 30 answers');

export const SubmitResponseInput = z
  .strictObject({
    surveyId: z.uuid(),
    /** The invitation this answers: one response per invitation, however often it is sent. */
    invitationToken: z.string().min(8).max(100).optional(),
    interactionId: z.uuid().optional(),
    /** An interaction to record with the response, when the client has not recorded it before. */
    interaction: CreateInteractionInput.optional(),
    customer: CustomerRef.optional(),
    employeeIds: z.array(z.uuid()).max(20).optional(),
    teamId: z.uuid().optional(),
    answers: AnswersSchema.default({}),
    /** Shortcuts: the first (score) question's answer, and the first free-text question's. */
    score: z.number().int().min(0).max(10).optional(),
    comment: z.string().max(5000).optional(),
    locale: LanguageSchema.optional(),
    submittedAt: IsoDateTime.optional(),
  })
  .refine((r) => [r.invitationToken, r.interactionId, r.interaction].filter(Boolean).length <= 1, {
    message: 'give at most one of invitationToken, interactionId and interaction',
  });
export type SubmitResponseInput = z.infer<typeof SubmitResponseInput>;

export const ResponseView = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  invitationId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  interactionId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  employeeIds: z.array(z.uuid()),
  channel: z.string().nullable(),
  source: z.enum(['email', 'link', 'embed', 'api', 'import']),
  locale: z.string(),
  score: z.number().nullable(),
  answers: z.record(z.string(), AnswerValueSchema),
  comment: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  /** Text analysis of the comment (detail view only; null when there is none yet). */
  text: ResponseTextView.nullable().optional(),
});
export type ResponseView = z.infer<typeof ResponseView>;

export const ListResponsesQuery = z.strictObject({
  surveyId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  employeeId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  scoreMin: z.coerce.number().int().min(0).max(10).optional(),
  scoreMax: z.coerce.number().int().min(0).max(10).optional(),
  hasComment: z.enum(['true', 'false']).optional(),
  sentiment: SentimentLabel.optional(),
  theme: z.string().min(1).max(60).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListResponsesQuery = z.infer<typeof ListResponsesQuery>;

export const BatchResponsesInput = z.strictObject({
  items: z
    .array(z.strictObject({ idempotencyKey: z.string().min(1).max(200).optional(), response: z.unknown() }))
    .min(1)
    .max(1000),
});
