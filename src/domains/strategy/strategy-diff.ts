import type { StrategyContent, StrategyDiff } from './strategy.api.ts';
import { tradeOffKey } from './strategy.api.ts';

type Segment = StrategyDiff['vision']['segments'][number];

/**
 * Indexes (into `a` and `b`) of one longest common subsequence of two sequences, in order.
 * Quadratic; the inputs are bounded (a vision of ≤ 4000 characters, ≤ 15 priorities).
 */
export function longestCommonSubsequence<T>(a: readonly T[], b: readonly T[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const table = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if ((table[(i + 1) * width + j] ?? 0) > (table[i * width + j + 1] ?? 0)) i++;
    else j++;
  }
  return pairs;
}

/** Words with the whitespace after them, so the segments put back together give the texts exactly. */
const words = (text: string): string[] => text.match(/\s+|\S+\s*/g) ?? [];

/**
 * A word-level diff: `same` + `removed` segments spell `before`, `same` + `added` spell `after`.
 * Neighbouring segments of one kind are merged.
 */
export function diffText(before: string, after: string): Segment[] {
  const a = words(before);
  const b = words(after);
  const segments: Segment[] = [];
  const push = (op: Segment['op'], text: string) => {
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) segments.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...longestCommonSubsequence(a, b), [a.length, b.length] as [number, number]]) {
    while (i < ai) push('removed', a[i++] ?? '');
    while (j < bj) push('added', b[j++] ?? '');
    if (ai < a.length) push('same', a[ai] ?? '');
    i = ai + 1;
    j = bj + 1;
  }
  return segments;
}

function setDiff(before: readonly string[], after: readonly string[]) {
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const had = lower(before);
  const has = lower(after);
  return {
    added: after.filter((x) => !had.has(x.toLowerCase())),
    removed: before.filter((x) => !has.has(x.toLowerCase())),
  };
}

function diffPriorities(before: StrategyContent['priorities'], after: StrategyContent['priorities']) {
  const beforeIds = new Map(before.map((p, i) => [p.id, i]));
  const afterIds = new Map(after.map((p, i) => [p.id, i]));
  const commonBefore = before.filter((p) => afterIds.has(p.id)).map((p) => p.id);
  const commonAfter = after.filter((p) => beforeIds.has(p.id)).map((p) => p.id);
  // The priorities that kept their order relative to each other are the longest common
  // subsequence; the others moved. Inserting one at the top shifts ranks but moves nothing.
  const kept = new Set(longestCommonSubsequence(commonBefore, commonAfter).map(([i]) => commonBefore[i]));
  const ranked = (p: { id: string; title: string }, i: number) => ({ id: p.id, title: p.title, rank: i + 1 });
  return {
    added: after.map(ranked).filter((p) => !beforeIds.has(p.id)),
    removed: before.map(ranked).filter((p) => !afterIds.has(p.id)),
    moved: after.flatMap((p, i) =>
      beforeIds.has(p.id) && !kept.has(p.id)
        ? [{ id: p.id, title: p.title, fromRank: (beforeIds.get(p.id) ?? 0) + 1, toRank: i + 1 }]
        : [],
    ),
    edited: after.flatMap((p) => {
      const old = before[beforeIds.get(p.id) ?? -1];
      return old && (old.title !== p.title || old.description !== p.description)
        ? [
            {
              id: p.id,
              titleFrom: old.title,
              titleTo: p.title,
              descriptionFrom: old.description,
              descriptionTo: p.description,
            },
          ]
        : [];
    }),
  };
}

function diffTradeOffs(before: StrategyContent['tradeOffs'], after: StrategyContent['tradeOffs']) {
  const old = new Map(before.map((t) => [tradeOffKey(t), t]));
  const now = new Map(after.map((t) => [tradeOffKey(t), t]));
  return {
    added: after.filter((t) => !old.has(tradeOffKey(t))),
    removed: before.filter((t) => !now.has(tradeOffKey(t))),
    changed: after.flatMap((t) => {
      const was = old.get(tradeOffKey(t));
      return was && (was.position !== t.position || was.sentence !== t.sentence)
        ? [
            {
              left: t.left,
              right: t.right,
              from: was.position,
              to: t.position,
              sentenceFrom: was.sentence,
              sentenceTo: t.sentence,
            },
          ]
        : [];
    }),
  };
}

function diffTargets(before: StrategyContent['targets'], after: StrategyContent['targets']) {
  const old = new Map(before.map((t) => [t.targetId, t]));
  const now = new Set(after.map((t) => t.targetId));
  return {
    added: after.filter((t) => !old.has(t.targetId)).map((t) => t.targetId),
    removed: before.filter((t) => !now.has(t.targetId)).map((t) => t.targetId),
    changed: after.flatMap((t) => {
      const was = old.get(t.targetId);
      return was && (was.ownerId !== t.ownerId || was.note !== t.note)
        ? [
            {
              targetId: t.targetId,
              ownerFrom: was.ownerId,
              ownerTo: t.ownerId,
              noteFrom: was.note,
              noteTo: t.note,
            },
          ]
        : [];
    }),
  };
}

/** What changed from one version of the strategy to another, field by field. */
export function diffStrategy(before: StrategyContent, after: StrategyContent): StrategyDiff {
  const visionChanged = before.vision !== after.vision;
  const diff: Omit<StrategyDiff, 'changed'> = {
    vision: {
      changed: visionChanged,
      segments: visionChanged
        ? diffText(before.vision, after.vision)
        : after.vision
          ? [{ op: 'same', text: after.vision }]
          : [],
    },
    customersServed: setDiff(before.customersServed, after.customersServed),
    customersNotServed: setDiff(before.customersNotServed, after.customersNotServed),
    tradeOffs: diffTradeOffs(before.tradeOffs, after.tradeOffs),
    priorities: diffPriorities(before.priorities, after.priorities),
    targets: diffTargets(before.targets, after.targets),
  };
  const lists = [
    diff.customersServed.added,
    diff.customersServed.removed,
    diff.customersNotServed.added,
    diff.customersNotServed.removed,
    diff.tradeOffs.added,
    diff.tradeOffs.removed,
    diff.tradeOffs.changed,
    diff.priorities.added,
    diff.priorities.removed,
    diff.priorities.moved,
    diff.priorities.edited,
    diff.targets.added,
    diff.targets.removed,
    diff.targets.changed,
  ];
  return { changed: visionChanged || lists.some((l) => l.length > 0), ...diff };
}
