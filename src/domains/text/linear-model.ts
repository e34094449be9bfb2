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
  /**
   * A loaded model's character n-gram weights, read straight from the tokens (see
   * `charGramScores`); a freshly trained model keeps them in `weights` as `char:` features.
   */
  charGrams?: CharGramTable;
  /** Below this probability `predict` says `NO_LABEL` rather than its best guess. */
  abstainBelow?: number;
}

/** What a model that may abstain predicts when it does (and the label for "about nothing"). */
export const NO_LABEL = 'none';

export interface SerializedLinearModel {
  classes: string[];
  bias: number[];
  weights: Record<string, number[]>;
  /** Present when `weights` holds `char:` features: how they were made. */
  charGrams?: CharGramSettings;
  abstainBelow?: number;
}

/** Character n-grams inside each word, the word wrapped in `<` and `>` ("<late>" → "<la", "lat", …). */
export interface CharGramSettings {
  min: number;
  max: number;
  /** The feature value of one n-gram: small, so a word's many n-grams do not outweigh the word. */
  value: number;
}

export const CHAR_GRAMS: CharGramSettings = { min: 3, max: 5, value: 0.1 };
export const CHAR_GRAM_PREFIX = 'char:';

/** Adds each word's character n-grams as `char:` features (for training; loaded models hash them). */
export function charGramFeatures(
  tokens: readonly Token[],
  into: Features = new Map(),
  settings: CharGramSettings = CHAR_GRAMS,
): Features {
  for (const { word } of tokens) {
    if (word.length < 2) continue;
    const wrapped = `<${word}>`;
    for (let i = 0; i < wrapped.length; i++)
      for (let n = settings.min; n <= settings.max && i + n <= wrapped.length; n++) {
        // Counted per occurrence, as a loaded model's table adds them.
        const name = `${CHAR_GRAM_PREFIX}${wrapped.slice(i, i + n)}`;
        into.set(name, (into.get(name) ?? 0) + settings.value);
      }
  }
  return into;
}

/**
 * Loaded n-gram weights in an open-addressing table keyed by two 32-bit hashes of the n-gram, so
 * scoring a comment builds no strings: an analysis reads a few hundred n-grams, and making each a
 * string halved throughput. Two hashes make a false match between distinct n-grams (about one
 * in 2^64 per pair) negligible.
 */
export interface CharGramTable {
  settings: CharGramSettings;
  mask: number;
  first: Int32Array;
  second: Int32Array;
  used: Uint8Array;
  /** `classes` weights per slot, already multiplied by the feature value. */
  weights: Float64Array;
  classes: number;
}

const nextFirst = (h: number, c: number) => Math.imul(h ^ c, 16777619);
const nextSecond = (h: number, c: number) => {
  const x = Math.imul(h ^ c, 0x5bd1e995);
  return x ^ (x >>> 13);
};
const FIRST_SEED = 2166136261 | 0;
const SECOND_SEED = 0x9747b28c | 0;

function slotOf(table: CharGramTable, first: number, second: number): number {
  let slot = (first ^ (second >>> 16)) & table.mask;
  while (table.used[slot] === 1) {
    if (table.first[slot] === first && table.second[slot] === second) return slot;
    slot = (slot + 1) & table.mask;
  }
  return -1 - slot;
}

function buildCharGramTable(
  grams: ReadonlyArray<readonly [string, readonly number[]]>,
  classes: number,
  settings: CharGramSettings,
): CharGramTable {
  // At most a quarter full: most n-grams of a comment are not in the table, and such a miss then
  // ends at the first or second slot.
  let size = 16;
  while (size < grams.length * 4) size *= 2;
  const table: CharGramTable = {
    settings,
    mask: size - 1,
    first: new Int32Array(size),
    second: new Int32Array(size),
    used: new Uint8Array(size),
    weights: new Float64Array(size * classes),
    classes,
  };
  for (const [gram, w] of grams) {
    let first = FIRST_SEED;
    let second = SECOND_SEED;
    for (let i = 0; i < gram.length; i++) {
      first = nextFirst(first, gram.charCodeAt(i));
      second = nextSecond(second, gram.charCodeAt(i));
    }
    let slot = slotOf(table, first, second);
    if (slot < 0) {
      slot = -1 - slot;
      table.used[slot] = 1;
      table.first[slot] = first;
      table.second[slot] = second;
    }
    for (let c = 0; c < classes; c++)
      table.weights[slot * classes + c] =
        (table.weights[slot * classes + c] as number) + (w[c] as number) * settings.value;
  }
  return table;
}

