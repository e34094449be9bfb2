import type { Token } from './tokens.ts';

/**
 * Themes are found by phrases: a phrase is one or more words, and a word ending in `*` matches any
 * word it starts (`delay*` → delayed, delays). Organisations add their own themes with example
 * phrases, or add phrases to the default ones.
 */
export interface ThemeDefinition {
  key: string;
  name: string;
  phrases: readonly string[];
}

export const DEFAULT_THEMES: readonly ThemeDefinition[] = [
  {
    key: 'staff_attitude',
    name: 'Staff attitude and courtesy',
    phrases: [
      'rude*',
      'friendly',
      'unfriendly',
      'polite*',
      'impolite',
      'courteous',
      'courtesy',
      'discourteous',
      'attitude',
      'kind',
      'kindness',
      'smil*',
      'respect*',
      'disrespect*',
      'condescending',
      'arrogant',
      'caring',
      'welcoming',
      'warm',
      'sweet',
      'nasty',
      'mean',
      'yelled',
      'yelling',
      'flight attendant*',
      'attendant*',
      'staff',
      'crew',
      'employee*',
      'personnel',
      'cashier*',
      'waiter*',
      'waitress*',
      'receptionist*',
      'manners',
      'treated',
      'treat us',
      'treat me',
      'went out of',
      'above and beyond',
    ],
  },
  {
    key: 'competence',
    name: 'Competence and knowledge',
    phrases: [
      'knowledg*',
      'competen*',
      'incompeten*',
      'clueless',
      'no idea',
      'no clue',
      'expert*',
      'expertise',
      'trained',
      'untrained',
      'training',
      'skilled',
      'unskilled',
      'professional*',
      'unprofessional',
      "didn't know",
      'didnt know',
      "don't know",
      'wrong information',
      'misinform*',
      'solved',
      'resolved',
      'fixed',
      'sorted',
      'figured out',
      'useless',
      'helpful',
      'unhelpful',
    ],
  },
  {
    key: 'responsiveness',
    name: 'Responsiveness and waiting time',
    phrases: [
      'wait*',
      'on hold',
      'hold time',
      'hold for',
      'queue*',
      'line',
      'lines',
      'long line*',
      'respond*',
      'response*',
      'reply',
      'replied',
      'replies',
      'answer*',
      'call back',
      'callback',
      'call me back',
      'get through',
      'hung up',
      'hang up',
      'hangs up',
      'ignor*',
      'slow*',
      'quick*',
      'prompt*',
      'fast',
      'immediately',
      'right away',
      'took forever',
      'forever',
      'customer service',
      'customer care',
      'customer support',
      'support',
      'call center',
      'phone',
      'called',
      'calling',
      'dm',
      'dms',
      'minutes',
      'mins',
    ],
  },
  {
    key: 'reliability',
    name: 'Reliability and keeping promises',
    phrases: [
      'promis*',
      'follow up',
      'followed up',
      'follow-up',
      'never got',
      'never received',
      'never heard',
      'still have not',
      "still haven't",
      'still havent',
      'supposed to',
      'guarantee*',
      'reliab*',
      'unreliab*',
      'dependab*',
      'as agreed',
      'kept their word',
      'consistent*',
      'inconsistent',
      'every time',
      'again',
    ],
  },
  {
    key: 'communication',
    name: 'Communication and clarity',
    phrases: [
      'communicat*',
      'inform*',
      'update*',
      'explain*',
      'explanation',
      'clear*',
      'unclear',
      'notif*',
      'let us know',
      'let me know',
      'no one told',
      'nobody told',
      'told',
      'announce*',
      'email*',
      'text message',
      'message*',
      'status',
      'heads up',
      'transparen*',
      'mislead*',
    ],
  },
  {
    key: 'price_billing',
    name: 'Price and billing',
    phrases: [
      'price*',
      'pricing',
      'cost*',
      'expensive',
      'cheap*',
      'fee',
      'fees',
      'charg*',
      'overcharg*',
      'refund*',
      'bill',
      'billed',
      'billing',
      'invoice*',
      'money',
      'paid',
      'pay',
      'paying',
      'payment*',
      'fare*',
      'credit',
      'voucher*',
      'compensat*',
      'dollars',
      'value',
      'afford*',
      'reimburs*',
    ],
  },
  {
    key: 'product_quality',
    name: 'Product quality',
    phrases: [
      'quality',
      'defect*',
      'faulty',
      "doesn't work",
      'doesnt work',
      'not working',
      'stopped working',
      'seat',
      'seats',
      'food',
      'meal*',
      'snack*',
      'drink*',
      'beverage*',
      'coffee',
      'wifi',
      'wi-fi',
      'entertainment',
      'movie*',
      'tv',
      'legroom',
      'leg room',
      'uncomfortable',
      'comfort*',
      'dirty',
      'smell*',
      'temperature',
      'broken',
      'plane',
      'aircraft',
      'product*',
      'taste*',
      'tasty',
      'flight was',
      'turbulence',
    ],
  },
  {
    key: 'delivery_timeliness',
    name: 'Delivery and timeliness',
    phrases: [
      'late',
      'delay*',
      'on time',
      'ontime',
      'arriv*',
      'deliver*',
      'shipping',
      'shipped',
      'schedul*',
      'depart*',
      'missed connection',
      'missed my connection',
      'misconnect*',
      'connection*',
      'connecting',
      'tarmac',
      'taxi*',
      'took off',
      'landed',
      'early',
      'hours',
      'hrs',
      'overnight',
      'stuck',
      'stranded',
    ],
  },
  {
    key: 'cancellations_changes',
    name: 'Cancellations and changes',
    phrases: [
      'cancel*',
      'cancellation*',
      'rebook*',
      're-book*',
      'reschedul*',
      'postpon*',
      'change*',
      'changing',
      'switch*',
      'moved my',
      'rerout*',
      'standby',
    ],
  },
  {
    key: 'lost_damaged',
    name: 'Lost or damaged items',
    phrases: [
      'lost',
      'lose',
      'losing',
      'missing',
      'damag*',
      'luggage',
      'bag',
      'bags',
      'baggage',
      'suitcase*',
      'stolen',
      'never arrived',
      'broke',
      'destroyed',
      'ripped',
      'claim',
      'package*',
      'parcel*',
    ],
  },
  {
    key: 'booking_account',
    name: 'Booking and account',
    phrases: [
      'book',
      'booked',
      'booking*',
      'reservation*',
      'account*',
      'login',
      'log in',
      'password',
      'website',
      'online',
      'check in',
      'check-in',
      'checkin',
      'confirmation*',
      'ticket*',
      'itinerary',
      'sign in',
      'points',
      'miles',
      'mileage',
      'member*',
      'rewards',
      'upgrade*',
      'order*',
      'subscription*',
    ],
  },
  {
    key: 'ease_of_use',
    name: 'Ease of use',
    phrases: [
      'easy',
      'easier',
      'easily',
      'difficult',
      'complicated',
      'confus*',
      'simple',
      'hassle*',
      'intuitive',
      'user friendly',
      'navigat*',
      'process',
      'form',
      'forms',
      'app',
      'site',
      'kiosk*',
      'seamless*',
      'convenien*',
      'inconvenien*',
      'steps',
    ],
  },
  {
    key: 'facilities',
    name: 'Facilities',
    phrases: [
      'lounge*',
      'gate',
      'gates',
      'terminal*',
      'airport*',
      'parking',
      'bathroom*',
      'restroom*',
      'toilet*',
      'building',
      'office',
      'branch',
      'store',
      'shop',
      'facilit*',
      'clean',
      'cleanliness',
      'seating area',
      'waiting area',
      'room',
      'lobby',
      'elevator*',
      'jetway',
      'jet bridge',
      'security',
    ],
  },
];

