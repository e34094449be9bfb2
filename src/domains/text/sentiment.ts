import {
  BOOSTERS,
  CONCESSION,
  CONTRAST_AFTER,
  HASHTAG_PARTS,
  NEGATORS,
  PHRASES,
  POLITENESS,
  REQUEST_WORDS,
  VALENCE,
} from './lexicon.ts';
import type { Token } from './tokens.ts';

export type Sentiment = 'negative' | 'neutral' | 'positive';

export interface LexiconReading {
  /** Sum of weighted valences. */
  total: number;
  /** total squashed into -1..1 (VADER's normalisation). */
  compound: number;
  /** Sentiment-bearing words or phrases found. */
  hits: number;
  positive: number;
  negative: number;
  /** The text reads as a question or request (ends with "?", or starts with please/how/can…). */
  request: boolean;
}

const PHRASE_INDEX: ReadonlyMap<string, ReadonlyArray<readonly [string[], number]>> = (() => {
  const index = new Map<string, Array<[string[], number]>>();
  for (const [phrase, valence] of PHRASES) {
    const words = phrase.split(' ');
    const first = words[0] as string;
    const list = index.get(first) ?? [];
    list.push([words, valence]);
    list.sort((a, b) => b[0].length - a[0].length);
    index.set(first, list);
  }
  return index;
})();

const DURATION_UNITS = new Set([
  'min',
  'mins',
  'minute',
  'minutes',
  'hr',
  'hrs',
  'hour',
  'hours',
  'days',
  'weeks',
]);
const WAIT_WORDS = new Set([
  'wait',
  'waited',
  'waiting',
  'hold',
  'queue',
  'queued',
  'line',
  'late',
  'delayed',
  'delay',
]);
const NEGATION_SCALAR = -0.74;
const NEGATOR_CUE = -0.7;
/** In service feedback a mixed comment is usually a complaint: negative evidence weighs more. */
const NEGATIVE_WEIGHT = 1.4;
/** Politeness in a request ("please help, thanks") is not praise. */
const REQUEST_POSITIVE_WEIGHT = 0.5;

/** True when a sentiment word in the next three words of the clause takes the negator's flip. */
function complaintCueUsed(tokens: readonly Token[], i: number): boolean {
  if ((tokens[i] as Token).clauseEnd) return false;
  for (let ahead = 1; ahead <= 3; ahead++) {
    const next = tokens[i + ahead];
    if (!next || next.word === '?' || next.word === '!') return false;
    if (VALENCE.has(next.word) || PHRASE_INDEX.has(next.word)) return true;
    if (next.clauseEnd) return false;
  }
  return false;
}