/** Adds the n-gram weights of the tokens' words to `into` (one score per class). */
export function charGramScores(table: CharGramTable, tokens: readonly Token[], into: number[]): number[] {
  const { min, max } = table.settings;
  for (const { word } of tokens) {
    if (word.length < 2) continue;
    const length = word.length + 2;
    for (let i = 0; i < length; i++) {
      let first = FIRST_SEED;
      let second = SECOND_SEED;
      for (let n = 1; n <= max && i + n <= length; n++) {
        const j = i + n - 1;
        const c = j === 0 ? 60 /* < */ : j === length - 1 ? 62 /* > */ : word.charCodeAt(j - 1);
        first = nextFirst(first, c);
        second = nextSecond(second, c);
        if (n < min) continue;
        const slot = slotOf(table, first, second);
        if (slot < 0) continue;
        for (let k = 0; k < table.classes; k++)
          into[k] = (into[k] as number) + (table.weights[slot * table.classes + k] as number);
      }
    }
  }
  return into;
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
  return addScores(model, features, model.bias.slice());
}

/** Adds the features' weights to `into` (one score per class). */
export function addScores(model: LinearModel, features: Features, into: number[]): number[] {
  const { weights } = model;
  // forEach rather than for…of: no [name, value] pair allocated per feature, on the hot path.
  features.forEach((value, name) => {
    const w = weights.get(name);
    if (!w) return;
    for (let c = 0; c < into.length; c++) into[c] = (into[c] as number) + (w[c] as number) * value;
  });
  return into;
}

export function softmax(s: readonly number[]): number[] {
  const max = Math.max(...s);
  let sum = 0;
  const e = s.map((v) => {
    const x = Math.exp(v - max);
    sum += x;
    return x;
  });
  return e.map((x) => x / sum);
}

export function probabilities(model: LinearModel, features: Features): number[] {
  return softmax(scores(model, features));
}

export function predict(model: LinearModel, features: Features): { label: string; probability: number } {
  const p = probabilities(model, features);
  let best = 0;
  for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
  const probability = p[best] as number;
  if (model.abstainBelow !== undefined && probability < model.abstainBelow)
    return { label: NO_LABEL, probability };
  return { label: model.classes[best] as string, probability };
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
  /**
   * One binary classifier per class against the rest, each with its own NB scaling (the NBSVM
   * paper's multi-class form), folded into one model: a class's score is its classifier's logit.
   */
  oneVsRest?: boolean;
  /** `char:` features are kept only when seen in this many examples, and at most `maxCharGrams`. */
  charGramMinCount?: number;
  maxCharGrams?: number;
  /**
   * Return the mean of the weights after each step from this epoch on (0-based), not the last
   * ones (averaged SGD): a few epochs of SGD end wherever the last examples pushed them, so the
   * model changed with the shuffling seed.
   */
  averageFrom?: number;
}

/** How many examples of each class have each feature. */
function featureCounts(
  examples: ReadonlyArray<{ features: Features }>,
  y: readonly number[],
  k: number,
): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const c = y[i] as number;
    for (const name of e.features.keys()) {
      let n = counts.get(name);
      if (!n) {
        n = new Array<number>(k).fill(0);
        counts.set(name, n);
      }
      n[c] = (n[c] as number) + 1;
    }
  });
  return counts;
}

/**
 * Each feature's strongest one-class-vs-rest log-count ratio; `inClass` limits it to one class
 * (its classifier against the rest). Features named `__…` keep their scale (1).
 */
function nbScale(
  names: readonly string[],
  counts: ReadonlyMap<string, readonly number[]>,
  perClass: readonly number[],
  alpha: number,
  inClass?: number,
): Float64Array {
  const total = perClass.reduce((a, b) => a + b, 0);
  return Float64Array.from(names, (name) => {
    if (name.startsWith('__')) return 1;
    const n = counts.get(name) as readonly number[];
    const all = n.reduce((a, b) => a + b, 0);
    const ratio = (count: number, examples: number) => {
      const inside = (count + alpha) / (examples + 2 * alpha);
      const rest = (all - count + alpha) / (total - examples + 2 * alpha);
      return Math.abs(Math.log(inside / rest));
    };
    if (inClass !== undefined)
      return Math.max(
        ratio(n[inClass] as number, perClass[inClass] as number),
        ratio(all - (n[inClass] as number), total - (perClass[inClass] as number)),
      );
    let scale = 0;
    for (let c = 0; c < n.length; c++) scale = Math.max(scale, ratio(n[c] as number, perClass[c] as number));
    return scale;
  });
}

/**
 * Stochastic gradient descent with AdaGrad step sizes and L2 on the weights an example touches,
 * over shuffled examples. Deterministic for a given seed, so a retrained model is reproducible.
 */
