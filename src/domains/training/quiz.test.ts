import { describe, expect, it } from 'vitest';
import { forReader, Quiz, scoreQuiz } from './quiz.ts';

const quiz = Quiz.parse({
  questions: [
    {
      id: 'not-served',
      prompt: 'Which customers do we not serve?',
      kind: 'single',
      options: ['Small shops', 'Bargain hunters who want the lowest price', 'Families'],
      correct: [1],
    },
    {
      id: 'priorities',
      prompt: 'Which are this quarter’s priorities?',
      kind: 'multiple',
      options: ['First-contact resolution', 'Shorter calls', 'Calling back every detractor'],
      correct: [0, 2],
    },
  ],
  passMark: 1,
});

describe('quiz', () => {
  it('counts a multiple-choice question only when exactly the right options are chosen', () => {
    expect(scoreQuiz(quiz, { 'not-served': [1], priorities: [0, 2] })).toMatchObject({
      correct: 2,
      score: 1,
      passed: true,
    });
    const partial = scoreQuiz(quiz, { 'not-served': [1], priorities: [0] });
    expect(partial).toMatchObject({ correct: 1, score: 0.5, passed: false });
    expect(partial.perQuestion).toEqual([
      { id: 'not-served', right: true },
      { id: 'priorities', right: false },
    ]);
    expect(scoreQuiz(quiz, { priorities: [0, 1, 2] }).correct).toBe(0);
  });

  it('takes unanswered and unknown questions as wrong', () => {
    expect(scoreQuiz(quiz, { nope: [0] })).toMatchObject({ correct: 0, total: 2, passed: false });
  });

  it('refuses answers that point past the options, repeat, or a single question with two answers', () => {
    const q = (over: object) => ({
      questions: [{ id: 'a', prompt: 'p', kind: 'single', options: ['x', 'y'], correct: [0], ...over }],
    });
    expect(Quiz.safeParse(q({})).success).toBe(true);
    expect(Quiz.safeParse(q({ correct: [2] })).success).toBe(false);
    expect(Quiz.safeParse(q({ correct: [0, 1] })).success).toBe(false);
    expect(Quiz.safeParse(q({ kind: 'multiple', correct: [0, 0] })).success).toBe(false);
    expect(Quiz.safeParse(q({ options: ['x', 'X'] })).success).toBe(false);
  });

  it('shows the reader the questions without the answers', () => {
    const shown = forReader(quiz);
    expect(JSON.stringify(shown)).not.toContain('correct');
    expect(shown.questions[1]?.options).toHaveLength(3);
  });
});
