import { describe, expect, it } from 'vitest';
import { checkAnswers, InvalidAnswers } from './answers.ts';
import { surveyTemplate } from './survey-templates.ts';
import { SurveyDefinition } from './surveys.api.ts';

const custom = SurveyDefinition.parse({
  ...surveyTemplate('nps'),
  questions: [
    ...surveyTemplate('nps').questions,
    {
      id: 'what-went-wrong',
      type: 'multiple',
      required: true,
      showIf: { scoreMin: 0, scoreMax: 6 },
      label: { en: 'What went wrong?' },
      options: [
        { id: 'wait', label: { en: 'Waiting' } },
        { id: 'rude', label: { en: 'Attitude' } },
      ],
    },
  ],
});

describe('checking answers', () => {
  it('takes the score from the first question and the comment from the first text answer', () => {
    expect(checkAnswers(custom, { score: 9, reason: '  Quick and friendly  ' })).toEqual({
      score: 9,
      comment: 'Quick and friendly',
      answers: { score: 9, reason: 'Quick and friendly' },
    });
  });

  it('applies skip logic: required only when shown, and answers to hidden questions are dropped', () => {
    expect(() => checkAnswers(custom, { score: 3 })).toThrow(/what-went-wrong: an answer is required/);
    expect(
      checkAnswers(custom, { score: 3, 'what-went-wrong': ['wait'] }).answers['what-went-wrong'],
    ).toEqual(['wait']);
    expect(checkAnswers(custom, { score: 10, 'what-went-wrong': ['wait'] }).answers).toEqual({ score: 10 });
  });

  it('names every problem: out of range, unknown question, unknown option, missing required score', () => {
    try {
      checkAnswers(custom, { score: 11, nonsense: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidAnswers);
      expect((err as InvalidAnswers).problems.map((p) => p.questionId).sort()).toEqual(['nonsense', 'score']);
    }
    expect(() => checkAnswers(custom, { score: 2, 'what-went-wrong': ['wait', 'wait'] })).toThrow(
      /different options/,
    );
    expect(() => checkAnswers(custom, { reason: 'no score' })).toThrow(/score: an answer is required/);
  });

  it('refuses definitions that break the rules', () => {
    const bad = { ...custom, questions: [...custom.questions, { ...custom.questions[1] }] };
    expect(SurveyDefinition.safeParse(bad).success).toBe(false);
    const badRange = {
      ...custom,
      questions: [custom.questions[0], { ...custom.questions[2], showIf: { scoreMin: 5, scoreMax: 12 } }],
    };
    expect(SurveyDefinition.safeParse(badRange).success).toBe(false);
  });
});
