import { describe, expect, it } from 'vitest';
import { findNamedPeople, type RosterPerson } from './name-match.ts';
import { allowancePeriod, localDate } from './period.ts';

const person = (id: string, name: string, extra: Partial<RosterPerson> = {}): RosterPerson => ({
  id,
  name,
  preferredName: null,
  served: false,
  ...extra,
});

describe('findNamedPeople', () => {
  const roster = [
    person('alex', 'Alex Brown'),
    person('lucia', 'Lucía Moreno'),
    person('sam-a', 'Sam Adeyemi'),
    person('sam-b', 'Sam Bauer'),
    person('will', 'Will Carter'),
    person('ben', 'Benjamin Ortiz', { preferredName: 'Ben' }),
  ];

  it('finds a first name, accents or not, and possessives', () => {
    expect(findNamedPeople('Alex sorted my boiler in no time', roster)).toEqual(['alex']);
    expect(findNamedPeople('Thanks to Lucia, great service', roster)).toEqual(['lucia']);
    expect(findNamedPeople("Alex's patience was amazing", roster)).toEqual(['alex']);
    expect(findNamedPeople('Ben was brilliant', roster)).toEqual(['ben']);
  });

  it('ignores lowercase words unless the person served the customer', () => {
    expect(findNamedPeople('alex was great', roster)).toEqual([]);
    const served = roster.map((p) => (p.id === 'alex' ? { ...p, served: true } : p));
    expect(findNamedPeople('alex was great', served)).toEqual(['alex']);
  });

  it('does not guess between two people with one first name', () => {
    expect(findNamedPeople('Sam was great', roster)).toEqual([]);
    expect(findNamedPeople('Sam Bauer was great', roster)).toEqual(['sam-b']);
    const served = roster.map((p) => (p.id === 'sam-a' ? { ...p, served: true } : p));
    expect(findNamedPeople('Sam was great', served)).toEqual(['sam-a']);
  });

  it('reads names that are everyday words only as names mid-sentence', () => {
    expect(findNamedPeople('Will recommend you to everyone', roster)).toEqual([]);
    expect(findNamedPeople('I will recommend you', roster)).toEqual([]);
    expect(findNamedPeople('The engineer, Will, was superb', roster)).toEqual(['will']);
  });

  it('finds nobody in a comment without names', () => {
    expect(findNamedPeople('Quick and friendly, thank you!', roster)).toEqual([]);
  });
});

describe('allowancePeriod', () => {
  it('uses the organisation’s time zone for the month', () => {
    const at = new Date('2026-03-31T23:30:00Z');
    expect(allowancePeriod(at, 'UTC')).toBe('2026-03');
    expect(allowancePeriod(at, 'Europe/Berlin')).toBe('2026-04');
    expect(allowancePeriod(new Date('2026-04-01T03:00:00Z'), 'America/New_York')).toBe('2026-03');
  });
  it('gives the local date', () => {
    expect(localDate(new Date('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2027,
      monthDay: '01-01',
      iso: '2027-01-01',
    });
  });
});
