import type { SurveyDefinition, SurveyKind } from './surveys.api.ts';

// Starting points for each kind, in English, Spanish and German. `{org}` is replaced with the
// organisation's name when the survey is shown.
const title = {
  en: 'A quick question about your experience',
  es: 'Una pregunta rápida sobre su experiencia',
  de: 'Eine kurze Frage zu Ihrer Erfahrung',
};
const thankYou = {
  en: 'Thank you! Your feedback goes straight to the team that served you.',
  es: '¡Gracias! Sus comentarios llegan directamente al equipo que le atendió.',
  de: 'Vielen Dank! Ihr Feedback geht direkt an das Team, das Sie betreut hat.',
};
const reason = {
  id: 'reason',
  type: 'text' as const,
  label: {
    en: 'What is the main reason for your score?',
    es: '¿Cuál es el motivo principal de su puntuación?',
    de: 'Was ist der wichtigste Grund für Ihre Bewertung?',
  },
  required: false,
  maxLength: 2000,
};

const firstQuestion: Record<Exclude<SurveyKind, 'custom'>, SurveyDefinition['questions'][number]> = {
  nps: {
    id: 'score',
    type: 'nps',
    required: true,
    label: {
      en: 'How likely are you to recommend {org} to a friend or colleague?',
      es: '¿Qué probabilidad hay de que recomiende {org} a un amigo o colega?',
      de: 'Wie wahrscheinlich ist es, dass Sie {org} einem Freund oder Kollegen weiterempfehlen?',
    },
    lowLabel: { en: 'Not at all likely', es: 'Nada probable', de: 'Überhaupt nicht wahrscheinlich' },
    highLabel: { en: 'Extremely likely', es: 'Muy probable', de: 'Äußerst wahrscheinlich' },
  },
  csat: {
    id: 'score',
    type: 'csat',
    required: true,
    label: {
      en: 'How satisfied were you with the service you received?',
      es: '¿Qué tan satisfecho quedó con el servicio recibido?',
      de: 'Wie zufrieden waren Sie mit dem Service, den Sie erhalten haben?',
    },
    lowLabel: { en: 'Very dissatisfied', es: 'Muy insatisfecho', de: 'Sehr unzufrieden' },
    highLabel: { en: 'Very satisfied', es: 'Muy satisfecho', de: 'Sehr zufrieden' },
  },
  // Low effort is good: 1 = very little effort, 7 = a great deal (so "CES ≥ 5" means trouble).
  ces: {
    id: 'score',
    type: 'ces',
    required: true,
    label: {
      en: 'How much effort did it take to get your request handled?',
      es: '¿Cuánto esfuerzo le costó que se resolviera su solicitud?',
      de: 'Wie viel Aufwand hat es Sie gekostet, Ihr Anliegen zu erledigen?',
    },
    lowLabel: { en: 'Very little effort', es: 'Muy poco esfuerzo', de: 'Sehr wenig Aufwand' },
    highLabel: { en: 'A great deal of effort', es: 'Muchísimo esfuerzo', de: 'Sehr viel Aufwand' },
  },
};

export function surveyTemplate(kind: SurveyKind): SurveyDefinition {
  const questions: SurveyDefinition['questions'] =
    kind === 'custom'
      ? [
          { ...firstQuestion.csat },
          {
            id: 'resolved',
            type: 'single',
            required: false,
            label: {
              en: 'Was your issue resolved?',
              es: '¿Se resolvió su problema?',
              de: 'Wurde Ihr Anliegen gelöst?',
            },
            options: [
              { id: 'yes', label: { en: 'Yes', es: 'Sí', de: 'Ja' } },
              { id: 'partly', label: { en: 'Partly', es: 'En parte', de: 'Teilweise' } },
              { id: 'no', label: { en: 'No', es: 'No', de: 'Nein' } },
            ],
          },
          reason,
        ]
      : [firstQuestion[kind], reason];
  return { languages: ['en', 'es', 'de'], title, thankYou, brandColor: '#1864ab', questions };
}
