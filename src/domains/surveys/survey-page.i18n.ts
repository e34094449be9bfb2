import type { Language } from './surveys.api.ts';

/** The public survey page's own words; the survey's questions bring their own translations. */
export interface PageWords {
  languageName: string;
  languageNav: string;
  submit: string;
  sending: string;
  required: string;
  onlyIf: (min: number, max: number) => string;
  lowest: string;
  highest: string;
  honeypot: string;
  errorSummary: string;
  problemRequired: string;
  problemScale: (min: number, max: number) => string;
  problemChoice: string;
  problemChoices: string;
  problemText: (max: number) => string;
  scoreSaved: string;
  thankYou: string;
  answerSaved: string;
  amendUntil: (when: string) => string;
  changeAnswer: string;
  backToSurvey: string;
  closedTitle: string;
  closedText: string;
  notFoundTitle: string;
  notFoundText: string;
  answeredTitle: string;
  answeredText: string;
  tryAgainTitle: string;
  tryAgainText: string;
  tooManyTitle: string;
  tooManyText: string;
  errorTitle: string;
  errorText: string;
}

export const PAGE_WORDS: Record<Language, PageWords> = {
  en: {
    languageName: 'English',
    languageNav: 'Language',
    submit: 'Submit',
    sending: 'Sending…',
    required: 'Required',
    onlyIf: (min, max) => `(only if you scored ${min}–${max})`,
    lowest: 'Lowest',
    highest: 'Highest',
    honeypot: 'Leave this field empty',
    errorSummary: 'There is a problem',
    problemRequired: 'Please answer this question',
    problemScale: (min, max) => `Choose a number from ${min} to ${max}`,
    problemChoice: 'Choose one of the options',
    problemChoices: 'Choose from the options shown',
    problemText: (max) => `Write up to ${max} characters`,
    scoreSaved: 'Thanks — your score is saved. Add a comment?',
    thankYou: 'Thank you',
    answerSaved: 'Answer saved',
    amendUntil: (when) => `You can change your answer until ${when}.`,
    changeAnswer: 'Change your answer',
    backToSurvey: 'Back to the survey',
    closedTitle: 'This survey is closed',
    closedText: 'This survey is no longer taking answers. Thank you for your interest.',
    notFoundTitle: 'Survey not found',
    notFoundText: 'We could not find this survey. Please check the link you followed.',
    answeredTitle: 'Already answered',
    answeredText: 'You have already answered this survey, and your answer can no longer be changed.',
    tryAgainTitle: 'Please try again',
    tryAgainText: 'We could not accept your answer. Please go back to the survey and send it again.',
    tooManyTitle: 'Too many answers',
    tooManyText: 'We have received many answers from your network. Please try again later.',
    errorTitle: 'Something went wrong',
    errorText: 'Your answer was not saved. Please try again in a moment.',
  },
  es: {
    languageName: 'Español',
    languageNav: 'Idioma',
    submit: 'Enviar',
    sending: 'Enviando…',
    required: 'Obligatoria',
    onlyIf: (min, max) => `(solo si su puntuación fue de ${min} a ${max})`,
    lowest: 'Mínimo',
    highest: 'Máximo',
    honeypot: 'Deje este campo vacío',
    errorSummary: 'Hay un problema',
    problemRequired: 'Responda a esta pregunta, por favor',
    problemScale: (min, max) => `Elija un número del ${min} al ${max}`,
    problemChoice: 'Elija una de las opciones',
    problemChoices: 'Elija entre las opciones mostradas',
    problemText: (max) => `Escriba como máximo ${max} caracteres`,
    scoreSaved: 'Gracias: su puntuación se ha guardado. ¿Quiere añadir un comentario?',
    thankYou: 'Gracias',
    answerSaved: 'Respuesta guardada',
    amendUntil: (when) => `Puede cambiar su respuesta hasta el ${when}.`,
    changeAnswer: 'Cambiar su respuesta',
    backToSurvey: 'Volver a la encuesta',
    closedTitle: 'Esta encuesta está cerrada',
    closedText: 'Esta encuesta ya no acepta respuestas. Gracias por su interés.',
    notFoundTitle: 'Encuesta no encontrada',
    notFoundText: 'No hemos encontrado esta encuesta. Compruebe el enlace que ha seguido.',
    answeredTitle: 'Ya ha respondido',
    answeredText: 'Ya respondió a esta encuesta y su respuesta ya no se puede cambiar.',
    tryAgainTitle: 'Inténtelo de nuevo',
    tryAgainText: 'No hemos podido aceptar su respuesta. Vuelva a la encuesta y envíela de nuevo.',
    tooManyTitle: 'Demasiadas respuestas',
    tooManyText: 'Hemos recibido muchas respuestas desde su red. Inténtelo de nuevo más tarde.',
    errorTitle: 'Algo ha salido mal',
    errorText: 'Su respuesta no se ha guardado. Inténtelo de nuevo dentro de un momento.',
  },
  de: {
    languageName: 'Deutsch',
    languageNav: 'Sprache',
    submit: 'Absenden',
    sending: 'Wird gesendet…',
    required: 'Pflichtfeld',
    onlyIf: (min, max) => `(nur bei einer Bewertung von ${min} bis ${max})`,
    lowest: 'Niedrigster Wert',
    highest: 'Höchster Wert',
    honeypot: 'Dieses Feld bitte leer lassen',
    errorSummary: 'Es gibt ein Problem',
    problemRequired: 'Bitte beantworten Sie diese Frage',
    problemScale: (min, max) => `Wählen Sie eine Zahl von ${min} bis ${max}`,
    problemChoice: 'Wählen Sie eine der Antworten',
    problemChoices: 'Wählen Sie aus den angezeigten Antworten',
    problemText: (max) => `Schreiben Sie höchstens ${max} Zeichen`,
    scoreSaved: 'Danke – Ihre Bewertung ist gespeichert. Möchten Sie einen Kommentar hinzufügen?',
    thankYou: 'Vielen Dank',
    answerSaved: 'Antwort gespeichert',
    amendUntil: (when) => `Sie können Ihre Antwort bis ${when} ändern.`,
    changeAnswer: 'Antwort ändern',
    backToSurvey: 'Zurück zur Umfrage',
    closedTitle: 'Diese Umfrage ist geschlossen',
    closedText: 'Diese Umfrage nimmt keine Antworten mehr an. Vielen Dank für Ihr Interesse.',
    notFoundTitle: 'Umfrage nicht gefunden',
    notFoundText: 'Wir konnten diese Umfrage nicht finden. Bitte prüfen Sie den Link, dem Sie gefolgt sind.',
    answeredTitle: 'Bereits beantwortet',
    answeredText:
      'Sie haben diese Umfrage bereits beantwortet; Ihre Antwort kann nicht mehr geändert werden.',
    tryAgainTitle: 'Bitte versuchen Sie es erneut',
    tryAgainText:
      'Wir konnten Ihre Antwort nicht annehmen. Bitte kehren Sie zur Umfrage zurück und senden Sie sie erneut.',
    tooManyTitle: 'Zu viele Antworten',
    tooManyText:
      'Wir haben viele Antworten aus Ihrem Netzwerk erhalten. Bitte versuchen Sie es später erneut.',
    errorTitle: 'Etwas ist schiefgelaufen',
    errorText: 'Ihre Antwort wurde nicht gespeichert. Bitte versuchen Sie es gleich noch einmal.',
  },
};