function phraseAt(tokens: readonly Token[], i: number): [number, number] | null {
  const candidates = PHRASE_INDEX.get((tokens[i] as Token).word);
  if (!candidates) return null;
  for (const [words, valence] of candidates) {
    let ok = true;
    for (let j = 1; j < words.length; j++) {
      if (tokens[i + j]?.word !== words[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return [words.length, valence];
  }
  return null;
}

/**
 * A VADER-like reading: word valences adjusted by boosters, negation (a negator up to three words
 * before, inside the clause, flips and damps), capitals and "!", with contrast handling — after
 * "but"/"however" the clause counts 1.5×, before it 0.5×; a clause opened by "although"/"though"
 * counts 0.5×. A wait with a duration ("waited 40 minutes", "2 hours on hold") is negative on its own.
 */
export function readLexicon(tokens: readonly Token[]): LexiconReading {
  let total = 0;
  let hits = 0;
  let positive = 0;
  let negative = 0;
  // Contributions of the current sentence, so "but" can damp what came before it.
  let sentence: number[] = [];
  let sentenceWeight = 1;
  let concession = false;
  let exclamations = 0;
  let request = false;
  let lastWait = -10;
  let politeness = 0;

  const flush = () => {
    for (const v of sentence) total += v < 0 ? v * NEGATIVE_WEIGHT : v;
    sentence = [];
    sentenceWeight = 1;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const { word } = token;
    if (word === '!' || word === '?') {
      if (word === '!') exclamations += Math.min(token.raw.length, 3);
      if (word === '?') request = true;
      flush();
      concession = false;
      continue;
    }
    if (
      word === 'please' ||
      word === 'pls' ||
      word === 'plz' ||
      (token.sentenceStart && REQUEST_WORDS.has(word))
    )
      request = true;
    if (NEGATORS.has(word) && !complaintCueUsed(tokens, i)) {
      // A negator with nothing to flip is how complaints are phrased ("they wouldn't let us on").
      sentence.push(NEGATOR_CUE * sentenceWeight);
      hits++;
      negative -= NEGATOR_CUE;
    }
    if (CONTRAST_AFTER.has(word)) {
      sentence = sentence.map((v) => v * 0.5);
      sentenceWeight = 1.5;
      if (word === 'unfortunately' || word === 'sadly') {
        sentence.push(-1.5);
        hits++;
        negative++;
      }
      continue;
    }
    if (CONCESSION.has(word)) concession = true;
    if (WAIT_WORDS.has(word)) lastWait = i;

    let valence = 0;
    let span = 1;
    const phrase = phraseAt(tokens, i);
    if (phrase) {
      [span, valence] = phrase;
    } else if (DURATION_UNITS.has(word) && i > 0 && /^\d/.test((tokens[i - 1] as Token).word)) {
      const n = Number.parseFloat((tokens[i - 1] as Token).word);
      const long = word.startsWith('h') || word === 'days' || word === 'weeks' || n >= 20;
      if (long) valence = i - lastWait <= 4 ? -2.5 : -1.5;
    } else if (word.charCodeAt(0) === 35 /* # */) {
      valence = hashtagValence(word.slice(1));
    } else if (!NEGATORS.has(word)) {
      valence = VALENCE.get(word) ?? 0;
    }
    if (valence !== 0) {
      // Boosters and negators in the three words before, within the clause.
      let scale = 1;
      for (let back = 1; back <= 3 && i - back >= 0; back++) {
        const prev = tokens[i - back] as Token;
        if (prev.clauseEnd || prev.word === '?' || prev.word === '!') break;
        const boost = BOOSTERS.get(prev.word);
        if (boost !== undefined && back === 1) scale *= boost;
        if (NEGATORS.has(prev.word) && !phrase) {
          // "never been so disappointed" intensifies rather than denies.
          const intensified =
            prev.word === 'never' &&
            back > 1 &&
            ['so', 'this', 'such', 'more'].includes((tokens[i - 1] as Token).word);
          scale *= intensified ? 1.25 : NEGATION_SCALAR;
          break;
        }
      }
      if (token.raw.length > 2 && token.raw === token.raw.toUpperCase() && /[A-Z]/.test(token.raw))
        scale *= 1.25;
      if (concession) scale *= 0.5;
      const v = valence * scale * sentenceWeight;
      sentence.push(v);
      if (v > 0 && POLITENESS.has(word)) politeness += v;
      hits++;
      if (v > 0) positive += v;
      else negative -= v;
    }
    if (token.clauseEnd) {
      concession = false;
      if (tokens[i + 1]?.sentenceStart) flush();
    }
    i += span - 1;
  }
  flush();
  // "Lied to my face at the gate. Thanks." — thanks beside a complaint is not praise.
  if (politeness > 0 && negative >= 1.5) {
    total -= politeness;
    positive -= politeness;
  }
  if (request && positive > 0) {
    total -= positive * (1 - REQUEST_POSITIVE_WEIGHT);
    positive *= REQUEST_POSITIVE_WEIGHT;
  }
  if (total !== 0 && exclamations > 0) total += Math.sign(total) * Math.min(exclamations, 4) * 0.292;
  const compound = total / Math.sqrt(total * total + 15);
  return { total, compound, hits, positive, negative, request };
}

const hashtagCache = new Map<string, number>();

/** "#unitedsucks" → -3, "#lovethiscrew" → 3: a known word inside the tag. */
function hashtagValence(tag: string): number {
  const whole = VALENCE.get(tag);
  if (whole !== undefined) return whole;
  let v = hashtagCache.get(tag);
  if (v === undefined) {
    v = 0;
    for (const [part, valence] of HASHTAG_PARTS) {
      if (tag.includes(part)) {
        v = valence;
        break;
      }
    }
    if (hashtagCache.size > 10_000) hashtagCache.clear();
    hashtagCache.set(tag, v);
  }
  return v;
}
