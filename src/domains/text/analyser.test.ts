import { describe, expect, it } from 'vitest';
import { createAnalyser, isKnownWord } from './analyser.ts';
import { createMentionMatcher, type RosterEntry, withinOneEdit } from './mentions.ts';
import { DEFAULT_THEMES, mergeThemes } from './themes.ts';
import { tokenize } from './tokens.ts';

const roster: RosterEntry[] = [
  { id: 'robert', firstName: 'Robert', lastName: 'Smith' },
  { id: 'will', firstName: 'William', lastName: 'Turner' },
  { id: 'grace', firstName: 'Grace', lastName: 'Okafor' },
  { id: 'mark', firstName: 'Mark', lastName: 'Chen' },
  { id: 'priya', firstName: 'Priyanka', lastName: 'Shah', preferredName: 'Priya' },
  { id: 'jonathan', firstName: 'Jonathan', lastName: 'Reyes' },
];
const matcher = createMentionMatcher(roster, isKnownWord);
const mentioned = (text: string) => matcher.match(tokenize(text)).map((m) => m.employeeId);

describe('sentiment', () => {
  const analyser = createAnalyser();
  const sentiment = (text: string) => analyser.analyse(text).sentiment;

  it('reads plain praise and plain complaints', () => {
    expect(sentiment('The staff were friendly and helpful, great service')).toBe('positive');
    expect(sentiment('Terrible service, the agent was rude')).toBe('negative');
  });

  it('lets what follows "but" outweigh what came before', () => {
    expect(sentiment('friendly, but I waited 40 minutes')).toBe('negative');
    expect(sentiment('The food was cold but the staff were wonderful and kind')).toBe('positive');
    expect(sentiment('Although the queue was long, the team were amazing')).toBe('positive');
  });

  it('flips words after a negation', () => {
    expect(sentiment('The agent was not helpful at all')).toBe('negative');
    expect(sentiment('Not bad, no problems with my order')).not.toBe('negative');
    expect(sentiment('I have never been so disappointed')).toBe('negative');
  });

  it('calls questions and requests without opinion neutral', () => {
    expect(sentiment('What time does the branch open on Saturday?')).toBe('neutral');
    expect(sentiment('Please send me the invoice for March, thanks')).toBe('neutral');
    expect(sentiment('I picked up my parcel on Tuesday')).toBe('neutral');
  });

  it('does not take thanks beside a complaint for praise', () => {
    expect(sentiment('Lost my bag and nobody called back. Thanks a lot.')).toBe('negative');
  });

  it('scores between -1 and 1 with the sign of the sentiment', () => {
    const good = analyser.analyse('Absolutely fantastic, thank you!');
    const bad = analyser.analyse('Worst experience ever, never again');
    expect(good.score).toBeGreaterThan(0.5);
    expect(bad.score).toBeLessThan(-0.5);
    expect(good.praise && !good.complaint).toBe(true);
    expect(bad.complaint && !bad.praise).toBe(true);
  });
});

describe('themes', () => {
  it('finds default themes with the spans of their phrases', () => {
    const text = 'I was on hold for an hour and then they charged me twice';
    const themes = createAnalyser().analyse(text).themes;
    const keys = themes.map((t) => t.key);
    expect(keys).toContain('responsiveness');
    expect(keys).toContain('price_billing');
    const hold = themes.find((t) => t.key === 'responsiveness')?.spans[0];
    expect(hold && text.slice(hold.start, hold.end)).toBe('on hold');
  });

  it('takes an organisation theme with its example phrases', () => {
    const themes = mergeThemes(DEFAULT_THEMES, [
      { key: 'pharmacy', name: 'Pharmacy', phrases: ['prescription*', 'pharmacist'] },
    ]);
    const keys = createAnalyser({ themes })
      .analyse('My prescriptions were ready on time')
      .themes.map((t) => t.key);
    expect(keys).toContain('pharmacy');
    expect(keys).toContain('delivery_timeliness');
  });
});

describe('mentions', () => {
  it('matches first names, full names and preferred names', () => {
    expect(mentioned('Robert sorted it out in minutes')).toEqual(['robert']);
    expect(mentioned('thanks to Robert Smith at the desk')).toEqual(['robert']);
    expect(mentioned('Priya was lovely')).toEqual(['priya']);
  });

  it('matches nicknames', () => {
    expect(mentioned('Bob at the counter was great')).toEqual(['robert']);
    expect(mentioned('Thanks Will for the quick fix')).toEqual(['will']);
    expect(mentioned('big thanks to Jon')).toEqual(['jonathan']);
  });

  it('matches a one-letter typo of a name', () => {
    expect(mentioned('Thanks Robret for your help')).toEqual(['robert']);
    expect(mentioned('the agent, Jonathon, was kind')).toEqual(['jonathan']);
  });

  it('does not take ordinary words for names', () => {
    expect(mentioned('I will come back next week')).toEqual([]);
    expect(mentioned('Will you open on Sunday?')).toEqual([]);
    expect(mentioned('they handled it with grace and speed')).toEqual([]);
    expect(mentioned('the price was way off the mark')).toEqual([]);
    expect(mentioned('Mark my words, never again')).toEqual([]);
  });

  it('takes ordinary-word names as people where the context says so', () => {
    expect(mentioned('Served by Grace, who was patient')).toEqual(['grace']);
    expect(mentioned('I spoke to Mark Chen yesterday')).toEqual(['mark']);
    expect(mentioned('The lady, Grace, fixed everything')).toEqual(['grace']);
  });

  it('compares names within one edit', () => {
    expect(withinOneEdit('robert', 'robret')).toBe(true);
    expect(withinOneEdit('robert', 'robertt')).toBe(true);
    expect(withinOneEdit('robert', 'rupert')).toBe(false);
  });
});

describe('negation edge cases', () => {
  it('reads "not so good" as not positive', () => {
    expect(createAnalyser().analyse('The service was not so good').sentiment).not.toBe('positive');
  });
});
