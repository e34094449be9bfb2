/**
 * Finding the colleague a customer names in a comment, against the roster of the team that served
 * them, without text analytics: "Alex sorted my boiler" praises Alex of the team that came.
 */

export interface RosterPerson {
  id: string;
  name: string;
  preferredName: string | null;
  /** Named on the interaction as having served this customer. */
  served: boolean;
}

// First names that are also everyday words: only counted when written as a name mid-sentence.
const WORD_NAMES = new Set([
  'will',
  'may',
  'mark',
  'bill',
  'grace',
  'hope',
  'faith',
  'joy',
  'rose',
  'june',
  'april',
  'august',
  'sue',
  'pat',
  'rob',
  'art',
  'guy',
  'max',
  'ray',
  'dawn',
  'summer',
  'frank',
  'jack',
  'sunny',
  'drew',
  'miles',
  'chase',
  'sky',
]);

/** Lowercase without accents: "Lucía" and "lucia" are one name. */
export const foldName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

interface Word {
  text: string;
  folded: string;
  capitalised: boolean;
  sentenceStart: boolean;
}

function wordsOf(comment: string): Word[] {
  const words: Word[] = [];
  let sentenceStart = true;
  for (const match of comment.matchAll(/[\p{L}][\p{L}\p{M}'’-]*|[.!?]+/gu)) {
    const text = match[0];
    if (/^[.!?]+$/.test(text)) {
      sentenceStart = true;
      continue;
    }
    // "Alex's" names Alex.
    const bare = text.replace(/['’]s$/u, '');
    words.push({
      text: bare,
      folded: foldName(bare),
      capitalised: /^\p{Lu}/u.test(bare),
      sentenceStart,
    });
    sentenceStart = false;
  }
  return words;
}

const firstToken = (name: string) => foldName(name.trim().split(/\s+/)[0] ?? '');
const lastToken = (name: string) => foldName(name.trim().split(/\s+/).at(-1) ?? '');

/**
 * The roster people a comment names by first (or preferred) name. A word counts as a name when it
 * is capitalised or names someone who served; a first name shared by several people counts only
 * when the surname follows it or exactly one of them served; otherwise nobody is guessed.
 */
export function findNamedPeople(comment: string, roster: readonly RosterPerson[]): string[] {
  const words = wordsOf(comment);
  const byName = new Map<string, RosterPerson[]>();
  for (const person of roster) {
    const names = new Set([firstToken(person.name)]);
    if (person.preferredName) names.add(firstToken(person.preferredName));
    for (const n of names) {
      if (n.length < 2) continue;
      const list = byName.get(n) ?? [];
      if (!list.some((p) => p.id === person.id)) list.push(person);
      byName.set(n, list);
    }
  }
  const named = new Set<string>();
  words.forEach((word, i) => {
    const candidates = byName.get(word.folded);
    if (!candidates) return;
    if (WORD_NAMES.has(word.folded) && (!word.capitalised || word.sentenceStart)) return;
    const next = words[i + 1];
    const bySurname = next ? candidates.filter((p) => lastToken(p.name) === next.folded) : [];
    let chosen: RosterPerson[];
    if (bySurname.length === 1) chosen = bySurname;
    else if (candidates.length === 1) chosen = candidates;
    else {
      const served = candidates.filter((p) => p.served);
      chosen = served.length === 1 ? served : [];
    }
    for (const person of chosen) if (word.capitalised || person.served) named.add(person.id);
  });
  return [...named];
}
