import type { Token } from './tokens.ts';

/**
 * Employee mentions: a comment names someone on the roster by first name, preferred name,
 * nickname ("Bob" for Robert), full name, or with a one-letter typo. Names that are also ordinary
 * words ("will", "grace", "mark") count only where the context makes them a person.
 */
export interface RosterEntry {
  id: string;
  firstName: string;
  lastName: string;
  preferredName?: string | null;
}

export interface Mention {
  employeeId: string;
  /** The roster name, e.g. "Robert Smith". */
  name: string;
  /** The words in the comment, e.g. "Bob". */
  text: string;
  start: number;
  end: number;
}

// Formal name → the short forms people use. Both directions are indexed.
const NICKNAMES: Record<string, string> = {
  robert: 'bob bobby rob robbie bert',
  william: 'will bill billy willy liam',
  richard: 'rick ricky dick rich richie',
  james: 'jim jimmy jamie',
  john: 'johnny jack jon',
  jonathan: 'jon jonny',
  michael: 'mike mikey mick',
  thomas: 'tom tommy',
  joseph: 'joe joey',
  charles: 'charlie chuck chas',
  christopher: 'chris topher',
  daniel: 'dan danny',
  matthew: 'matt matty',
  anthony: 'tony',
  andrew: 'andy drew',
  edward: 'ed eddie ted ned',
  benjamin: 'ben benny',
  samuel: 'sam sammy',
  alexander: 'alex al xander',
  nicholas: 'nick nicky',
  stephen: 'steve stevie',
  steven: 'steve stevie',
  timothy: 'tim timmy',
  patrick: 'pat paddy',
  gregory: 'greg',
  jeffrey: 'jeff',
  kenneth: 'ken kenny',
  ronald: 'ron ronnie',
  donald: 'don donnie',
  douglas: 'doug',
  raymond: 'ray',
  lawrence: 'larry',
  gerald: 'gerry jerry',
  peter: 'pete',
  frederick: 'fred freddie',
  francis: 'frank frankie',
  henry: 'hank harry',
  harold: 'harry hal',
  theodore: 'ted teddy theo',
  zachary: 'zach zack',
  joshua: 'josh',
  nathan: 'nate',
  nathaniel: 'nate nat',
  jacob: 'jake',
  david: 'dave davey',
  phillip: 'phil',
  philip: 'phil',
  leonard: 'len lenny leo',
  elizabeth: 'liz lizzie beth betty eliza libby',
  katherine: 'kate katie kathy kat',
  catherine: 'cathy kate katie cat',
  margaret: 'maggie meg peggy marge',
  jennifer: 'jen jenny',
  jessica: 'jess jessie',
  rebecca: 'becky becca',
  deborah: 'deb debbie',
  patricia: 'pat patty trish',
  susan: 'sue susie',
  suzanne: 'sue suzy',
  victoria: 'vicky tori',
  christine: 'chris chrissy tina',
  christina: 'chris tina',
  kimberly: 'kim',
  samantha: 'sam sammy',
  alexandra: 'alex lexi sasha',
  abigail: 'abby',
  dorothy: 'dot dottie',
  barbara: 'barb barbie',
  jacqueline: 'jackie',
  pamela: 'pam',
  cynthia: 'cindy',
  theresa: 'terry tess',
  judith: 'judy',
  melissa: 'mel missy',
  amanda: 'mandy',
  stephanie: 'steph',
  allison: 'ally allie',
  gabriel: 'gabe',
  gabriella: 'gabby ella',
  isabella: 'bella izzy',
  eleanor: 'ellie nora',
  josephine: 'jo josie',
  veronica: 'ronnie vera',
  antonio: 'tony',
  francisco: 'paco frank',
  jose: 'pepe',
  alejandro: 'alex',
  guillermo: 'memo',
};

const VARIANTS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    const set = map.get(a) ?? new Set<string>();
    set.add(b);
    map.set(a, set);
  };
  for (const [formal, shorts] of Object.entries(NICKNAMES)) {
    for (const short of shorts.split(' ')) {
      add(formal, short);
      add(short, formal);
    }
  }
  return map;
})();

/**
 * First names that are also everyday English words. Matching them needs evidence that a person
 * is meant: a surname after, a capital inside a sentence, or a cue such as "thanks" or "by".
 */
const ORDINARY_WORDS = new Set(
  'will bill grace mark hope faith joy may june april august rose lily iris ivy summer autumn dawn eve ray jack frank pat sue rob art chip rich rusty sandy sunny penny ruby amber crystal pearl daisy heather holly max sky river hunter chase drew gene cliff glen dean miles sterling guy earl bob don jean rob rock stone wade warren wood fern flora sage major page reed brook brooks colt king carter bishop neil nick mike doc buck win hank kit pepper cat dot tim ed al mo jo'.split(
    ' ',
  ),
);

