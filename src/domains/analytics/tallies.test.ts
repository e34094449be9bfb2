import { describe, expect, it } from 'vitest';
import { emptyTally, type Tally } from './statistics.ts';
import { readCells } from './tallies.ts';

const read = (cells: string) => {
  const out: { bucket: string | null; tally: Tally }[] = [];
  readCells(cells, (bucket, tally) => out.push({ bucket, tally }));
  return out;
};

describe('readCells', () => {
  it('reads each cell as its bucket and the nine sums in order', () => {
    expect(read('2024-01-01,1,2,3,4,5,6,7,8,9,2024-02-01,10,0,0,0,0,0,0,0,11')).toEqual([
      {
        bucket: '2024-01-01',
        tally: {
          responses: 1,
          scored: 2,
          promoters: 3,
          passives: 4,
          detractors: 5,
          scoreSum: 6,
          scoreSqSum: 7,
          satisfied: 8,
          cesSum: 9,
        },
      },
      {
        bucket: '2024-02-01',
        tally: { ...emptyTally(), responses: 10, cesSum: 11 },
      },
    ]);
  });

  it('reads an empty bucket as the total (null) and sums up to 2^53 exactly', () => {
    const [cell] = read(`,0,0,0,0,0,0,${2 ** 53},0,123456789012`);
    expect(cell?.bucket).toBeNull();
    expect(cell?.tally.scoreSqSum).toBe(2 ** 53);
    expect(cell?.tally.cesSum).toBe(123456789012);
  });

  it('reads nothing from an empty text', () => {
    expect(read('')).toEqual([]);
  });
});
