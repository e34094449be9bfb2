import { describe, expect, it } from 'vitest';
import { correlations, relativeWeights } from './drivers.ts';
import { rankFairly, type Subject } from './fair-ranking.ts';
import {
  addTally,
  compareEstimates,
  correlationWithInterval,
  emptyTally,
  estimate,
  fieldsOfMetric,
  fisherInterval,
  METRICS,
  momentsOf,
  normalCdf,
  projectTrend,
  type Tally,
} from './statistics.ts';

const tally = (t: Partial<Tally>): Tally => ({ ...emptyTally(), ...t });
/** NPS moments of P promoters, A passives and D detractors. */
const nps = (p: number, a: number, d: number) =>
  momentsOf(tally({ promoters: p, passives: a, detractors: d, scored: p + a + d }), 'nps');

describe('tallies', () => {
  it('adds every field (addTally is written out field by field, so a new field must be added there)', () => {
    const ones = Object.fromEntries(Object.keys(emptyTally()).map((k) => [k, 1])) as unknown as Tally;
    const twos = Object.fromEntries(Object.keys(emptyTally()).map((k) => [k, 2]));
    expect(addTally({ ...ones }, ones)).toEqual(twos);
  });

  it.each(METRICS)('fieldsOfMetric(%s) names every field its moments read', (metric) => {
    const full: Tally = {
      responses: 91,
      scored: 83,
      promoters: 40,
      passives: 25,
      detractors: 18,
      scoreSum: 577,
      scoreSqSum: 4711,
      satisfied: 61,
      cesSum: 299,
    };
    const only = emptyTally();
    for (const f of fieldsOfMetric(metric)) only[f] = full[f];
    expect(momentsOf(only, metric)).toEqual(momentsOf(full, metric));
  });
});

describe('NPS with its margin of error', () => {
  it('matches the hand-worked example: 100 promoters, 60 passives, 40 detractors', () => {
    // p = 0.5, d = 0.2: NPS = 30; SE = 100·√((0.5 + 0.2 − 0.3²)/200) = 100·√(0.61/200) = 5.52268;
    // margin = 1.96 × 5.52268 = 10.8245.
    const e = estimate(nps(100, 60, 40), 'nps');
    expect(e.value).toBeCloseTo(30, 10);
    expect(e.standardError).toBeCloseTo(5.52268, 5);
    expect(e.marginOfError).toBeCloseTo(10.8245, 3);
    expect(e.low).toBeCloseTo(19.1755, 3);
    expect(e.high).toBeCloseTo(40.8245, 3);
    expect(e.status).toBe('ok');
  });

  it('clamps the interval to −100…100 and flags fewer than 30 answers', () => {
    const e = estimate(nps(9, 1, 0), 'nps');
    expect(e.value).toBe(90);
    // p = 0.9, d = 0: SE = 100·√((0.9 − 0.81)/10) = 9.4868; high would be 108.6.
    expect(e.standardError).toBeCloseTo(9.48683, 4);
    expect(e.high).toBe(100);
    expect(e.status).toBe('too_few_responses');
    expect(estimate(nps(0, 0, 0), 'nps')).toMatchObject({ value: null, status: 'no_responses' });
    expect(estimate(nps(20, 5, 5), 'nps', 30).status).toBe('ok');
    expect(estimate(nps(20, 5, 4), 'nps', 30).status).toBe('too_few_responses');
  });
});

describe('CSAT and CES', () => {
  it('CSAT: 40 of 50 satisfied is 80 % ± 11.09', () => {
    // SE = 100·√(0.8·0.2/50) = 100·√0.0032 = 5.656854.
    const e = estimate(momentsOf(tally({ scored: 50, satisfied: 40 }), 'csat'), 'csat');
    expect(e.value).toBeCloseTo(80, 10);
    expect(e.standardError).toBeCloseTo(5.656854, 5);
    expect(e.marginOfError).toBeCloseTo(11.0872, 3);
  });

  it('CES: 40 answers summing to 200 with squares 1,040 have mean 5 ± 0.31', () => {
    // Variance = 1040/40 − 5² = 1, so SE = 1/√40 = 0.158114.
    const e = estimate(momentsOf(tally({ scored: 40, cesSum: 200, scoreSqSum: 1040 }), 'ces'), 'ces');
    expect(e.value).toBe(5);
    expect(e.standardError).toBeCloseTo(0.158114, 5);
    expect(e.low).toBeCloseTo(4.6901, 3);
  });
});

