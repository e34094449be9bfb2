import { describe, expect, it } from 'vitest';
import { categoryOf, type LoyaltyFacts, loyaltyStatus } from './loyalty.service.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const facts = (f: Partial<LoyaltyFacts>): LoyaltyFacts => ({
  lastScore: null,
  lastCase: null,
  interactionAfterLastScore: false,
  lostAfterDays: 90,
  ...f,
});
const status = (f: Partial<LoyaltyFacts>) => loyaltyStatus(facts(f), now).status;

describe('loyaltyStatus', () => {
  it('reads the last score on its own scale', () => {
    expect(status({ lastScore: { surveyKind: 'nps', score: 9, at: daysAgo(1) } })).toBe('promoter');
    expect(status({ lastScore: { surveyKind: 'nps', score: 7, at: daysAgo(1) } })).toBe('passive');
    expect(status({ lastScore: { surveyKind: 'nps', score: 6, at: daysAgo(1) } })).toBe('detractor');
    expect(status({ lastScore: { surveyKind: 'ces', score: 1, at: daysAgo(1) } })).toBe('promoter');
    expect(status({})).toBe('unknown');
    expect(categoryOf('csat', 3)).toBe('passive');
    expect(categoryOf('ces', 5)).toBe('detractor');
    expect(categoryOf('custom', 4)).toBeNull();
  });

  it('goes detractor → at risk → recovered → lost', () => {
    const detractor = { surveyKind: 'nps', score: 3, at: daysAgo(10) };
    expect(status({ lastScore: detractor })).toBe('detractor');
    expect(
      status({ lastScore: detractor, lastCase: { status: 'new', outcome: null, resolvedAt: null } }),
    ).toBe('at_risk');
    const recovered = { status: 'resolved', outcome: 'recovered' as const, resolvedAt: daysAgo(5) };
    expect(status({ lastScore: detractor, lastCase: recovered })).toBe('recovered');
    // A new bad score after the recovery undoes it; a good one after it shows the score.
    expect(status({ lastScore: { ...detractor, at: daysAgo(1) }, lastCase: recovered })).toBe('detractor');
    expect(status({ lastScore: { surveyKind: 'nps', score: 10, at: daysAgo(1) }, lastCase: recovered })).toBe(
      'recovered',
    );
    const lost = { status: 'closed', outcome: 'lost' as const, resolvedAt: daysAgo(5) };
    expect(status({ lastScore: detractor, lastCase: lost })).toBe('lost');
    // Won back after being lost: a good score after the case.
    expect(status({ lastScore: { surveyKind: 'nps', score: 9, at: daysAgo(1) }, lastCase: lost })).toBe(
      'promoter',
    );
  });

  it('counts a detractor who went silent for the configured days as lost', () => {
    const old = { surveyKind: 'nps', score: 2, at: daysAgo(91) };
    expect(status({ lastScore: old })).toBe('lost');
    expect(status({ lastScore: old, interactionAfterLastScore: true })).toBe('detractor');
    expect(status({ lastScore: old, lostAfterDays: 120 })).toBe('detractor');
  });
});
