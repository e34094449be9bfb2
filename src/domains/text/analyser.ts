import { readFileSync } from 'node:fs';
import { PHRASES, VALENCE } from './lexicon.ts';
import {
  addScores,
  charGramScores,
  deserializeLinearModel,
  type Features,
  type LinearModel,
  predict,
  probabilities,
  type SerializedLinearModel,
  scores,
  softmax,
  wordFeatures,
} from './linear-model.ts';
import { createMentionMatcher, type Mention, type RosterEntry } from './mentions.ts';
import { type LexiconReading, readLexicon, type Sentiment } from './sentiment.ts';
import { DEFAULT_THEMES, type ThemeDefinition, type ThemeMatch, ThemeMatcher } from './themes.ts';
import { type Token, tokenize } from './tokens.ts';

export interface TextAnalysis {
  sentiment: Sentiment;
  /** -1 (very negative) … +1 (very positive). */
  score: number;
  themes: ThemeMatch[];
  mentions: Mention[];
  /** Something good is said (about the service or a named person). */
  praise: boolean;
  /** Something bad is said. */
  complaint: boolean;
  /** Which sentiment model decided: the shipped default or the organisation's own. */
  model: 'default' | 'organisation';
}

export interface OrganisationModel {
  sentiment?: LinearModel | null;
  /** Trained on managers' theme labels: adds the theme it is sure of when no phrase matched it. */
  themes?: LinearModel | null;
}

/**
 * Below this probability the organisation's theme model adds nothing, unless the model carries
 * its own threshold (`abstainBelow`, chosen on its training comments).
 */
export const ORGANISATION_THEME_THRESHOLD = 0.7;

/** What the theme classifier reads: the words, plus which taxonomy themes' phrases matched. */
export function themeModelFeatures(words: Features, matches: readonly ThemeMatch[]): Features {
  const features = new Map(words);
  for (const m of matches) features.set(`__theme_${m.key}`, m.spans.length);
  return features;
}

export interface AnalyserOptions {
  roster?: readonly RosterEntry[];
  /** Organisation themes merged into (or replacing phrases of) the default taxonomy. */
  themes?: readonly ThemeDefinition[];
  organisation?: OrganisationModel;
}

export interface Analyser {
  analyse(text: string): TextAnalysis;
}

let defaultModel: LinearModel | null = null;

/** The shipped weights, read once per process (see model/MODEL-CARD.md). */
export function loadDefaultModel(): LinearModel {
  if (!defaultModel) {
    const url = new URL('./model/default-sentiment.json', import.meta.url);
    defaultModel = deserializeLinearModel(JSON.parse(readFileSync(url, 'utf8')) as SerializedLinearModel);
  }
  return defaultModel;
}

let vocabulary: Set<string> | null = null;

/** Words we know to be ordinary English, so a name typo check does not turn "wil" into a person. */
export function isKnownWord(word: string): boolean {
  if (!vocabulary) {
    vocabulary = new Set(VALENCE.keys());
    for (const [phrase] of PHRASES) for (const w of phrase.split(' ')) vocabulary.add(w);
    for (const theme of DEFAULT_THEMES)
      for (const p of theme.phrases) for (const w of p.split(' ')) vocabulary.add(w.replace(/\*$/, ''));
    for (const name of loadDefaultModel().weights.keys()) if (!name.includes(' ')) vocabulary.add(name);
  }
  return vocabulary.has(word);
}

/**
 * The default sentiment: the hand-written lexicon with negation and contrast rules, nudged by the
 * linear model learnt from the UCI sentences. A comment with no sentiment words, or one that only
 * asks or requests something, is neutral unless the model is sure.
 */
