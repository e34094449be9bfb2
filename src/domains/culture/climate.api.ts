import { z } from 'zod';
import { LocalDate } from '../analytics/analytics.api.ts';
import { ASSESSMENT_STATUSES } from './climate.tables.ts';
import { CLIMATE_QUESTION_KEYS } from './climate-questions.ts';
import { CONSTRUCTS } from './constructs.ts';

export const ClimateQuestionsView = z.object({
  constructs: z.array(z.object({ key: z.enum(CONSTRUCTS), label: z.string() })),
  levels: z.array(z.object({ level: z.number().int(), name: z.string() })),
  questions: z.array(
    z.object({
      key: z.enum(CLIMATE_QUESTION_KEYS),
      text: z.string(),
      construct: z.enum(CONSTRUCTS),
      levels: z.array(z.string()),
    }),
  ),
});

export const ClimateAnswerInput = z.strictObject({
  questionKey: z.enum(CLIMATE_QUESTION_KEYS),
  /** 1 Not started … 5 Leading; null clears it. */
  rating: z.number().int().min(1).max(5).nullable(),
  notes: z.string().trim().max(5000).nullish(),
});

export const CreateAssessmentInput = z.strictObject({
  /** Defaults to today in the organisation's time zone. */
  assessedOn: LocalDate.optional(),
});
export type CreateAssessmentInput = z.infer<typeof CreateAssessmentInput>;

export const UpdateAssessmentInput = z.strictObject({
  assessedOn: LocalDate.optional(),
  answers: z.array(ClimateAnswerInput).max(12).optional(),
  /** `completed` needs a rating for every question, and counts in the perception gap. */
  status: z.enum(ASSESSMENT_STATUSES).optional(),
});
export type UpdateAssessmentInput = z.infer<typeof UpdateAssessmentInput>;

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const ConstructRating = z.object({
  construct: z.enum(CONSTRUCTS),
  /** Mean of the construct's rated questions, 1–5; null when none is rated. */
  rating: z.number().nullable(),
});

export const AssessmentSummaryView = z.object({
  id: z.uuid(),
  leader: Ref,
  assessedOn: z.string(),
  status: z.enum(ASSESSMENT_STATUSES),
  completedAt: z.string().nullable(),
  answered: z.number().int(),
  /** Mean of all ratings, 1–5. */
  meanRating: z.number().nullable(),
  byConstruct: z.array(ConstructRating),
});
export type AssessmentSummaryView = z.infer<typeof AssessmentSummaryView>;

export const AssessmentView = AssessmentSummaryView.extend({
  answers: z.array(
    z.object({
      questionKey: z.enum(CLIMATE_QUESTION_KEYS),
      rating: z.number().int().nullable(),
      notes: z.string().nullable(),
    }),
  ),
  /** Only its leader edits an assessment. */
  canEdit: z.boolean(),
});
export type AssessmentView = z.infer<typeof AssessmentView>;

export const AssessmentsPage = z.object({ items: z.array(AssessmentSummaryView) });

export const EvidenceItem = z.object({
  key: z.string(),
  label: z.string(),
  /** `not_measured_yet`: Serviceloop has no data for this yet (the capability is not built). */
  status: z.enum(['measured', 'no_data', 'not_measured_yet']),
  value: z.number().nullable(),
  unit: z.string(),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  sentence: z.string(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const ClimateEvidenceView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  questions: z.array(
    z.object({ questionKey: z.enum(CLIMATE_QUESTION_KEYS), evidence: z.array(EvidenceItem) }),
  ),
});
export type ClimateEvidenceView = z.infer<typeof ClimateEvidenceView>;

const GapCell = z.object({
  /** On a common 0–100 scale, so the three views can be compared; null when not available. */
  score: z.number().nullable(),
  /** The figure on its own scale (1–5 rating, NPS, CSAT %, CES 1–7). */
  raw: z.number().nullable(),
  n: z.number().int(),
  note: z.string(),
});

export const PerceptionGapView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  constructs: z.array(
    z.object({
      construct: z.enum(CONSTRUCTS),
      label: z.string(),
      leaders: GapCell,
      employees: GapCell,
      customers: GapCell.extend({ metric: z.enum(['nps', 'csat', 'ces']).nullable() }),
      /** Leaders' score minus the lower of employees' and customers' (where present): the blind spot. */
      gap: z.number().nullable(),
    }),
  ),
});
export type PerceptionGapView = z.infer<typeof PerceptionGapView>;