export function trainLinearModel(
  examples: ReadonlyArray<{ features: Features; label: string }>,
  options: TrainOptions = {},
): LinearModel {
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const y = examples.map((e) => classIndex.get(e.label) as number);
  const perClass = new Array<number>(k).fill(0);
  for (const c of y) perClass[c] = (perClass[c] as number) + 1;
  const counts = featureCounts(examples, y, k);
  const names = keptFeatures(counts, options);
  const index = new Map(names.map((name, f) => [name, f]));
  // Each example as parallel arrays of feature indices and values: the loop in `sgd` then reads
  // flat arrays instead of looking names up, several times faster on large label sets.
  const rows = examples.map((e) => {
    const ids: number[] = [];
    const values: number[] = [];
    for (const [name, value] of e.features) {
      const f = index.get(name);
      if (f === undefined) continue;
      ids.push(f);
      values.push(value);
    }
    return { ids: Int32Array.from(ids), values: Float64Array.from(values) };
  });
  // NB scaling (when asked) multiplies each value before training and is folded into the weights
  // after, so the model reads plain features.
  const learn = (labels: readonly number[], classCount: number, scale: Float64Array | null) =>
    sgd(
      rows.map((r, i) => ({
        ids: r.ids,
        values: scale ? r.values.map((v, n) => v * (scale[r.ids[n] as number] as number)) : r.values,
        y: labels[i] as number,
      })),
      names.length,
      classCount,
      options,
    );
  const { nbSmoothing } = options;
  const weights = names.map(() => new Float64Array(k));
  const bias = new Array<number>(k).fill(0);
  if (options.oneVsRest && k > 2) {
    // One binary model per class ("in" 0, "out" 1); a class's score is the logit of its "in".
    for (let c = 0; c < k; c++) {
      const scale = nbSmoothing === undefined ? null : nbScale(names, counts, perClass, nbSmoothing, c);
      const binary = learn(
        y.map((label) => (label === c ? 0 : 1)),
        2,
        scale,
      );
      bias[c] = (binary.bias[0] as number) - (binary.bias[1] as number);
      weights.forEach((w, f) => {
        w[c] =
          ((binary.weights[2 * f] as number) - (binary.weights[2 * f + 1] as number)) * (scale?.[f] ?? 1);
      });
    }
  } else {
    const scale = nbSmoothing === undefined ? null : nbScale(names, counts, perClass, nbSmoothing);
    const multi = learn(y, k, scale);
    weights.forEach((w, f) => {
      for (let c = 0; c < k; c++) w[c] = (multi.weights[f * k + c] as number) * (scale?.[f] ?? 1);
    });
    for (let c = 0; c < k; c++) bias[c] = multi.bias[c] as number;
  }
  return { classes, bias, weights: new Map(names.map((name, f) => [name, weights[f] as Float64Array])) };
}

/** Features seen in at least `minCount` examples; `char:` ones also capped by frequency. */
function keptFeatures(counts: ReadonlyMap<string, readonly number[]>, options: TrainOptions): string[] {
  const { minCount = 1, charGramMinCount = 1, maxCharGrams = Number.POSITIVE_INFINITY } = options;
  const total = (n: readonly number[]) => n.reduce((a, b) => a + b, 0);
  const charGrams = Array.from(counts, ([name, n]) => [name, total(n)] as const)
    .filter(([name, n]) => name.startsWith(CHAR_GRAM_PREFIX) && n >= charGramMinCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxCharGrams);
  const keptCharGrams = new Set(charGrams.map(([name]) => name));
  const names: string[] = [];
  for (const [name, n] of counts) {
    if (total(n) < minCount) continue;
    if (name.startsWith(CHAR_GRAM_PREFIX) && !keptCharGrams.has(name)) continue;
    names.push(name);
  }
  return names;
}

