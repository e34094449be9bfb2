import { NEGATORS } from './lexicon.ts';
import type { Token } from './tokens.ts';

/**
 * A small multinomial logistic regression over sparse features, written here so the shipped
 * model has no dependency and loads as plain JSON. Used twice: the default sentiment model
 * (trained on the UCI sentences, see model/MODEL-CARD.md) and the per-organisation classifiers.
 */
export type Features = Map<string, number>;

export interface LinearModel {
  classes: string[];
  bias: number[];
  /** feature → one weight per class. */
  weights: Map<string, Float64Array>;
}

export interface SerializedLinearModel {
  classes: string[];
  bias: number[];
  weights: Record<string, number[]>;
}

/**
 * Unigrams and bigrams, with the words after a negator (until the clause ends) marked `not_`, so
 * "not good" and "good" are different evidence. Handles, links and "?"/"!" marks are features too.
 */
export function wordFeatures(tokens: readonly Token[], into: Features = new Map()): Features {
  let negated = 0;
  let previous = '<s>';
  for (const token of tokens) {
    const { word } = token;
    if (word === '?' || word === '!') {
      into.set(word, 1);
      previous = '<s>';
      negated = 0;
      continue;
    }
    const feature = negated > 0 ? `not_${word}` : word;
    into.set(feature, 1);
    into.set(`${previous} ${word}`, 1);
    previous = word;
    if (NEGATORS.has(word)) negated = 3;
    else if (negated > 0) negated--;
    if (token.clauseEnd) {
      negated = 0;
      previous = '<s>';
    }
  }
  return into;
}

export function scores(model: LinearModel, features: Features): number[] {
  const out = model.bias.slice();
  for (const [name, value] of features) {
    const w = model.weights.get(name);
    if (!w) continue;
    for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) + (w[c] as number) * value;
  }
  return out;
}

export function probabilities(model: LinearModel, features: Features): number[] {
  const s = scores(model, features);
  const max = Math.max(...s);
  let sum = 0;
  const e = s.map((v) => {
    const x = Math.exp(v - max);
    sum += x;
    return x;
  });
  return e.map((x) => x / sum);
}

export function predict(model: LinearModel, features: Features): { label: string; probability: number } {
  const p = probabilities(model, features);
  let best = 0;
  for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
  return { label: model.classes[best] as string, probability: p[best] as number };
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 strength per example. */
  l2?: number;
  /** Weight examples inversely to their class's frequency (helps macro-F1 on imbalanced labels). */
  balanced?: boolean;
  /** Features seen fewer times than this are dropped. */
  minCount?: number;
  seed?: number;
  /**
   * NB-weighted features (Wang & Manning 2012, "NBSVM"): each word feature is scaled by its
   * strongest one-class-vs-rest log-count ratio, with this add-α smoothing, before training, so
   * L2 holds back the uninformative ones; the scale is folded into the weights afterwards, so
   * the model reads plain features. Features named `__…` (dense signals) keep their scale.
   */
  nbSmoothing?: number;
}

function nbScales(
  examples: ReadonlyArray<{ features: Features; label: string }>,
  classes: readonly string[],
  alpha: number,
): Map<string, number> {
  const perClass = classes.map((c) => examples.filter((e) => e.label === c).length);
  const counts = new Map<string, number[]>();
  for (const e of examples) {
    const c = classes.indexOf(e.label);
    for (const name of e.features.keys()) {
      let n = counts.get(name);
      if (!n) {
        n = classes.map(() => 0);
        counts.set(name, n);
      }
      n[c] = (n[c] as number) + 1;
    }
  }
  const scales = new Map<string, number>();
  for (const [name, n] of counts) {
    if (name.startsWith('__')) continue;
    const all = n.reduce((a, b) => a + b, 0);
    let scale = 0;
    for (let c = 0; c < n.length; c++) {
      const inClass = ((n[c] as number) + alpha) / ((perClass[c] as number) + 2 * alpha);
      const rest = (all - (n[c] as number) + alpha) / (examples.length - (perClass[c] as number) + 2 * alpha);
      scale = Math.max(scale, Math.abs(Math.log(inClass / rest)));
    }
    scales.set(name, scale);
  }
  return scales;
}

