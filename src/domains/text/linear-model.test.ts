import { describe, expect, it } from 'vitest';
import { type Features, scores, trainLinearModel } from './linear-model.ts';

const example = (label: string, ...names: string[]) => ({
  label,
  features: new Map(names.map((n) => [n, 1])) as Features,
});

const examples = [
  example('positive', 'great', 'flight'),
  example('positive', 'great', 'crew'),
  example('positive', 'thanks', 'flight'),
  example('negative', 'late', 'flight'),
  example('negative', 'late', 'crew'),
  example('negative', 'rude', 'flight'),
];

describe('trainLinearModel with NB-weighted features', () => {
  it('gives no weight to a word both classes use equally', () => {
    // "crew" appears once in each class: its log-count ratio, and so its scale, is 0.
    const model = trainLinearModel(examples, { epochs: 20, nbSmoothing: 1 });
    expect(Array.from(model.weights.get('crew') ?? [])).toEqual([0, 0]);
    expect(Math.abs(model.weights.get('great')?.[1] ?? 0)).toBeGreaterThan(0.1);
  });

  it('folds the scale into the weights, so plain features score as the scaled ones did', () => {
    const model = trainLinearModel(examples, { epochs: 20, nbSmoothing: 1 });
    // "great": 2 of 3 positives, 0 of 3 negatives, add-1 smoothing over 2 outcomes.
    const scale = Math.abs(Math.log(3 / 5 / (1 / 5)));
    const scaled = examples.map((e) => ({
      label: e.label,
      features: new Map(
        Array.from(e.features.keys(), (n) => {
          const inPos = examples.filter((x) => x.label === 'positive' && x.features.has(n)).length;
          const inNeg = examples.filter((x) => x.label === 'negative' && x.features.has(n)).length;
          return [n, Math.abs(Math.log((inPos + 1) / 5 / ((inNeg + 1) / 5)))];
        }),
      ) as Features,
    }));
    expect(scaled[0]?.features.get('great')).toBeCloseTo(scale, 10);
    const plain = trainLinearModel(scaled, { epochs: 20 });
    const input: Features = new Map([
      ['great', 1],
      ['late', 1],
    ]);
    const scaledInput: Features = new Map([
      ['great', scale],
      ['late', scale],
    ]);
    const [a, b] = [scores(model, input), scores(plain, scaledInput)];
    for (let c = 0; c < 2; c++) expect(a[c]).toBeCloseTo(b[c] as number, 10);
  });
});
