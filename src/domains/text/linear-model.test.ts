import { describe, expect, it } from 'vitest';
import {
  CHAR_GRAM_PREFIX,
  CHAR_GRAMS,
  type CharGramTable,
  charGramFeatures,
  charGramScores,
  deserializeLinearModel,
  type Features,
  NO_LABEL,
  predict,
  scores,
  serializeLinearModel,
  sgd,
  trainLinearModel,
  wordFeatures,
} from './linear-model.ts';
import { tokenize } from './tokens.ts';

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

describe('character n-grams', () => {
  const texts: Array<[string, string]> = [
    ['positive', 'Thanks so much, the crew were wonderful'],
    ['positive', 'Wonderfully helpful staff, thank you'],
    ['positive', 'Thankful for the lovely crew'],
    ['negative', 'Delayed again, awful and unhelpful'],
    ['negative', 'Awfully slow, another delay'],
    ['negative', 'The delays were dreadful'],
  ];
  const train = texts.map(([label, text]) => {
    const tokens = tokenize(text);
    return { label, features: charGramFeatures(tokens, wordFeatures(tokens)) };
  });

  it('are the wrapped word’s 3- to 5-letter pieces, counted per occurrence', () => {
    const features = charGramFeatures(tokenize('late late'));
    expect([...features.keys()].map((k) => k.slice(CHAR_GRAM_PREFIX.length)).sort()).toEqual(
      ['<la', '<lat', '<late', 'lat', 'late', 'late>', 'ate', 'ate>', 'te>'].sort(),
    );
    expect(features.get(`${CHAR_GRAM_PREFIX}<la`)).toBeCloseTo(2 * CHAR_GRAMS.value, 12);
  });

  it('a loaded model scores them from the tokens as the trained model scored the features', () => {
    const trained = trainLinearModel(train, { epochs: 20, nbSmoothing: 1 });
    const loaded = deserializeLinearModel(JSON.parse(JSON.stringify(serializeLinearModel(trained, 0))));
    expect(loaded.charGrams).toBeDefined();
    expect([...loaded.weights.keys()].some((k) => k.startsWith(CHAR_GRAM_PREFIX))).toBe(false);
    // Unseen words share pieces with the training words ("thank", "delay"); weights are rounded
    // to 0.001 when stored, so scores agree to about 0.001 × the number of features.
    for (const text of ['thankfully on time', 'delayed and awful', 'a wonderful delay']) {
      const tokens = tokenize(text);
      const expected = scores(trained, charGramFeatures(tokens, wordFeatures(tokens)));
      const wordsOnly = scores(loaded, wordFeatures(tokens));
      const got = charGramScores(loaded.charGrams as CharGramTable, tokens, wordsOnly.slice());
      expect(got).not.toEqual(wordsOnly);
      for (let c = 0; c < 2; c++) expect(got[c]).toBeCloseTo(expected[c] as number, 1);
      expect(Math.sign((got[1] as number) - (got[0] as number))).toBe(
        Math.sign((expected[1] as number) - (expected[0] as number)),
      );
    }
  });

  it('are capped by how many examples have them', () => {
    const model = trainLinearModel(train, { epochs: 1, charGramMinCount: 2, maxCharGrams: 5 });
    const grams = [...model.weights.keys()].filter((k) => k.startsWith(CHAR_GRAM_PREFIX));
    expect(grams).toHaveLength(5);
    const inExamples = (name: string) => train.filter((e) => e.features.has(name)).length;
    for (const g of grams) expect(inExamples(g)).toBeGreaterThanOrEqual(2);
  });
});

describe('one classifier per class against the rest', () => {
  const three = [
    example('a', 'red', 'big'),
    example('a', 'red', 'small'),
    example('b', 'blue', 'big'),
    example('b', 'blue', 'small'),
    example('c', 'green', 'big'),
    example('c', 'green', 'small'),
  ];

  it("scores each class with its own binary model's logit", () => {
    const model = trainLinearModel(three, { epochs: 10, nbSmoothing: 1, oneVsRest: true });
    const binaryB = trainLinearModel(
      three.map((e) => ({ ...e, label: e.label === 'b' ? 'in' : 'out' })),
      { epochs: 10, nbSmoothing: 1 },
    );
    const input: Features = new Map([
      ['blue', 1],
      ['big', 1],
    ]);
    const [inB, outB] = scores(binaryB, input) as [number, number];
    expect(scores(model, input)[1]).toBeCloseTo(inB - outB, 10);
    expect(predict(model, input).label).toBe('b');
  });
});

describe('a model that may abstain', () => {
  it('says NO_LABEL below its threshold, and keeps the threshold through JSON', () => {
    const model = { ...trainLinearModel(examples, { epochs: 20 }), abstainBelow: 0.9 };
    const unsure: Features = new Map([['flight', 1]]);
    const sure: Features = new Map([
      ['great', 1],
      ['thanks', 1],
    ]);
    expect(predict(model, unsure).probability).toBeLessThan(0.9);
    expect(predict(model, unsure).label).toBe(NO_LABEL);
    expect(predict({ ...model, abstainBelow: undefined }, unsure).label).not.toBe(NO_LABEL);
    const loaded = deserializeLinearModel(JSON.parse(JSON.stringify(serializeLinearModel(model))));
    expect(loaded.abstainBelow).toBe(0.9);
    expect(predict(loaded, unsure).label).toBe(NO_LABEL);
    expect(predict(loaded, sure).probability).toBeGreaterThanOrEqual(0.9);
    expect(predict(loaded, sure).label).toBe('positive');
  });
});

describe('sgd with averaging', () => {
  // Every step sees the same row, so the weights after n steps are those of a run of n steps.
  const row = { ids: Int32Array.of(0, 1), values: Float64Array.of(1, 0.5), y: 0 };
  const options = { learningRate: 0.3, l2: 0.01, balanced: false };
  const afterSteps = (n: number) => sgd(new Array(n).fill(row), 2, 2, { ...options, epochs: 1 });

  it('returns the mean of the weights after each step of the averaged epochs', () => {
    const averaged = sgd([row, row], 2, 2, { ...options, epochs: 3, averageFrom: 2 });
    const [fifth, sixth] = [afterSteps(5), afterSteps(6)];
    const mean = (a: Float64Array, b: Float64Array) => Array.from(a, (x, i) => (x + (b[i] as number)) / 2);
    const near = (a: Float64Array, b: number[]) =>
      Array.from(a, (x, i) => Math.abs(x - (b[i] as number)) < 1e-12);
    expect(near(averaged.weights, mean(fifth.weights, sixth.weights))).toEqual([true, true, true, true]);
    expect(near(averaged.bias, mean(fifth.bias, sixth.bias))).toEqual([true, true]);
    // …which is not where the last step ended.
    expect(Math.abs((averaged.weights[0] as number) - (sixth.weights[0] as number))).toBeGreaterThan(1e-3);
  });

  it('returns the last weights when averaging starts after the last epoch', () => {
    const plain = sgd([row, row], 2, 2, { ...options, epochs: 3 });
    const late = sgd([row, row], 2, 2, { ...options, epochs: 3, averageFrom: 3 });
    expect(Array.from(late.weights)).toEqual(Array.from(plain.weights));
    expect(Array.from(late.bias)).toEqual(Array.from(plain.bias));
  });
});
