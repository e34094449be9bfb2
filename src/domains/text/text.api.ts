import { z } from 'zod';

export const SentimentLabel = z.enum(['negative', 'neutral', 'positive']);

const Span = z.object({ start: z.number().int(), end: z.number().int(), phrase: z.string() });

/** What is stored with each response (the `analysis` column) and shown on its detail page. */
export const TextAnalysisRecord = z.object({
  themes: z.array(z.object({ key: z.string(), name: z.string(), spans: z.array(Span) })),
  mentions: z.array(
    z.object({
      employeeId: z.string(),
      name: z.string(),
      text: z.string(),
      start: z.number().int(),
      end: z.number().int(),
    }),
  ),
});
export type TextAnalysisRecord = z.infer<typeof TextAnalysisRecord>;

export const ResponseTextView = TextAnalysisRecord.extend({
  sentiment: SentimentLabel,
  sentimentScore: z.number(),
  praise: z.boolean(),
  complaint: z.boolean(),
  model: z.string(),
  modelVersion: z.string(),
  analysedAt: z.string(),
});
export type ResponseTextView = z.infer<typeof ResponseTextView>;

export const ThemeKey = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _');

export const ThemeView = z.object({
  key: z.string(),
  name: z.string(),
  phrases: z.array(z.string()),
  /** Part of the default taxonomy (phrases added here extend it). */
  builtIn: z.boolean(),
  /** Phrases this organisation added. */
  organisationPhrases: z.array(z.string()),
  /** Comments managers labelled with this theme. */
  labelled: z.number().int(),
});
export type ThemeView = z.infer<typeof ThemeView>;

export const PutThemeInput = z.strictObject({
  // "none" is the theme label for a comment about no theme (see theme-labels.ts).
  key: ThemeKey.refine((key) => key !== 'none', 'reserved for comments about no theme'),
  name: z.string().trim().min(1).max(100),
  phrases: z.array(z.string().trim().min(2).max(100)).max(200),
});
export type PutThemeInput = z.infer<typeof PutThemeInput>;

export const TextModelView = z.object({
  kind: z.enum(['sentiment', 'themes']),
  heldOutMacroF1: z.number(),
  defaultMacroF1: z.number(),
  heldOutAccuracy: z.number(),
  trainedOn: z.number().int(),
  testedOn: z.number().int(),
  inUse: z.boolean(),
  trainedAt: z.string(),
});
export type TextModelView = z.infer<typeof TextModelView>;

export const ThemeLabelsView = z.object({
  responseId: z.uuid(),
  /** Theme keys a manager assigned, whatever the analyser found. */
  themes: z.array(z.string()),
  labelledAt: z.string().nullable(),
});
export type ThemeLabelsView = z.infer<typeof ThemeLabelsView>;
export const SetThemeLabelsInput = z.strictObject({ themes: z.array(ThemeKey).max(20) });

export const ReanalysisView = z.object({
  id: z.uuid(),
  status: z.enum(['running', 'done', 'superseded']),
  reason: z.string(),
  /** Comments when the run started, and how many are analysed (comments added meanwhile may push it past). */
  total: z.number().int(),
  done: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReanalysisView = z.infer<typeof ReanalysisView>;
