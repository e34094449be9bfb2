import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CellQuery,
  decideCommentRelease,
  decideRelease,
  type GuardRespondent,
  type GuardTeam,
  type Release,
} from './anonymity.ts';

/**
 * The attacker: integer row reduction over the released groups (exact, fraction-free), then a
 * search for any 0/1 combination of respondent "atoms" (people with the same team and attributes,
 * whom no query can tell apart) holding 1 … threshold-1 people that lies in their span. Such a
 * vector would let the attacker compute the answers of that small group from released figures.
 */
class Span {
  private rows: { pivot: number; v: bigint[] }[] = [];
  constructor(private readonly width: number) {}

  private reduce(x: readonly bigint[]): bigint[] {
    let v = [...x];
    for (const row of this.rows) {
      const a = v[row.pivot] as bigint;
      if (a === 0n) continue;
      const p = row.v[row.pivot] as bigint;
      v = v.map((value, i) => value * p - (row.v[i] as bigint) * a);
      const g = v.reduce((acc, value) => gcd(acc, value < 0n ? -value : value), 0n);
      if (g > 1n) v = v.map((value) => value / g);
    }
    return v;
  }

  add(x: readonly bigint[]): void {
    const v = this.reduce(x);
    const pivot = v.findIndex((value) => value !== 0n);
    if (pivot >= 0) this.rows.push({ pivot, v });
  }

  contains(x: readonly bigint[]): boolean {
    return this.reduce(x).every((value) => value === 0n);
  }

