/**
 * Tokens carry their offsets in the original text, so themes and mentions can be highlighted
 * where they were found. `word` is lower-cased with curly apostrophes straightened; `raw` keeps
 * the writer's capitals, which name matching reads.
 */
export interface Token {
  word: string;
  raw: string;
  start: number;
  end: number;
  /** Punctuation that closes a clause (, . ; ! ?) follows this token. */
  clauseEnd: boolean;
  /** First word of a sentence (capitals there say nothing about names). */
  sentenceStart: boolean;
}

// Words (with inner apostrophes and hyphens), numbers with a decimal or time separator, emoticons,
// clause punctuation, emoji. @handles, #tags and links are matched so they can be skipped as one.
const TOKEN =
  /https?:\/\/\S+|[@#][\w]+|[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*(?:-[A-Za-z\u00C0-\u024F]+)*|\d+(?:[.:,]\d+)?|[:;=]-?[)(DPp/\\]|<3|[.!?]+|[,;]|\p{Extended_Pictographic}/gu;

const HTML_ENTITIES = new Set(['amp', 'gt', 'lt', 'quot', 'apos', 'nbsp']);

const EMOTICONS = new Map<string, string>([
  [':)', ':)'],
  [':-)', ':)'],
  ['=)', ':)'],
  [';)', ':)'],
  [';-)', ':)'],
  [':d', ':)'],
  [':-d', ':)'],
  [':p', ':)'],
  ['<3', '<3'],
  [':(', ':('],
  [':/', ':('],
  [':-/', ':('],
  [':\\', ':('],
  [':-(', ':('],
  ['=(', ':('],
]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentenceStart = true;
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const start = match.index;
    const first = raw.charCodeAt(0);
    // Clause and sentence punctuation marks the previous token instead of becoming one.
    if (raw === ',' || raw === ';' || first === 46 /* . */ || first === 33 /* ! */ || first === 63 /* ? */) {
      const last = tokens[tokens.length - 1];
      if (last) last.clauseEnd = true;
      if (raw !== ',' && raw !== ';') sentenceStart = true;
      if (first === 33 || first === 63) tokens.push(mark(raw, start));
      continue;
    }
    if (first === 64 /* @ */ || first === 35 /* # */ || raw.startsWith('http')) {
      // A hashtag's words still say something (#fail, #thankyou); a handle or link does not.
      if (first === 35) {
        tokens.push({
          word: `#${raw.slice(1).toLowerCase()}`,
          raw,
          start,
          end: start + raw.length,
          clauseEnd: false,
          sentenceStart: false,
        });
      }
      continue;
    }
    // HTML entities left in exported text ("&amp;") are not words.
    if (text.charCodeAt(start - 1) === 38 /* & */ && HTML_ENTITIES.has(raw)) continue;
    const lower = raw.toLowerCase().replace(/’/g, "'");
    const word = EMOTICONS.get(lower) ?? lower;
    tokens.push({ word, raw, start, end: start + raw.length, clauseEnd: false, sentenceStart });
    sentenceStart = false;
  }
  return tokens;
}

/** "!" and "?" stay as tokens: they amplify sentiment and mark questions. */
function mark(raw: string, start: number): Token {
  return {
    word: raw.includes('?') ? '?' : '!',
    raw,
    start,
    end: start + raw.length,
    clauseEnd: true,
    sentenceStart: false,
  };
}