/** One model's weights (feature-major, `k` per feature) and biases from rows of feature indices. */
export function sgd(
  rows: ReadonlyArray<{ ids: Int32Array; values: Float64Array; y: number }>,
  features: number,
  k: number,
  options: TrainOptions,
): { weights: Float64Array; bias: Float64Array } {
  const { epochs = 12, learningRate = 0.3, l2 = 1e-4, balanced = true, seed = 7, averageFrom } = options;
  const weights = new Float64Array(features * k);
  // Averaging: u sums (step - 1) × each change, so the mean of the weights after each of T steps
  // is w - u / T without touching every weight at every step.
  const averaging = averageFrom !== undefined && averageFrom < epochs;
  const u = new Float64Array(averaging ? features * k : 0);
  const ub = new Float64Array(k);
  let step = 0;
  const grads = new Float64Array(features * k);
  const bias = new Float64Array(k);
  const biasGrad = new Float64Array(k);
  const perClass = new Array<number>(k).fill(0);
  for (const r of rows) perClass[r.y] = (perClass[r.y] as number) + 1;
  const classWeight = perClass.map((n) => (balanced ? rows.length / (k * n) : 1));
  const order = rows.map((_, i) => i);
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const s = new Float64Array(k);
  const p = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const averageNow = averaging && epoch >= (averageFrom as number);
    for (const at of order) {
      const { ids, values, y } = rows[at] as { ids: Int32Array; values: Float64Array; y: number };
      if (averageNow) step++;
      s.set(bias);
      for (let n = 0; n < ids.length; n++) {
        const base = (ids[n] as number) * k;
        const value = values[n] as number;
        for (let c = 0; c < k; c++) s[c] = (s[c] as number) + (weights[base + c] as number) * value;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, s[c] as number);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        p[c] = Math.exp((s[c] as number) - max);
        sum += p[c] as number;
      }
      const cw = classWeight[y] as number;
      for (let c = 0; c < k; c++) {
        p[c] = (p[c] as number) / sum;
        const g = ((p[c] as number) - (c === y ? 1 : 0)) * cw;
        biasGrad[c] = (biasGrad[c] as number) + g * g;
        const db = (learningRate * g) / Math.sqrt((biasGrad[c] as number) + 1e-8);
        bias[c] = (bias[c] as number) - db;
        if (averageNow) ub[c] = (ub[c] as number) - (step - 1) * db;
      }
      for (let n = 0; n < ids.length; n++) {
        const base = (ids[n] as number) * k;
        const value = values[n] as number;
        for (let c = 0; c < k; c++) {
          const g = ((p[c] as number) - (c === y ? 1 : 0)) * cw * value + l2 * (weights[base + c] as number);
          grads[base + c] = (grads[base + c] as number) + g * g;
          const dw = (learningRate * g) / Math.sqrt((grads[base + c] as number) + 1e-8);
          weights[base + c] = (weights[base + c] as number) - dw;
          if (averageNow) u[base + c] = (u[base + c] as number) - (step - 1) * dw;
        }
      }
    }
  }
  if (averaging && step > 0) {
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) - (u[i] as number) / step;
    for (let c = 0; c < k; c++) bias[c] = (bias[c] as number) - (ub[c] as number) / step;
  }
  return { weights, bias };
}

/**
 * Drops weights too small to matter, rounding the rest, so the shipped JSON stays small. A model
 * trained with `char:` features (made with `settings`) records those settings.
 */
export function serializeLinearModel(
  model: LinearModel,
  minWeight = 0.01,
  settings: CharGramSettings = CHAR_GRAMS,
): SerializedLinearModel {
  if (model.charGrams) throw new Error('a loaded model with n-gram weights cannot be serialised again');
  const weights: Record<string, number[]> = {};
  let charGrams = false;
  for (const [name, w] of model.weights) {
    if (Math.max(...Array.from(w, Math.abs)) < minWeight) continue;
    weights[name] = Array.from(w, (x) => Math.round(x * 1000) / 1000);
    if (name.startsWith(CHAR_GRAM_PREFIX)) charGrams = true;
  }
  return {
    classes: model.classes,
    bias: model.bias.map((x) => Math.round(x * 1000) / 1000),
    weights,
    ...(charGrams ? { charGrams: settings } : {}),
    ...(model.abstainBelow === undefined ? {} : { abstainBelow: model.abstainBelow }),
  };
}

export function deserializeLinearModel(data: SerializedLinearModel): LinearModel {
  const weights = new Map<string, Float64Array>();
  const grams: Array<[string, number[]]> = [];
  for (const [name, w] of Object.entries(data.weights)) {
    if (data.charGrams && name.startsWith(CHAR_GRAM_PREFIX))
      grams.push([name.slice(CHAR_GRAM_PREFIX.length), w]);
    else weights.set(name, Float64Array.from(w));
  }
  const model: LinearModel = { classes: data.classes, bias: data.bias, weights };
  if (data.abstainBelow !== undefined) model.abstainBelow = data.abstainBelow;
  if (data.charGrams) model.charGrams = buildCharGramTable(grams, data.classes.length, data.charGrams);
  return model;
}

/** Adds `offsets` to the model's biases (e.g. chosen by `macroF1Offsets`). */
export function withBiasOffsets(model: LinearModel, offsets: readonly number[]): LinearModel {
  return { ...model, bias: model.bias.map((b, c) => b + (offsets[c] ?? 0)) };
}