/**
 * Stochastic gradient descent with AdaGrad step sizes and lazy L2 decay, over shuffled examples.
 * Deterministic for a given seed, so a retrained model is reproducible.
 */
export function trainLinearModel(
  examples: ReadonlyArray<{ features: Features; label: string }>,
  options: TrainOptions = {},
): LinearModel {
  const { epochs = 12, learningRate = 0.3, l2 = 1e-4, balanced = true, minCount = 1, seed = 7 } = options;
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const k = classes.length;
  const nb = options.nbSmoothing === undefined ? null : nbScales(examples, classes, options.nbSmoothing);
  if (nb) {
    const scaled = examples.map((e) => ({
      label: e.label,
      features: new Map(Array.from(e.features, ([name, value]) => [name, value * (nb.get(name) ?? 1)])),
    }));
    const model = trainLinearModel(scaled, { ...options, nbSmoothing: undefined });
    for (const [name, w] of model.weights) {
      const scale = nb.get(name) ?? 1;
      for (let c = 0; c < k; c++) w[c] = (w[c] as number) * scale;
    }
    return model;
  }
  const counts = new Map<string, number>();
  for (const e of examples)
    for (const name of e.features.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const weights = new Map<string, Float64Array>();
  const grads = new Map<string, Float64Array>();
  for (const [name, n] of counts) {
    if (n < minCount) continue;
    weights.set(name, new Float64Array(k));
    grads.set(name, new Float64Array(k));
  }
  const bias = new Float64Array(k);
  const biasGrad = new Float64Array(k);
  const perClass = classes.map((c) => examples.filter((e) => e.label === c).length);
  const classWeight = perClass.map((n) => (balanced ? examples.length / (k * n) : 1));
  const order = examples.map((_, i) => i);
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const model: LinearModel = { classes, bias: [], weights };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const example = examples[index] as { features: Features; label: string };
      model.bias = Array.from(bias);
      const p = probabilities(model, example.features);
      const y = classes.indexOf(example.label);
      const cw = classWeight[y] as number;
      for (let c = 0; c < k; c++) {
        const g = ((p[c] as number) - (c === y ? 1 : 0)) * cw;
        biasGrad[c] = (biasGrad[c] as number) + g * g;
        bias[c] = (bias[c] as number) - (learningRate * g) / Math.sqrt((biasGrad[c] as number) + 1e-8);
      }
      for (const [name, value] of example.features) {
        const w = weights.get(name);
        const acc = grads.get(name);
        if (!w || !acc) continue;
        for (let c = 0; c < k; c++) {
          const g = ((p[c] as number) - (c === y ? 1 : 0)) * cw * value + l2 * (w[c] as number);
          acc[c] = (acc[c] as number) + g * g;
          w[c] = (w[c] as number) - (learningRate * g) / Math.sqrt((acc[c] as number) + 1e-8);
        }
      }
    }
  }
  model.bias = Array.from(bias);
  return model;
}

/** Drops weights too small to matter, rounding the rest, so the shipped JSON stays small. */
export function serializeLinearModel(model: LinearModel, minWeight = 0.01): SerializedLinearModel {
  const weights: Record<string, number[]> = {};
  for (const [name, w] of model.weights) {
    if (Math.max(...Array.from(w, Math.abs)) < minWeight) continue;
    weights[name] = Array.from(w, (x) => Math.round(x * 1000) / 1000);
  }
  return { classes: model.classes, bias: model.bias.map((x) => Math.round(x * 1000) / 1000), weights };
}

export function deserializeLinearModel(data: SerializedLinearModel): LinearModel {
  const weights = new Map<string, Float64Array>();
  for (const [name, w] of Object.entries(data.weights)) weights.set(name, Float64Array.from(w));
  return { classes: data.classes, bias: data.bias, weights };
}