// Words right before a name that say a person is meant ("thanks Will", "helped by Grace").
const PERSON_CUES = new Set([
  'thanks',
  'thank',
  'thx',
  'by',
  'from',
  'agent',
  'rep',
  'representative',
  'named',
  'called',
  'ask',
  'asked',
  'shoutout',
  'kudos',
  'tech',
  'technician',
  'nurse',
  'doctor',
  'dr',
  'mr',
  'mrs',
  'ms',
  'miss',
]);
// Words right after a name that say a person is meant ("Will was great", "Grace helped").
const PERSON_FOLLOWERS = new Set([
  'was',
  'is',
  'helped',
  'fixed',
  'explained',
  'made',
  'went',
  'took',
  'answered',
  'solved',
  'sorted',
  'called',
  'said',
  'told',
  'did',
  'has',
  'at',
  'from',
  'in',
  'on',
  'who',
  'and',
]);

interface NameKey {
  entry: RosterEntry;
  /** The roster's form of this name (e.g. "Robert" for a match on "bob"). */
  display: string;
}

/** Edit distance ≤ 1 (one letter inserted, removed, changed, or two neighbours swapped). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < la; i++) {
      if (a[i] !== b[i]) {
        if (diffs === 0) first = i;
        diffs++;
        if (diffs > 2) return false;
      }
    }
    if (diffs === 1) return true;
    // A swap of two neighbours ("Jonh").
    return diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first] && first + 1 < la;
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < short.length && j < long.length) {
    if (short[i] === long[j]) {
      i++;
      j++;
    } else if (skipped) return false;
    else {
      skipped = true;
      j++;
    }
  }
  return true;
}

export interface MentionMatcher {
  match(tokens: readonly Token[]): Mention[];
}

export function createMentionMatcher(
  roster: readonly RosterEntry[],
  isWord: (w: string) => boolean,
): MentionMatcher {
  const first = new Map<string, NameKey[]>();
  const last = new Map<string, RosterEntry[]>();
  const add = (key: string, value: NameKey) => {
    const list = first.get(key) ?? [];
    if (!list.some((v) => v.entry.id === value.entry.id)) list.push(value);
    first.set(key, list);
  };
  for (const entry of roster) {
    const given = [entry.firstName, entry.preferredName].filter((n): n is string => !!n);
    for (const name of given) {
      const lower = name.toLowerCase();
      add(lower, { entry, display: name });
      for (const v of VARIANTS.get(lower) ?? []) add(v, { entry, display: name });
    }
    const surname = entry.lastName.toLowerCase();
    if (surname) last.set(surname, [...(last.get(surname) ?? []), entry]);
  }
  // Typos are looked for only among names of four letters or more: shorter ones are too close
  // to other words ("Ann"/"and").
  const typoKeys = [...first.keys()].filter((k) => k.length >= 4);

  const lookup = (word: string, allowTypo: boolean): NameKey[] | undefined => {
    const exact = first.get(word);
    if (exact) return exact;
    if (!allowTypo || word.length < 4 || isWord(word)) return undefined;
    const found: NameKey[] = [];
    for (const key of typoKeys) if (withinOneEdit(word, key)) found.push(...(first.get(key) ?? []));
    return found.length > 0 ? found : undefined;
  };

  return {
    match(tokens) {
      const mentions: Mention[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as Token;
        const capitalised = /^[A-Z\u00C0-\u00DE]/.test(token.raw);
        const next = tokens[i + 1];
        const prev = tokens[i - 1];
        // A surname alone (e.g. "Ms Okafor") also names someone.
        const bySurname = capitalised ? last.get(token.word) : undefined;
        const candidates = lookup(token.word, capitalised);
        if (!candidates && !bySurname) continue;

        const surnameNext = next && candidates?.filter((c) => c.entry.lastName.toLowerCase() === next.word);
        if (surnameNext && surnameNext.length > 0) {
          for (const c of surnameNext)
            mentions.push(mention(c.entry, token, next as Token, `${token.raw} ${(next as Token).raw}`));
          i++;
          continue;
        }
        if (!candidates) {
          const honorific = prev && ['mr', 'mrs', 'ms', 'miss', 'dr'].includes(prev.word);
          if (honorific && bySurname?.length === 1)
            mentions.push(mention(bySurname[0] as RosterEntry, token, token, token.raw));
          continue;
        }
        const personContext =
          (capitalised && !token.sentenceStart) ||
          (prev !== undefined && PERSON_CUES.has(prev.word)) ||
          (next !== undefined && (next.raw === ',' || PERSON_FOLLOWERS.has(next.word)) && capitalised);
        const ordinary = ORDINARY_WORDS.has(token.word) || isWord(token.word);
        const isTypo = !first.has(token.word);
        if ((ordinary || isTypo) && !personContext) continue;
        // Two people share the name and nothing says which: report neither rather than guess.
        const people = new Map(candidates.map((c) => [c.entry.id, c]));
        if (people.size !== 1) continue;
        const only = [...people.values()][0] as NameKey;
        mentions.push(mention(only.entry, token, token, token.raw));
      }
      return dedupe(mentions);
    },
  };
}

function mention(entry: RosterEntry, from: Token, to: Token, text: string): Mention {
  const name = `${entry.preferredName || entry.firstName} ${entry.lastName}`.trim();
  return { employeeId: entry.id, name, text, start: from.start, end: to.end };
}

function dedupe(mentions: Mention[]): Mention[] {
  const seen = new Set<string>();
  return mentions.filter((m) => {
    const key = `${m.employeeId}:${m.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
