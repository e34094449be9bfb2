import { defaultSentiment, organisationFeatures, themeModelFeatures } from './analyser.ts';
import { abstentionThreshold, macroF1Offsets } from './decision-tuning.ts';
import {
  charGramFeatures,
  type Features,
  type LinearModel,
  NO_LABEL,
  predict,
  type SerializedLinearModel,
  scores,
  serializeLinearModel,
  type TrainOptions,
  trainLinearModel,
  withBiasOffsets,
  wordFeatures,
} from './linear-model.ts';
import { classificationReport } from './metrics.ts';
import type { Sentiment } from './sentiment.ts';
import { DEFAULT_THEMES, type ThemeDefinition, ThemeMatcher } from './themes.ts';
import { tokenize } from './tokens.ts';

/**
 * The organisation path: classifiers trained on an organisation's own labelled comments. Each is
 * trained on part of the labels and measured on the rest against the default analyser; it is
 * only put to use when it does better there (`use`).
 */
export interface LabelledComment {
  text: string;
  label: string;
}

export interface TrainedClassifier {
  model: SerializedLinearModel;
  /** Macro-F1 of the organisation model and of the default on the held-out comments. */
  heldOutMacroF1: number;
  defaultMacroF1: number;
  heldOutAccuracy: number;
  trainedOn: number;
  testedOn: number;
  use: boolean;
}

export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];

/** Deterministic split by text, so retraining on the same comments measures the same way. */
export function isHeldOut(text: string, fraction = 0.2): boolean {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 1000 < fraction;
}

/** What the analyser reads (`organisationFeatures`) plus the words' character n-grams. */
function sentimentFeatures(text: string): { features: Features; defaultLabel: Sentiment } {
  const tokens = tokenize(text);
  const words = wordFeatures(tokens);
  const d = defaultSentiment(tokens, words);
  return {
    features: charGramFeatures(tokens, organisationFeatures(tokens, words, d)),
    defaultLabel: d.sentiment,
  };
}

const TRAINING: TrainOptions = { epochs: 10, learningRate: 0.05, l2: 3e-4, minCount: 1 };

/**
 * NB-weighted words and character n-grams (3–5 within a word, each worth 0.1 of a word, kept when
 * seen in at least 5 comments, at most 20,000), one classifier per class against the rest, 3
 * epochs with L2 0.01, words seen in at least 2 comments. Chosen by 5-fold cross-validation inside
 * the airline file's training 70 % (`scripts/eval-text.ts`), never on its test 30 %: macro-F1 0.782
 * there with the class offsets, against 0.775 for the previous setting (words alone, one
 * multinomial model, 5 epochs, every word kept). Other epochs (2–4), L2 (0.005–0.02) and n-gram
 * weights (0.05–0.2) were within ±0.003; dropping words seen once gave the same macro-F1 with a
 * model less than half the size, loaded and applied faster.
 *
 * The weights are averaged over the steps of epochs 2 and 3, with learning rate 0.03: without
 * averaging, macro-F1 in that cross-validation moved from 0.774 to 0.781 with the shuffling seed
 * alone (mean 0.777 over five seeds, and 0.781 was the seed in use); averaged, 0.779–0.782 (mean
 * 0.781 over three).
 */
const SENTIMENT_TRAINING: TrainOptions = {
  epochs: 3,
  learningRate: 0.03,
  averageFrom: 1,
  l2: 1e-2,
  minCount: 2,
  nbSmoothing: 1,
  oneVsRest: true,
  charGramMinCount: 5,
  maxCharGrams: 20_000,
};

/** How the scores become a decision; both are chosen inside the training comments. */
type Decision = 'class-offsets' | 'abstention';

/** What tuning changes in a model: offsets added to its classes' biases, or when it abstains. */
interface Tuned {
  offsets?: ReadonlyMap<string, number>;
  abstainBelow?: number;
}

/** Folds for choosing the decision rule inside the training comments. */
const TUNING_FOLDS = 3;

function split(examples: readonly LabelledComment[], heldOutFraction: number) {
  const train: LabelledComment[] = [];
  const test: LabelledComment[] = [];
  for (const e of examples) (isHeldOut(e.text, heldOutFraction) ? test : train).push(e);
  return { train, test };
}

/** A label's index among the model's classes; "none" (no theme) is -1 whether or not it is a class. */
const indexOf = (classes: readonly string[], label: string) =>
  label === NO_LABEL ? -1 : classes.indexOf(label);

/**
 * Chooses the decision rule on out-of-fold predictions: each fold's comments are predicted by a
 * model trained on the other folds. Returns the model's changes: class offsets added to its
 * biases, or the probability below which it says "none".
 */