export interface ThemeMatch {
  key: string;
  name: string;
  /** Offsets into the original text of every phrase that matched. */
  spans: Array<{ start: number; end: number; phrase: string }>;
}

interface Pattern {
  words: string[];
  /** Per word: true when it is a prefix (`delay*`). */
  prefix: boolean[];
  theme: number;
  phrase: string;
}

/**
 * Compiles theme definitions once; matching a comment is then a Map read per word (prefix
 * patterns are resolved per distinct word and remembered).
 */
export class ThemeMatcher {
  readonly themes: readonly ThemeDefinition[];
  private readonly exact = new Map<string, Pattern[]>();
  private readonly prefixes: Pattern[] = [];
  private readonly resolved = new Map<string, readonly Pattern[]>();

  constructor(themes: readonly ThemeDefinition[]) {
    this.themes = themes;
    themes.forEach((theme, t) => {
      for (const phrase of theme.phrases) {
        const raw = phrase.toLowerCase().trim().split(/\s+/).filter(Boolean);
        if (raw.length === 0) continue;
        const pattern: Pattern = {
          words: raw.map((w) => w.replace(/\*$/, '')),
          prefix: raw.map((w) => w.endsWith('*')),
          theme: t,
          phrase,
        };
        if (pattern.prefix[0]) this.prefixes.push(pattern);
        else {
          const list = this.exact.get(pattern.words[0] as string) ?? [];
          list.push(pattern);
          this.exact.set(pattern.words[0] as string, list);
        }
      }
    });
  }

  private candidates(word: string): readonly Pattern[] {
    let found = this.resolved.get(word);
    if (found) return found;
    const list = [...(this.exact.get(word) ?? [])];
    for (const p of this.prefixes) if (word.startsWith(p.words[0] as string)) list.push(p);
    // Longest phrase first, so "on hold" wins over a one-word pattern at the same place.
    list.sort((a, b) => b.words.length - a.words.length);
    found = list;
    if (this.resolved.size > 50_000) this.resolved.clear();
    this.resolved.set(word, found);
    return found;
  }

  match(tokens: readonly Token[]): ThemeMatch[] {
    const byTheme = new Map<number, ThemeMatch>();
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.candidates((tokens[i] as Token).word);
      for (const p of candidates) {
        let ok = true;
        for (let j = 1; j < p.words.length; j++) {
          const w = tokens[i + j]?.word;
          const want = p.words[j] as string;
          if (w === undefined || (p.prefix[j] ? !w.startsWith(want) : w !== want)) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        const theme = this.themes[p.theme] as ThemeDefinition;
        let m = byTheme.get(p.theme);
        if (!m) {
          m = { key: theme.key, name: theme.name, spans: [] };
          byTheme.set(p.theme, m);
        }
        const last = tokens[i + p.words.length - 1] as Token;
        m.spans.push({ start: (tokens[i] as Token).start, end: last.end, phrase: p.phrase });
      }
    }
    // Most evidence first; ties keep taxonomy order.
    return [...byTheme.entries()]
      .sort((a, b) => b[1].spans.length - a[1].spans.length || a[0] - b[0])
      .map((e) => e[1]);
  }
}

/** Default themes plus an organisation's own: same key adds phrases, a new key adds a theme. */
export function mergeThemes(
  base: readonly ThemeDefinition[],
  extra: readonly ThemeDefinition[],
): ThemeDefinition[] {
  const merged = base.map((t) => ({ ...t, phrases: [...t.phrases] }));
  for (const theme of extra) {
    const existing = merged.find((t) => t.key === theme.key);
    if (existing) existing.phrases.push(...theme.phrases);
    else merged.push({ ...theme, phrases: [...theme.phrases] });
  }
  return merged;
}
