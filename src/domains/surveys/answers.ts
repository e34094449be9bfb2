import type { AnswerValue } from '../responses/responses.tables.ts';
import { type Question, type SurveyDefinition, scaleOf } from './surveys.api.ts';

export interface CheckedAnswers {
  /** The first question's number, when it is a scored question. */
  score: number | null;
  /** The first free-text answer ("what is the main reason for your score?"), for text analytics. */
  comment: string | null;
  answers: Record<string, AnswerValue>;
}

export interface AnswerProblem {
  questionId: string;
  message: string;
}

export class InvalidAnswers extends Error {
  constructor(readonly problems: AnswerProblem[]) {
    super(problems.map((p) => `${p.questionId}: ${p.message}`).join('; '));
    this.name = 'InvalidAnswers';
  }
}

/** Whether a question is shown, given the first question's score (skip logic). */
export function isShown(question: Question, score: number | null): boolean {
  if (!question.showIf) return true;
  return score !== null && score >= question.showIf.scoreMin && score <= question.showIf.scoreMax;
}

function checkOne(q: Question, value: unknown): string | null {
  const scale = scaleOf(q);
  if (scale) {
    return typeof value === 'number' && Number.isInteger(value) && value >= scale.min && value <= scale.max
      ? null
      : `a whole number from ${scale.min} to ${scale.max}`;
  }
  switch (q.type) {
    case 'single':
      return typeof value === 'string' && q.options.some((o) => o.id === value) ? null : 'one of the options';
    case 'multiple':
      return Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && q.options.some((o) => o.id === v)) &&
        new Set(value).size === value.length
        ? null
        : 'a list of different options';
    case 'text':
      return typeof value === 'string' && value.length <= q.maxLength
        ? null
        : `text up to ${q.maxLength} characters`;
    default:
      return 'not a known question type';
  }
}

const isBlank = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/**
 * Checks answers against a survey: known questions only, the right type and range each, required
 * ones present when shown. Answers to questions hidden by skip logic are dropped, not kept.
 */
export function checkAnswers(definition: SurveyDefinition, raw: Record<string, unknown>): CheckedAnswers {
  const problems: AnswerProblem[] = [];
  for (const id of Object.keys(raw)) {
    if (!definition.questions.some((q) => q.id === id))
      problems.push({ questionId: id, message: 'no such question' });
  }
  const first = definition.questions[0];
  const firstValue = first ? raw[first.id] : undefined;
  const score =
    first && scaleOf(first) && typeof firstValue === 'number' && checkOne(first, firstValue) === null
      ? firstValue
      : null;
  const answers: Record<string, AnswerValue> = {};
  let comment: string | null = null;
  for (const q of definition.questions) {
    const value = raw[q.id];
    if (!isShown(q, score)) continue;
    if (isBlank(value)) {
      if (q.required) problems.push({ questionId: q.id, message: 'an answer is required' });
      continue;
    }
    const problem = checkOne(q, value);
    if (problem) {
      problems.push({ questionId: q.id, message: problem });
      continue;
    }
    const clean = typeof value === 'string' ? value.trim() : (value as AnswerValue);
    answers[q.id] = clean;
    if (q.type === 'text' && comment === null) comment = clean as string;
  }
  if (problems.length > 0) throw new InvalidAnswers(problems);
  return { score, comment, answers };
}
