import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { CustomerRef } from '../customers/customers.api.ts';
import { INVITATION_CHANNELS } from './surveys.tables.ts';

/** Languages a survey can be shown in; the public page's own words exist in each (survey-page.i18n.ts). */
export const LANGUAGES = ['en', 'es', 'de'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Text in several languages; English is required and is the fallback for a missing translation. */
export const Translated = (max: number) =>
  z.strictObject({
    en: z.string().trim().min(1).max(max),
    es: z.string().trim().max(max).optional(),
    de: z.string().trim().max(max).optional(),
  });
export type Translated = z.infer<ReturnType<typeof Translated>>;

const QuestionId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lowercase letters, digits, - and _, up to 40');
/** Skip logic on the first score: the question is shown only when that score is within [min, max]. */
const ShowIf = z.strictObject({ scoreMin: z.number().int(), scoreMax: z.number().int() });
const Option = z.strictObject({ id: QuestionId, label: Translated(200) });

const base = {
  id: QuestionId,
  label: Translated(500),
  help: Translated(500).optional(),
  required: z.boolean().default(false),
  showIf: ShowIf.optional(),
};
const scaleLabels = { lowLabel: Translated(60).optional(), highLabel: Translated(60).optional() };

export const Question = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('nps'), ...scaleLabels }),
  z.strictObject({ ...base, type: z.literal('csat'), ...scaleLabels }),
  z.strictObject({ ...base, type: z.literal('ces'), ...scaleLabels }),
  z.strictObject({
    ...base,
    type: z.literal('rating'),
    min: z.number().int().min(0).max(1),
    max: z.number().int().min(2).max(10),
    ...scaleLabels,
  }),
  z.strictObject({ ...base, type: z.literal('single'), options: z.array(Option).min(2).max(20) }),
  z.strictObject({ ...base, type: z.literal('multiple'), options: z.array(Option).min(2).max(20) }),
  z.strictObject({
    ...base,
    type: z.literal('text'),
    maxLength: z.number().int().min(10).max(5000).default(2000),
  }),
]);
export type Question = z.infer<typeof Question>;

/** The numeric range of a scored question, or null for choice and text questions. */
export function scaleOf(q: Question): { min: number; max: number } | null {
  switch (q.type) {
    case 'nps':
      return { min: 0, max: 10 };
    case 'csat':
      return { min: 1, max: 5 };
    case 'ces':
      return { min: 1, max: 7 };
    case 'rating':
      return { min: q.min, max: q.max };
    default:
      return null;
  }
}

export const SurveyDefinition = z
  .strictObject({
    languages: z.array(LanguageSchema).min(1).max(LANGUAGES.length),
    title: Translated(200),
    intro: Translated(1000).optional(),
    thankYou: Translated(1000),
    brandColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1864ab')
      .default('#1864ab'),
    logoUrl: z
      .url({ protocol: /^https$/ })
      .max(500)
      .optional(),
    questions: z.array(Question).min(1).max(30),
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    d.questions.forEach((q, i) => {
      if (ids.has(q.id))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `duplicate question id "${q.id}"`,
        });
      ids.add(q.id);
      if ('options' in q && new Set(q.options.map((o) => o.id)).size !== q.options.length)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'options'],
          message: 'option ids must differ',
        });
      if (q.showIf) {
        const first = d.questions[0];
        const scale = first ? scaleOf(first) : null;
        if (i === 0 || !scale)
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'showIf'],
            message: 'skip logic needs a score as the first question',
          });
        else if (
          q.showIf.scoreMin > q.showIf.scoreMax ||
          q.showIf.scoreMin < scale.min ||
          q.showIf.scoreMax > scale.max
        )
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'showIf'],
            message: `a range within ${scale.min}–${scale.max}`,
          });
      }
    });
    if (!d.languages.includes('en'))
      ctx.addIssue({ code: 'custom', path: ['languages'], message: 'English is always offered' });
  });
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

export const SurveyKindSchema = z.enum(['nps', 'csat', 'ces', 'custom']);
export type SurveyKind = z.infer<typeof SurveyKindSchema>;

export const SurveyView = z.object({
  id: z.uuid(),
  kind: SurveyKindSchema,
  name: z.string(),
  status: z.enum(['draft', 'active', 'archived']),
  definition: SurveyDefinition,
  activeFrom: z.string().nullable(),
  activeUntil: z.string().nullable(),
  linkUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SurveyView = z.infer<typeof SurveyView>;

export const CreateSurveyInput = z.strictObject({
  kind: SurveyKindSchema,
  name: z.string().trim().min(1).max(200),
  /** Omit to start from the kind's template (with English, Spanish and German text). */
  definition: SurveyDefinition.optional(),
  activeFrom: IsoDateTime.nullish(),
  activeUntil: IsoDateTime.nullish(),
});
export type CreateSurveyInput = z.infer<typeof CreateSurveyInput>;

export const UpdateSurveyInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['draft', 'active', 'archived']).optional(),
  definition: SurveyDefinition.optional(),
  activeFrom: IsoDateTime.nullish(),
  activeUntil: IsoDateTime.nullish(),
});
export type UpdateSurveyInput = z.infer<typeof UpdateSurveyInput>;

export const CreateInvitationInput = z
  .strictObject({
    surveyId: z.uuid(),
    customer: CustomerRef.optional(),
    interactionId: z.uuid().optional(),
    channel: z.enum(INVITATION_CHANNELS).default('api'),
    locale: LanguageSchema.optional(),
  })
  .refine((i) => i.customer || i.interactionId, 'an invitation needs a customer or an interaction');
export type CreateInvitationInput = z.infer<typeof CreateInvitationInput>;

export const InvitationStatus = z.enum(['scheduled', 'sent', 'opened', 'answered', 'bounced', 'created']);

export const InvitationView = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  interactionId: z.uuid().nullable(),
  channel: z.enum(INVITATION_CHANNELS),
  locale: z.string(),
  url: z.string(),
  status: InvitationStatus,
  scheduledFor: z.string().nullable(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const ListInvitationsQuery = z.strictObject({
  surveyId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  status: InvitationStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
