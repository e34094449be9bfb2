import { z } from 'zod';

/**
 * A short quiz: used by training modules (does the learner know it?) and by strategy
 * communications (did the reader understand it, not just click?). Questions are single or
 * multiple choice; a multiple-choice question counts only when exactly the right options are
 * chosen. Stored with the answers; shown to the reader without them.
 */

const OptionText = z.string().trim().min(1).max(200);

export const QuizQuestion = z
  .strictObject({
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
    prompt: z.string().trim().min(1).max(500),
    kind: z.enum(['single', 'multiple']),
    options: z.array(OptionText).min(2).max(8),
    /** Indexes into `options` of the right answers. */
    correct: z.array(z.number().int().min(0)).min(1),
  })
  .superRefine((q, ctx) => {
    if (q.correct.some((i) => i >= q.options.length))
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'an answer points past the options' });
    if (new Set(q.correct).size !== q.correct.length)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'answers repeat' });
    if (q.kind === 'single' && q.correct.length !== 1)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'a single-choice question has one answer' });
    if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must differ' });
  });
export type QuizQuestion = z.infer<typeof QuizQuestion>;

export const Quiz = z
  .strictObject({
    questions: z.array(QuizQuestion).min(1).max(20),
    /** Share of questions to get right to pass, 0–1. */
    passMark: z.number().min(0).max(1).default(0.8),
  })
  .refine((q) => new Set(q.questions.map((x) => x.id)).size === q.questions.length, {
    message: 'question ids must differ',
    path: ['questions'],
  });
export type Quiz = z.infer<typeof Quiz>;

/** What a reader sees: the questions without the answers. */
export const QuizForReader = z.object({
  questions: z.array(
    z.object({
      id: z.string(),
      prompt: z.string(),
      kind: z.enum(['single', 'multiple']),
      options: z.array(z.string()),
    }),
  ),
  passMark: z.number(),
});
export type QuizForReader = z.infer<typeof QuizForReader>;

export const forReader = (quiz: Quiz): QuizForReader => ({
  questions: quiz.questions.map(({ id, prompt, kind, options }) => ({ id, prompt, kind, options })),
  passMark: quiz.passMark,
});

/** The reader's answers: question id → chosen option indexes. */
export const QuizAnswers = z.record(z.string().max(40), z.array(z.number().int().min(0).max(7)).max(8));
export type QuizAnswers = z.infer<typeof QuizAnswers>;

export interface QuizResult {
  correct: number;
  total: number;
  /** correct / total, 0–1. */
  score: number;
  passed: boolean;
  /** Per question, whether it was answered right (shown after submitting). */
  perQuestion: { id: string; right: boolean }[];
}

/** Scores answers; unanswered or unknown questions count as wrong, never as an error. */
export function scoreQuiz(quiz: Quiz, answers: QuizAnswers): QuizResult {
  const perQuestion = quiz.questions.map((q) => {
    const chosen = new Set(answers[q.id] ?? []);
    const right = chosen.size === q.correct.length && q.correct.every((i) => chosen.has(i));
    return { id: q.id, right };
  });
  const correct = perQuestion.filter((p) => p.right).length;
  const total = quiz.questions.length;
  const score = correct / total;
  return { correct, total, score, passed: score >= quiz.passMark, perQuestion };
}