function tuneDecision(
  examples: ReadonlyArray<{ features: Features; label: string }>,
  options: TrainOptions,
  decision: Decision,
): Tuned {
  // Without comments labelled as about nothing, the training comments say nothing of the comments
  // outside the themes (most of them, in use): the analyser keeps its fixed threshold then.
  if (decision === 'abstention' && !examples.some((e) => e.label === NO_LABEL)) return {};
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const fold = (i: number) => i % TUNING_FOLDS;
  const outOfFold: number[][] = new Array(examples.length);
  for (let f = 0; f < TUNING_FOLDS; f++) {
    const model = trainLinearModel(
      examples.filter((_, i) => fold(i) !== f),
      options,
    );
    // A fold's model may miss a rare class: scores are placed by name, a missing class's at -∞.
    examples.forEach((e, i) => {
      if (fold(i) !== f) return;
      const s = scores(model, e.features);
      outOfFold[i] = classes.map((c) => {
        const at = model.classes.indexOf(c);
        return at < 0 ? Number.NEGATIVE_INFINITY : (s[at] as number);
      });
    });
  }
  const gold = examples.map((e) => indexOf(classes, e.label));
  if (decision === 'class-offsets') {
    const offsets = macroF1Offsets(gold, outOfFold);
    return { offsets: new Map(classes.map((c, i) => [c, offsets[i] as number])) };
  }
  const guesses = outOfFold.map((s) => {
    const max = Math.max(...s);
    const total = s.reduce((sum, v) => sum + Math.exp(v - max), 0);
    return { index: indexOf(classes, classes[s.indexOf(max)] as string), probability: 1 / total };
  });
  const labels = [...new Set(gold)].sort((a, b) => a - b);
  return { abstainBelow: abstentionThreshold(gold, guesses, labels) };
}

function applyDecision(model: LinearModel, tuned: Tuned): LinearModel {
  const { offsets } = tuned;
  // By class name: the model trained on all comments may know a class the tuning folds did not.
  const withOffsets = offsets
    ? withBiasOffsets(
        model,
        model.classes.map((c) => offsets.get(c) ?? 0),
      )
    : model;
  return tuned.abstainBelow === undefined
    ? withOffsets
    : { ...withOffsets, abstainBelow: tuned.abstainBelow };
}

/**
 * Trains on the comments outside the held-out part (choosing its decision rule inside them),
 * measures against the default on the held-out part, then trains the model put to use on all of
 * them with the same rule.
 */
function trainAndMeasure(
  examples: readonly LabelledComment[],
  heldOutFraction: number,
  featuresOf: (text: string) => Features,
  defaultLabelOf: (text: string) => string,
  options: TrainOptions,
  decision: Decision,
): TrainedClassifier | null {
  const { train, test } = split(examples, heldOutFraction);
  if (train.length < 20 || test.length < 5 || new Set(train.map((e) => e.label)).size < 2) return null;
  const featured = new Map(examples.map((e) => [e, { features: featuresOf(e.text), label: e.label }]));
  const of = (set: readonly LabelledComment[]) =>
    set.map((e) => featured.get(e) as { features: Features; label: string });
  const tuned = tuneDecision(of(train), options, decision);
  const model = applyDecision(trainLinearModel(of(train), options), tuned);
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const gold = test.map((e) => e.label);
  const org = classificationReport(
    gold,
    of(test).map((e) => predict(model, e.features).label),
    labels,
  );
  const def = classificationReport(
    gold,
    test.map((e) => defaultLabelOf(e.text)),
    labels,
  );
  return {
    model: serializeLinearModel(applyDecision(trainLinearModel(of(examples), options), tuned), 0.001),
    heldOutMacroF1: org.macroF1,
    defaultMacroF1: def.macroF1,
    heldOutAccuracy: org.accuracy,
    trainedOn: train.length,
    testedOn: test.length,
    use: org.macroF1 > def.macroF1,
  };
}

/** Sentiment labels must be negative / neutral / positive (others are ignored). */
export function trainSentimentClassifier(
  examples: readonly LabelledComment[],
  heldOutFraction = 0.2,
  options: TrainOptions = SENTIMENT_TRAINING,
): TrainedClassifier | null {
  const usable = examples.filter((e) => (SENTIMENTS as readonly string[]).includes(e.label));
  return trainAndMeasure(
    usable,
    heldOutFraction,
    (text) => sentimentFeatures(text).features,
    (text) => sentimentFeatures(text).defaultLabel,
    options,
    'class-offsets',
  );
}

/** Theme features: the words, plus which taxonomy phrases matched (as the analyser reads them). */
export function themeFeatures(matcher: ThemeMatcher, text: string): Features {
  const tokens = tokenize(text);
  return themeModelFeatures(wordFeatures(tokens), matcher.match(tokens));
}

/**
 * A single-label theme classifier from manager-assigned labels (theme keys). The default it is
 * compared with is the phrase matcher's strongest theme.
 */
export function trainThemeClassifier(
  examples: readonly LabelledComment[],
  themes: readonly ThemeDefinition[] = DEFAULT_THEMES,
  heldOutFraction = 0.2,
): TrainedClassifier | null {
  const matcher = new ThemeMatcher(themes);
  return trainAndMeasure(
    examples,
    heldOutFraction,
    (text) => themeFeatures(matcher, text),
    (text) => matcher.match(tokenize(text))[0]?.key ?? NO_LABEL,
    TRAINING,
    'abstention',
  );
}
