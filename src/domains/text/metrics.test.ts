import { describe, expect, it } from 'vitest';
import { classificationReport } from './metrics.ts';

describe('classificationReport', () => {
  it('matches a confusion matrix worked out by hand', () => {
    // gold \ predicted: neg neu pos
    //   neg              5   2   1
    //   neu              1   3   0
    //   pos              0   1   2
    const pairs: Array<[string, string, number]> = [
      ['neg', 'neg', 5],
      ['neg', 'neu', 2],
      ['neg', 'pos', 1],
      ['neu', 'neg', 1],
      ['neu', 'neu', 3],
      ['pos', 'neu', 1],
      ['pos', 'pos', 2],
    ];
    const gold: string[] = [];
    const predicted: string[] = [];
    for (const [g, p, n] of pairs) {
      for (let i = 0; i < n; i++) {
        gold.push(g);
        predicted.push(p);
      }
    }
    const r = classificationReport(gold, predicted, ['neg', 'neu', 'pos']);
    expect(r.matrix).toEqual([
      [5, 2, 1],
      [1, 3, 0],
      [0, 1, 2],
    ]);
    const [neg, neu, pos] = r.classes;
    // neg: P 5/6, R 5/8 → F1 = 2·(5/6)(5/8)/((5/6)+(5/8)) = 10/14
    expect(neg?.precision).toBeCloseTo(5 / 6, 10);
    expect(neg?.recall).toBeCloseTo(5 / 8, 10);
    expect(neg?.f1).toBeCloseTo(10 / 14, 10);
    // neu: P 3/6, R 3/4 → F1 = 0.6
    expect(neu?.f1).toBeCloseTo(0.6, 10);
    // pos: P 2/3, R 2/3 → F1 = 2/3
    expect(pos?.f1).toBeCloseTo(2 / 3, 10);
    expect(r.macroF1).toBeCloseTo((10 / 14 + 0.6 + 2 / 3) / 3, 10);
    expect(r.accuracy).toBeCloseTo(10 / 15, 10);
    expect(neg?.support).toBe(8);
  });

  it('counts a prediction outside the labels as a miss, and a class never predicted as F1 0', () => {
    const r = classificationReport(['a', 'a', 'b', 'b'], ['a', 'none', 'a', 'a'], ['a', 'b']);
    // a: TP 1, predicted 3, gold 2 → P 1/3, R 1/2, F1 0.4; b: nothing right → 0.
    expect(r.classes[0]?.f1).toBeCloseTo(0.4, 10);
    expect(r.classes[1]?.f1).toBe(0);
    expect(r.macroF1).toBeCloseTo(0.2, 10);
    expect(r.accuracy).toBeCloseTo(0.25, 10);
  });
});