describe('change between two periods', () => {
  it('calls NPS 30 (n = 200) → 50 (n = 300) significant', () => {
    // SE² = 30.5 and 100²·(0.7 − 0.5²)/300 = 15; SE of the change = √45.5 = 6.7454; z = 20/6.7454 = 2.965.
    const c = compareEstimates(estimate(nps(100, 60, 40), 'nps'), estimate(nps(180, 90, 30), 'nps'));
    expect(c.change).toBeCloseTo(20, 10);
    expect(c.standardError).toBeCloseTo(6.74537, 4);
    expect(c.z).toBeCloseTo(2.965, 3);
    expect(c.pValue).toBeCloseTo(0.00303, 4);
    expect(c).toMatchObject({ significant: true, direction: 'better' });
  });

  it('does not call a 5-point move on the same samples significant', () => {
    // NPS 30 → 35 (110 promoters, 50 passives, 40 detractors of 200).
    const c = compareEstimates(estimate(nps(100, 60, 40), 'nps'), estimate(nps(110, 50, 40), 'nps'));
    expect(c.change).toBeCloseTo(5, 10);
    expect(c.significant).toBe(false);
    expect(c.direction).toBe('unchanged');
  });

  it('never calls a change significant when a period has too few answers', () => {
    const c = compareEstimates(estimate(nps(0, 0, 20), 'nps'), estimate(nps(20, 0, 0), 'nps'));
    expect(c.change).toBe(200);
    expect(c.significant).toBe(false);
  });

  it('reads lower effort as better for CES', () => {
    const before = estimate({ n: 400, sum: 2000, sumSq: 10_400 }, 'ces');
    const after = estimate({ n: 400, sum: 1600, sumSq: 6_800 }, 'ces');
    expect(compareEstimates(before, after)).toMatchObject({ significant: true, direction: 'better' });
  });

  it('has a normal distribution function accurate to 1e-6', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('trend projection', () => {
  it('extends a straight line exactly, with a narrow interval', () => {
    const p = projectTrend(
      [1, 2, 3, 4].map((t) => ({ t, value: 10 * t, standardError: 2 })),
      6,
    );
    expect(p?.slopePerMonth).toBeCloseTo(10, 10);
    expect(p?.projected).toBeCloseTo(60, 10);
    // Weights 1/4: Σw = 1, Sxx = Σw(t − 2.5)² = 1.25, SE² = 1/1 + 3.5²/1.25 = 10.8.
    expect(p?.standardError).toBeCloseTo(Math.sqrt(10.8), 6);
  });

  it('needs three months', () => {
    expect(projectTrend([{ t: 1, value: 1, standardError: 1 }], 3)).toBeNull();
  });
});

describe('fair ranking with empirical-Bayes shrinkage', () => {
  /** A person with the given answers as NPS values (+100 / 0 / −100). */
  const person = (id: string, team: string, p: number, a: number, d: number): Subject => ({
    id,
    groupId: team,
    moments: nps(p, a, d),
  });
  const board = [
    person('steady-60', 't1', 70, 20, 10), // NPS 60 over 100 answers
    person('steady-50', 't1', 60, 30, 10), // NPS 50
    person('steady-40', 't2', 55, 30, 15), // NPS 40
    person('mixed-20', 't2', 40, 40, 20), // NPS 20
    person('lucky-ten', 't2', 1, 0, 0), // one 10: raw NPS 100
    person('unlucky-zero', 't1', 0, 0, 1), // one 0: raw NPS −100
  ];

  it('never lets one lucky 10 top the board, even when everyone is ranked', () => {
    const ranking = rankFairly(board, { metric: 'nps', minN: 1, prior: 'group' });
    const byId = new Map(ranking.scores.map((s) => [s.id, s]));
    const lucky = byId.get('lucky-ten');
    expect(lucky?.raw.value).toBe(100);
    expect(lucky?.rank).not.toBe(1);
    expect(byId.get('steady-60')?.rank).toBe(1);
    // Pulled almost all the way to team t2's mean (≈ 30), far below the steady performers.
    expect(lucky?.shrunk).toBeLessThan(byId.get('steady-50')?.shrunk ?? 0);
    expect(byId.get('unlucky-zero')?.rank).not.toBe(ranking.scores.length);
    // Long records keep their own order.
    const order = ['steady-60', 'steady-50', 'steady-40'].map((id) => byId.get(id)?.rank ?? 99);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('ranks nobody below the minimum n, but still lists them with raw score and interval', () => {
    const ranking = rankFairly(board, { metric: 'nps', minN: 10, prior: 'organisation' });
    const lucky = ranking.scores.find((s) => s.id === 'lucky-ten');
    expect(lucky?.rank).toBeNull();
    expect(lucky?.raw).toMatchObject({ n: 1, value: 100, status: 'too_few_responses' });
    expect(ranking.scores.filter((s) => s.rank !== null).map((s) => s.rank)).toEqual([1, 2, 3, 4]);
  });
});

describe("key drivers (Johnson's relative weights)", () => {
  it('matches the hand-worked two-question example', () => {
    // r₁₂ = 0.6 gives Λ* = [[3, 1], [1, 3]]/√10; β = Λ*⁻¹·(0.5, 0.3) = (0.474342, 0.158114), β² = (0.225,
    // 0.025); ε₁ = 0.9·0.225 + 0.1·0.025 = 0.205, ε₂ = 0.1·0.225 + 0.9·0.025 = 0.045; R² = 0.25, as OLS gives.
    const rw = relativeWeights(
      [
        [1, 0.6],
        [0.6, 1],
      ],
      [0.5, 0.3],
    );
    expect(rw.weights[0]).toBeCloseTo(0.205, 10);
    expect(rw.weights[1]).toBeCloseTo(0.045, 10);
    expect(rw.rSquared).toBeCloseTo(0.25, 10);
    expect(rw.shares[0]).toBeCloseTo(0.82, 10);
  });

  it('gives uncorrelated questions their squared correlation', () => {
    const rw = relativeWeights(
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      [0.6, 0.3, 0],
    );
    expect(rw.weights.map((w) => Number(w.toFixed(10)))).toEqual([0.36, 0.09, 0]);
  });

  it('splits the credit of two identical questions evenly, from raw answers', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => [v, v, (i * 7) % 5]);
    const y = xs.map(([a = 0, , c = 0]) => 2 * a + 0.1 * c);
    const { rxx, rxy } = correlations(xs, y);
    const rw = relativeWeights(rxx, rxy);
    expect(rw.weights[0]).toBeCloseTo(rw.weights[1] ?? 0, 8);
    expect(rw.rSquared).toBeGreaterThan(0.95);
    expect(rw.rSquared).toBeLessThanOrEqual(1 + 1e-9);
  });
});

describe('a correlation with its Fisher interval', () => {
  it('matches the hand-worked example of five teams: r = 0.8, yet no clear link', () => {
    // x − x̄ = (−2, −1, 0, 1, 2), y − ȳ = (−1, −2, 1, 0, 2): Σdxdy = 8, Σdx² = Σdy² = 10, r = 0.8.
    // z = atanh(0.8) = ½·ln 9 = 1.098612; SE = 1/√(5 − 3) = 0.707107; z ± 1.959964·SE =
    // (−0.287292, 2.484516); tanh → (−0.27964, 0.98620): the interval spans zero.
    const c = correlationWithInterval([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    expect(c.n).toBe(5);
    expect(c.r).toBeCloseTo(0.8, 10);
    expect(c.low).toBeCloseTo(-0.27964, 5);
    expect(c.high).toBeCloseTo(0.9862, 4);
    expect(c.status).toBe('no_clear_link');
  });

  it('gives the interval of r = 0.5 from 28 pairs: tanh(0.549306 ± 0.391993)', () => {
    const i = fisherInterval(0.5, 28);
    expect(i?.low).toBeCloseTo(0.156028, 5);
    expect(i?.high).toBeCloseTo(0.735818, 5);
    expect(fisherInterval(0.5, 3)).toBeNull();
  });

  it('calls a link only with enough points and an interval clear of zero', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(correlationWithInterval(x, [2, 3, 5, 4, 6, 8, 7, 9]).status).toBe('positive');
    expect(correlationWithInterval(x, [9, 7, 8, 6, 4, 5, 3, 2]).status).toBe('negative');
    // Four teams: r is shown, but four points are too few to speak of a link.
    const four = correlationWithInterval([1, 2, 3, 4], [1, 2, 3, 5]);
    expect(four.r).toBeGreaterThan(0.9);
    expect(four.status).toBe('too_few_points');
    expect(correlationWithInterval([1, 2], [3, 4])).toMatchObject({ r: null, status: 'too_few_points' });
    expect(correlationWithInterval([1, 2, 3, 4, 5], [3, 3, 3, 3, 3])).toMatchObject({
      r: null,
      status: 'no_variation',
    });
  });
});