  get size(): number {
    return this.width;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

interface Instance {
  teams: GuardTeam[];
  respondents: GuardRespondent[];
  commenters: boolean[];
  threshold: number;
}

const ATTRIBUTES = { role: ['employee', 'manager'], tenure: ['<1y', '1-3y', '3y+'] } as const;

/** Every query a results reader can make: each scope, each filter and pair of filters. */
function everyQuery(teams: readonly GuardTeam[]): CellQuery[] {
  const out: CellQuery[] = [];
  for (const teamId of [null, ...teams.map((t) => t.id)])
    for (const role of [undefined, ...ATTRIBUTES.role, 'nobody'])
      for (const tenure of [undefined, ...ATTRIBUTES.tenure]) out.push({ teamId, filters: { role, tenure } });
  return out;
}

/** The smallest group the attacker can isolate from the released groups (Infinity: none). */
function smallestRecoverable(
  respondentCount: number,
  groups: readonly (readonly number[])[],
  atomOf: number[],
) {
  const atoms = Math.max(0, ...atomOf) + 1;
  const atomSize = new Array<number>(atoms).fill(0);
  for (const a of atomOf) atomSize[a] = (atomSize[a] ?? 0) + 1;
  const span = new Span(atoms);
  for (const g of groups) {
    const v = new Array<bigint>(atoms).fill(0n);
    for (const i of g) v[atomOf[i] as number] = 1n;
    // Released groups are unions of whole atoms, or the atom model would be wrong.
    const count = v.reduce((acc, x, a) => acc + (x === 1n ? (atomSize[a] as number) : 0), 0);
    expect(count).toBe(g.length);
    span.add(v);
  }
  let smallest = Number.POSITIVE_INFINITY;
  const small = [...atomSize.keys()].filter((a) => (atomSize[a] as number) > 0);
  const chosen = new Array<bigint>(atoms).fill(0n);
  const search = (from: number, total: number) => {
    if (total > 0 && span.contains(chosen)) smallest = Math.min(smallest, total);
    for (let k = from; k < small.length; k++) {
      const a = small[k] as number;
      const next = total + (atomSize[a] as number);
      if (next >= smallest) continue;
      chosen[a] = 1n;
      search(k + 1, next);
      chosen[a] = 0n;
    }
  };
  search(0, 0);
  void respondentCount;
  return smallest;
}

const instances = fc
  .record({
    parents: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
    people: fc.array(
      fc.record({
        team: fc.integer({ min: -1, max: 4 }),
        role: fc.constantFrom(...ATTRIBUTES.role),
        tenure: fc.constantFrom(...ATTRIBUTES.tenure),
        comments: fc.boolean(),
      }),
      { maxLength: 40 },
    ),
    threshold: fc.integer({ min: 3, max: 6 }),
  })
  .map(({ parents, people, threshold }): Instance => {
    // Team i's parent is an earlier team or none: every tree (and forest) of up to five teams.
    const teams = parents.map((p, i) => ({
      id: `t${i}`,
      parentId: i === 0 || p % (i + 1) === i ? null : `t${p % i}`,
    }));
    return {
      teams,
      threshold,
      respondents: people.map((p) => ({
        teamId: p.team < 0 || p.team >= teams.length ? null : `t${p.team}`,
        attributes: { role: p.role, tenure: p.tenure },
      })),
      commenters: people.map((p) => p.comments),
    };
  });

function atomsOf(instance: Instance): number[] {
  const ids = new Map<string, number>();
  return instance.respondents.map((r) => {
    const key = `${r.teamId}|${r.attributes.role}|${r.attributes.tenure}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key) as number;
  });
}

function releasedGroups(release: Release, queries: readonly CellQuery[]): number[][] {
  return queries
    .map((q) => release.members(q))
    .filter((m): m is number[] => m !== null)
    .map((m) => [...m]);
}

describe('the anonymity guard', () => {
  it('never lets an attacker combine released figures to isolate fewer than the threshold', () => {
    let releasedAny = 0;
    fc.assert(
      fc.property(instances, (instance) => {
        const release = decideRelease({
          teams: instance.teams,
          respondents: instance.respondents,
          threshold: instance.threshold,
          attributes: ['role', 'tenure'],
        });
        const groups = releasedGroups(release, everyQuery(instance.teams));
        for (const g of groups) expect(g.length).toBeGreaterThanOrEqual(instance.threshold);
        if (groups.length > 1) releasedAny++;
        const smallest = smallestRecoverable(instance.respondents.length, groups, atomsOf(instance));
        expect(smallest).toBeGreaterThanOrEqual(instance.threshold);
      }),
      { numRuns: 400, seed: 20260801 },
    );
    // The guard is not trivially safe by releasing nothing.
    expect(releasedAny).toBeGreaterThan(50);
  });

  it('keeps comment lists (seen comment by comment) to groups of the comment threshold', () => {
    fc.assert(
      fc.property(instances, (instance) => {
        const numbers = decideRelease({
          teams: instance.teams,
          respondents: instance.respondents,
          threshold: instance.threshold,
          attributes: ['role', 'tenure'],
        });
        const commentThreshold = instance.threshold + 2;
        const commenters = instance.respondents.filter((_, i) => instance.commenters[i]);
        const comments = decideCommentRelease({
          teams: instance.teams,
          commenters,
          threshold: commentThreshold,
          numbers,
        });
        const lists = releasedGroups(comments, everyQuery(instance.teams));
        // Each comment's author hides among the commenters in exactly the same released lists.
        const signature = commenters.map((_, i) => lists.map((l) => (l.includes(i) ? 1 : 0)).join(''));
        const classSizes = new Map<string, number>();
        for (const s of signature) classSizes.set(s, (classSizes.get(s) ?? 0) + 1);
        for (const [s, size] of classSizes)
          if (s.includes('1')) expect(size).toBeGreaterThanOrEqual(commentThreshold);
        for (const l of lists) expect(l.length).toBeGreaterThanOrEqual(commentThreshold);
      }),
      { numRuns: 200, seed: 20260802 },
    );
  });

  it('catches a per-query guard that only checks each group’s size (the attacker is real)', () => {
    // Team A (6) with sub-team B (5) and one direct member: A − B isolates one person.
    const teams = [
      { id: 'a', parentId: null },
      { id: 'b', parentId: 'a' },
    ];
    const respondents = [
      ...Array.from({ length: 5 }, () => ({ teamId: 'b', attributes: {} })),
      { teamId: 'a', attributes: {} },
    ];
    const naive = [
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4],
    ];
    expect(smallestRecoverable(6, naive, [0, 0, 0, 0, 0, 1])).toBe(1);
    const release = decideRelease({ teams, respondents, threshold: 5 });
    expect(release.members({ teamId: 'a' })).toHaveLength(6);
    expect(release.members({ teamId: 'b' })).toBeNull();
  });

  it('suppresses a filter whose complement in the same group is small', () => {
    const respondents = [
      ...Array.from({ length: 6 }, () => ({ teamId: null, attributes: { role: 'employee' } })),
      ...Array.from({ length: 2 }, () => ({ teamId: null, attributes: { role: 'manager' } })),
    ];
    const release = decideRelease({ teams: [], respondents, threshold: 5, attributes: ['role'] });
    expect(release.members({ teamId: null })).toHaveLength(8);
    // "Employees only" (6) would reveal the two managers as the org minus it.
    expect(release.members({ teamId: null, filters: { role: 'employee' } })).toBeNull();
    expect(release.members({ teamId: null, filters: { role: 'manager' } })).toBeNull();
  });

  it('never goes below three, whatever it is asked', () => {
    const respondents = Array.from({ length: 2 }, () => ({ teamId: null, attributes: {} }));
    expect(decideRelease({ teams: [], respondents, threshold: 1 }).members({ teamId: null })).toBeNull();
  });
});