export function defaultSentiment(
  tokens: readonly Token[],
  features?: Features,
): { sentiment: Sentiment; score: number; lexicon: LexiconReading } {
  const lexicon = readLexicon(tokens);
  const model = loadDefaultModel();
  const p = probabilities(model, features ?? wordFeatures(tokens));
  const positiveIndex = model.classes.indexOf('positive');
  const modelScore = 2 * (p[positiveIndex] as number) - 1;
  // Weights and thresholds chosen on the "tune" half of the airline file (see scripts/eval-text.ts);
  // the uci model is overconfident out of its domain, so it only nudges, and never on its own
  // turns a comment without sentiment words into an opinion.
  const score = clamp(0.75 * lexicon.compound + 0.25 * modelScore * (lexicon.hits > 0 ? 1 : 0.5));
  let sentiment: Sentiment;
  if (lexicon.hits === 0) sentiment = 'neutral';
  else if (score <= -0.05) sentiment = 'negative';
  else if (score >= (lexicon.request ? 0.5 : 0.25)) sentiment = 'positive';
  else sentiment = 'neutral';
  return { sentiment, score: Math.round(score * 1000) / 1000, lexicon };
}

function clamp(x: number): number {
  return Math.max(-1, Math.min(1, x));
}

export function createAnalyser(options: AnalyserOptions = {}): Analyser {
  loadDefaultModel();
  const definitions = options.themes ?? DEFAULT_THEMES;
  const themes = new ThemeMatcher(definitions);
  const orgThemes = options.organisation?.themes ?? null;
  const mentions = createMentionMatcher(options.roster ?? [], isKnownWord);
  const orgModel = options.organisation?.sentiment ?? null;
  return {
    analyse(text) {
      const tokens = tokenize(text);
      const features = wordFeatures(tokens);
      const verdict = defaultSentiment(tokens, features);
      let { sentiment, score } = verdict;
      let model: TextAnalysis['model'] = 'default';
      if (orgModel) {
        // The same sum as scoring organisationFeatures(…) plus the n-grams, without copying the
        // words into a new map for every comment.
        const s = addScores(orgModel, organisationSignals(tokens, verdict), scores(orgModel, features));
        if (orgModel.charGrams) charGramScores(orgModel.charGrams, tokens, s);
        const p = softmax(s);
        let best = 0;
        for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
        sentiment = orgModel.classes[best] as Sentiment;
        const pos = orgModel.classes.indexOf('positive');
        const neg = orgModel.classes.indexOf('negative');
        score = Math.round(((p[pos] ?? 0) - (p[neg] ?? 0)) * 1000) / 1000;
        model = 'organisation';
      }
      const found = mentions.match(tokens);
      const matched = themes.match(tokens);
      if (orgThemes) {
        const guess = predict(orgThemes, themeModelFeatures(features, matched));
        const theme = definitions.find((t) => t.key === guess.label);
        if (
          theme &&
          (orgThemes.abstainBelow !== undefined || guess.probability >= ORGANISATION_THEME_THRESHOLD) &&
          !matched.some((m) => m.key === theme.key)
        )
          matched.push({ key: theme.key, name: theme.name, spans: [] });
      }
      return {
        sentiment,
        score,
        themes: matched,
        mentions: found,
        praise: sentiment === 'positive' || (found.length > 0 && score > 0.1),
        complaint: sentiment === 'negative',
        model,
      };
    },
  };
}

/**
 * What the organisation's classifier reads: the words and pairs of words, plus the default
 * analyser's own verdict, so the organisation model starts from what the lexicon knows and
 * learns the organisation's vocabulary on top.
 */
export function organisationFeatures(
  tokens: readonly Token[],
  words: Features,
  verdict: { score: number; sentiment: Sentiment; lexicon: LexiconReading },
): Features {
  const features = new Map(words);
  for (const [name, value] of organisationSignals(tokens, verdict)) features.set(name, value);
  return features;
}

/** The default analyser's verdict as features (named `__…`, so never taken for words). */
function organisationSignals(
  tokens: readonly Token[],
  verdict: { score: number; sentiment: Sentiment; lexicon: LexiconReading },
): Features {
  const features: Features = new Map();
  const { lexicon } = verdict;
  features.set('__default_score', verdict.score);
  features.set(`__default_${verdict.sentiment}`, 1);
  features.set('__lexicon_positive', Math.min(lexicon.positive, 8) / 4);
  features.set('__lexicon_negative', Math.min(lexicon.negative, 8) / 4);
  if (lexicon.hits === 0) features.set('__no_sentiment_words', 1);
  if (lexicon.request) features.set('__request', 1);
  features.set('__length', Math.min(tokens.length, 40) / 40);
  return features;
}
