import { describe, expect, it } from 'vitest';
import { matchedKeyword, matchTrigger, type TriggerRule, type TriggerSubject } from './triggers.ts';

const rule = (kind: TriggerRule['kind'], extra: Partial<TriggerRule> = {}): TriggerRule => ({
  id: kind,
  name: kind,
  kind,
  threshold: null,
  keywords: [],
  surveyId: null,
  active: true,
  ...extra,
});
const subject = (extra: Partial<TriggerSubject>): TriggerSubject => ({
  surveyId: 's1',
  surveyKind: 'nps',
  score: 9,
  comment: null,
  negativeSentiment: false,
  ...extra,
});
const DEFAULTS = [rule('nps_detractor'), rule('csat_low'), rule('ces_high')];

describe('matchTrigger', () => {
  it('opens for an NPS detractor (0–6) and not for a passive', () => {
    expect(matchTrigger(DEFAULTS, subject({ score: 6 }))?.rule.kind).toBe('nps_detractor');
    expect(matchTrigger(DEFAULTS, subject({ score: 0 }))?.reason).toBe('NPS 0: detractor (0–6)');
    expect(matchTrigger(DEFAULTS, subject({ score: 7 }))).toBeNull();
  });

  it('opens for CSAT ≤ 2 and CES ≥ 5, each only on its own kind of survey', () => {
    expect(matchTrigger(DEFAULTS, subject({ surveyKind: 'csat', score: 2 }))?.rule.kind).toBe('csat_low');
    expect(matchTrigger(DEFAULTS, subject({ surveyKind: 'csat', score: 3 }))).toBeNull();
    expect(matchTrigger(DEFAULTS, subject({ surveyKind: 'ces', score: 5 }))?.rule.kind).toBe('ces_high');
    expect(matchTrigger(DEFAULTS, subject({ surveyKind: 'ces', score: 4 }))).toBeNull();
    // A CES of 2 is low effort (good), however it would read as NPS or CSAT.
    expect(matchTrigger(DEFAULTS, subject({ surveyKind: 'ces', score: 2 }))).toBeNull();
    expect(matchTrigger(DEFAULTS, subject({ surveyKind: 'custom', score: 1 }))).toBeNull();
  });

  it('honours an organisation’s own threshold and survey filter', () => {
    const strict = [rule('nps_detractor', { threshold: 4, surveyId: 's2' })];
    expect(matchTrigger(strict, subject({ surveyId: 's2', score: 5 }))).toBeNull();
    expect(matchTrigger(strict, subject({ surveyId: 's2', score: 4 }))).not.toBeNull();
    expect(matchTrigger(strict, subject({ surveyId: 's1', score: 0 }))).toBeNull();
  });

  it('opens on a keyword in the comment, whatever the score', () => {
    const rules = [rule('keyword', { keywords: ['cancel', 'lawyer', 'never again'] })];
    const m = matchTrigger(rules, subject({ score: 10, comment: 'Great, but I will CANCEL if it breaks.' }));
    expect(m?.reason).toBe('Comment mentions “cancel”');
    expect(matchTrigger(rules, subject({ comment: 'Never again, honestly' }))?.reason).toContain(
      'never again',
    );
    // Whole words only: "cancellation" is not "cancel"; no comment, no match.
    expect(matchTrigger(rules, subject({ comment: 'the cancellation went fine' }))).toBeNull();
    expect(matchTrigger(rules, subject({ comment: null }))).toBeNull();
  });

  it('opens on negative sentiment only when text analytics has said so', () => {
    const rules = [rule('negative_sentiment')];
    expect(matchTrigger(rules, subject({ comment: 'awful', negativeSentiment: false }))).toBeNull();
    expect(matchTrigger(rules, subject({ negativeSentiment: true }))?.reason).toBe('Negative comment');
  });

  it('skips inactive rules and takes the first that matches', () => {
    const rules = [rule('nps_detractor', { active: false }), rule('keyword', { keywords: ['slow'] })];
    expect(matchTrigger(rules, subject({ score: 0 }))).toBeNull();
    expect(matchTrigger(rules, subject({ score: 0, comment: 'so slow' }))?.rule.kind).toBe('keyword');
  });
});

it('matches keywords with accents and regex characters literally', () => {
  expect(matchedKeyword('Très déçu du service', ['déçu'])).toBe('déçu');
  expect(matchedKeyword('a+b happened', ['a+b'])).toBe('a+b');
  expect(matchedKeyword('aab happened', ['a+b'])).toBeNull();
});
