import type { Language, Question, SurveyDefinition, Translated } from '../../api/types';

/** The text in `lang`, falling back to English as the public survey page does. */
export function textIn(value: Translated | undefined, lang: Language): string {
  if (!value) return '';
  return value[lang]?.trim() ? (value[lang] as string) : value.en;
}

/** `{org}` in a question stands for the organisation's name. */
export function withOrg(text: string, orgName: string): string {
  return text.replaceAll('{org}', orgName);
}

export function scaleOf(question: Question): { min: number; max: number } | null {
  switch (question.type) {
    case 'nps':
      return { min: 0, max: 10 };
    case 'csat':
      return { min: 1, max: 5 };
    case 'ces':
      return { min: 1, max: 7 };
    case 'rating':
      return { min: question.min, max: question.max };
    default:
      return null;
  }
}

/** Every translated text of a definition that has English but nothing in `lang`, by its place. */
export function missingTranslations(definition: SurveyDefinition, lang: Language): string[] {
  if (lang === 'en') return [];
  const missing: string[] = [];
  const check = (value: Translated | undefined, where: string) => {
    if (value?.en.trim() && !value[lang]?.trim()) missing.push(where);
  };
  check(definition.title, 'Title');
  check(definition.intro, 'Introduction');
  check(definition.thankYou, 'Thank-you message');
  definition.questions.forEach((question, index) => {
    const where = `Question ${index + 1}`;
    check(question.label, where);
    check(question.help, `${where} help text`);
    if ('lowLabel' in question) check(question.lowLabel, `${where} low-end label`);
    if ('highLabel' in question) check(question.highLabel, `${where} high-end label`);
    if ('options' in question)
      question.options.forEach((option, optionIndex) => {
        check(option.label, `${where} option ${optionIndex + 1}`);
      });
  });
  return missing;
}

/** Words of the survey page itself (not of the survey), for the preview. */
export const PAGE_WORDS: Record<
  Language,
  { submit: string; required: string; optional: string; skipped: string }
> = {
  en: { submit: 'Send', required: 'Required', optional: 'Optional', skipped: 'Shown only for some scores' },
  es: {
    submit: 'Enviar',
    required: 'Obligatoria',
    optional: 'Opcional',
    skipped: 'Solo para algunas puntuaciones',
  },
  de: {
    submit: 'Senden',
    required: 'Pflichtfeld',
    optional: 'Optional',
    skipped: 'Nur bei manchen Bewertungen',
  },
};
