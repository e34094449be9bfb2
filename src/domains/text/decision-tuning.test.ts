import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abstentionThreshold, macroF1Offsets, macroF1OfIndices } from './decision-tuning.ts';
import { classificationReport } from './metrics.ts';

describe('macroF1Offsets', () => {
  it('raises a class just enough to catch its comments the model scored a little low', () => {
    // Class 1's margin over class 0 for six comments; the last three are class 1. Without an
    // offset only the last is caught (macro-F1 0.625); any offset above 0.3 catches all three
    // without taking a class-0 comment (whose highest margin is -1), and ties go to the smallest.
    const margins = [-2, -1.5, -1, -0.3, -0.2, 0.5];
    const gold = [0, 0, 0, 1, 1, 1];
    const scores = margins.map((m) => [0, m]);
    expect(macroF1OfIndices(gold, [0, 0, 0, 0, 0, 1], [0, 1])).toBeCloseTo(0.625, 10);
    expect(macroF1Offsets(gold, scores)).toEqual([0, 0.4]);
  });

  it('leaves the offsets at 0 when the scores already separate the classes', () => {
    const scores = [
      [2, 0, 0],
      [0, 2, 0],
      [0, 0, 2],
      [1, 0, 0],
    ];
    expect(macroF1Offsets([0, 1, 2, 0], scores)).toEqual([0, 0, 0]);
  });
});

describe('abstentionThreshold', () => {
  it('says "none" below the probability that separates the wrong guesses from the right ones', () => {
    // Guesses of class 0 or 1; the two comments about nothing (-1) get the least sure guesses
    // (0.3, 0.4), the right ones 0.6 and up: abstaining below 0.45 (the first grid step above
    // 0.4) makes every answer right, and lower thresholds keep a wrong guess.
    const gold = [0, 1, 0, 1, -1, -1];
    const guesses = [
      { index: 0, probability: 0.9 },
      { index: 1, probability: 0.8 },
      { index: 0, probability: 0.7 },
      { index: 1, probability: 0.6 },
      { index: 0, probability: 0.4 },
      { index: 1, probability: 0.3 },
    ];
    expect(abstentionThreshold(gold, guesses, [-1, 0, 1])).toBe(0.45);
  });

  it('never abstains when every guess is right', () => {
    const guesses = [0.3, 0.5, 0.9].map((probability, index) => ({ index, probability }));
    expect(abstentionThreshold([0, 1, 2], guesses, [0, 1, 2])).toBe(0);
  });
});

describe('macroF1OfIndices', () => {
  it('agrees with the classification report, "none" (-1) included', () => {
    const label = fc.integer({ min: -1, max: 2 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (pairs, noneIsClass) => {
          const labels = noneIsClass ? [-1, 0, 1, 2] : [0, 1, 2];
          const name = (i: number) => (i < 0 ? 'none' : `c${i}`);
          const report = classificationReport(
            pairs.map(([g]) => name(g)),
            pairs.map(([, p]) => name(p)),
            labels.map(name),
          );
          const f1 = macroF1OfIndices(
            pairs.map(([g]) => g),
            pairs.map(([, p]) => p),
            labels,
          );
          expect(f1).toBeCloseTo(report.macroF1, 10);
        },
      ),
    );
  });
});
