import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrategyContent } from './strategy.api.ts';
import { diffStrategy, diffText } from './strategy-diff.ts';

const content = (over: Partial<StrategyContent> = {}): StrategyContent =>
  StrategyContent.parse({
    vision: 'Customers leave every contact with their problem solved.',
    customersServed: ['Households', 'Small businesses'],
    customersNotServed: ['Utilities reselling our service'],
    tradeOffs: [{ left: 'Quality', right: 'Cost', position: -60, sentence: 'We fix it right once.' }],
    priorities: [
      { id: 'first-contact', title: 'Resolve on first contact' },
      { id: 'callback', title: 'Call back within a day' },
      { id: 'recovery', title: 'Recover every detractor' },
    ],
    targets: [],
    ...over,
  });

describe('strategy diff', () => {
  it('finds nothing between a version and itself', () => {
    const diff = diffStrategy(content(), content());
    expect(diff.changed).toBe(false);
    expect(diff.vision).toEqual({
      changed: false,
      segments: [{ op: 'same', text: 'Customers leave every contact with their problem solved.' }],
    });
  });

  it('diffs the vision by words', () => {
    const segments = diffText(
      'Customers leave every contact with their problem solved.',
      'Customers leave every contact happy, with their problem solved for good.',
    );
    expect(segments).toEqual([
      { op: 'same', text: 'Customers leave every contact ' },
      { op: 'added', text: 'happy, ' },
      { op: 'same', text: 'with their problem ' },
      { op: 'removed', text: 'solved.' },
      { op: 'added', text: 'solved for good.' },
    ]);
  });

  it('tells added, removed, moved and edited priorities apart; an insert at the top moves nothing', () => {
    const before = content();
    const inserted = content({
      priorities: [{ id: 'empathy', title: 'Listen first', description: '' }, ...before.priorities],
    });
    const onlyInsert = diffStrategy(before, inserted).priorities;
    expect(onlyInsert.added).toEqual([{ id: 'empathy', title: 'Listen first', rank: 1 }]);
    expect(onlyInsert.moved).toEqual([]);

    const reordered = content({
      priorities: [
        { id: 'recovery', title: 'Recover every unhappy customer', description: '' },
        { id: 'first-contact', title: 'Resolve on first contact', description: '' },
        { id: 'new', title: 'Know the customer', description: '' },
      ],
    });
    const diff = diffStrategy(before, reordered).priorities;
    expect(diff.added).toEqual([{ id: 'new', title: 'Know the customer', rank: 3 }]);
    expect(diff.removed).toEqual([{ id: 'callback', title: 'Call back within a day', rank: 2 }]);
    expect(diff.moved).toEqual([
      { id: 'recovery', title: 'Recover every unhappy customer', fromRank: 3, toRank: 1 },
    ]);
    expect(diff.edited).toEqual([
      {
        id: 'recovery',
        titleFrom: 'Recover every detractor',
        titleTo: 'Recover every unhappy customer',
        descriptionFrom: '',
        descriptionTo: '',
      },
    ]);
  });

  it('reports changed sliders, customers and target owners', () => {
    const target = '0190a3b8-0000-7000-8000-000000000001';
    const owner = '0190a3b8-0000-7000-8000-000000000002';
    const before = content({ targets: [{ targetId: target, ownerId: null, note: '' }] });
    const after = content({
      customersServed: ['households', 'Public sector'],
      customersNotServed: [],
      tradeOffs: [
        { left: 'quality', right: 'cost', position: -20, sentence: 'We fix it right once.' },
        { left: 'Consistency', right: 'Personalisation', position: 40, sentence: 'Know them by name.' },
      ],
      targets: [{ targetId: target, ownerId: owner, note: '' }],
    });
    const diff = diffStrategy(before, after);
    expect(diff.changed).toBe(true);
    // Case does not make a customer new.
    expect(diff.customersServed).toEqual({ added: ['Public sector'], removed: ['Small businesses'] });
    expect(diff.customersNotServed).toEqual({ added: [], removed: ['Utilities reselling our service'] });
    expect(diff.tradeOffs.changed).toEqual([
      {
        left: 'quality',
        right: 'cost',
        from: -60,
        to: -20,
        sentenceFrom: 'We fix it right once.',
        sentenceTo: 'We fix it right once.',
      },
    ]);
    expect(diff.tradeOffs.added.map((t) => t.left)).toEqual(['Consistency']);
    expect(diff.targets.changed).toEqual([
      { targetId: target, ownerFrom: null, ownerTo: owner, noteFrom: '', noteTo: '' },
    ]);
  });

  it('spells both texts back from the segments, for any two texts', () => {
    const text = fc
      .array(fc.constantFrom('we', 'serve', 'customers', 'well', ' ', '  ', '\n', 'fast.', 'quality'), {
        maxLength: 40,
      })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const segments = diffText(a, b);
        const spell = (keep: string) =>
          segments
            .filter((s) => s.op === 'same' || s.op === keep)
            .map((s) => s.text)
            .join('');
        expect(spell('removed')).toBe(a);
        expect(spell('added')).toBe(b);
        if (a === b) expect(segments.every((s) => s.op === 'same')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('moves no priority when the common ones keep their order, for any two rankings', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 7 });
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        const prio = (xs: string[]) => xs.map((id) => ({ id, title: id, description: '' }));
        const diff = diffStrategy(
          content({ priorities: prio(a) }),
          content({ priorities: prio(b) }),
        ).priorities;
        const common = (xs: string[], ys: string[]) => xs.filter((x) => ys.includes(x));
        const sameOrder = common(a, b).join() === common(b, a).join();
        expect(diff.moved.length === 0).toBe(sameOrder);
        expect(diff.added.map((p) => p.id).sort()).toEqual(b.filter((x) => !a.includes(x)).sort());
        expect(diff.removed.map((p) => p.id).sort()).toEqual(a.filter((x) => !b.includes(x)).sort());
      }),
      { numRuns: 300 },
    );
  });
});
