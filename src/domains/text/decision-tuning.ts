/**
 * How an organisation model turns its scores into a decision, chosen on predictions for comments
 * the model did not see (cross-validation inside the training comments), never on the comments it
 * is measured on, so the same training works for any organisation's labels.
 *
 * - Per-class score offsets: a classifier trained for log-loss puts its boundaries where the
 *   likelihood is best, not where macro-F1 is; raising a small class's score trades a little
 *   accuracy for the F1 of a class that counts as much as the others.
 * - An abstention threshold: below it the model says "none" rather than its best guess.
 */

/** Offsets tried for each class: -1 … +1 in steps of 0.1. */
const OFFSET_GRID = Array.from({ length: 21 }, (_, i) => (i - 10) / 10);
/** Probabilities tried as the abstention threshold (0: never abstain). */
const THRESHOLD_GRID = [0, ...Array.from({ length: 15 }, (_, i) => (20 + i * 5) / 100)];
const EPSILON = 1e-12;

/**
 * Macro-F1 over `labels` of predicted against gold class indices; -1 is "none": as gold it counts
 * against whichever class is predicted, as a prediction it misses the gold class. `labels` may
 * include -1, for when "none" is a class of its own.
 */
export function macroF1OfIndices(
  gold: readonly number[],
  predicted: readonly number[],
  labels: readonly number[],
): number {
  const tp = new Map<number, number>();
  const predictedCount = new Map<number, number>();
  const support = new Map<number, number>();
  const add = (m: Map<number, number>, key: number) => m.set(key, (m.get(key) ?? 0) + 1);
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] as number;
    const p = predicted[i] as number;
    add(support, g);
    add(predictedCount, p);
    if (g === p) add(tp, g);
  }
  let sum = 0;
  for (const c of labels) {
    const hits = tp.get(c) ?? 0;
    const precision = hits === 0 ? 0 : hits / (predictedCount.get(c) as number);
    const recall = hits === 0 ? 0 : hits / (support.get(c) as number);
    sum += hits === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  return labels.length === 0 ? 0 : sum / labels.length;
}

function argmaxWithOffsets(row: readonly number[], offsets: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < row.length; c++)
    if ((row[c] as number) + (offsets[c] as number) > (row[best] as number) + (offsets[best] as number))
      best = c;
  return best;
}

/**
 * Offsets (one per class, the first fixed at 0 since only differences matter) to add to the
 * scores before the argmax, by coordinate ascent over the grid. A move must strictly improve
 * macro-F1 and ties go to the smaller offset, so with nothing to gain the offsets stay 0.
 */
export function macroF1Offsets(gold: readonly number[], scores: readonly (readonly number[])[]): number[] {
  const k = scores[0]?.length ?? 0;
  const labels = Array.from({ length: k }, (_, c) => c);
  const offsets = new Array<number>(k).fill(0);
  const f1 = () =>
    macroF1OfIndices(
      gold,
      scores.map((row) => argmaxWithOffsets(row, offsets)),
      labels,
    );
  let best = f1();
  for (let pass = 0; pass < 4; pass++) {
    let moved = false;
    for (let c = 1; c < k; c++) {
      let choice = offsets[c] as number;
      let choiceF1 = best;
      for (const value of OFFSET_GRID) {
        offsets[c] = value;
        const f = f1();
        if (f > choiceF1 + EPSILON || (f > choiceF1 - EPSILON && Math.abs(value) < Math.abs(choice))) {
          choice = value;
          choiceF1 = Math.max(f, choiceF1);
        }
      }
      offsets[c] = choice;
      if (choiceF1 > best + EPSILON) moved = true;
      best = choiceF1;
    }
    if (!moved) break;
  }
  return offsets;
}

/**
 * The probability below which the best guess is replaced by "none" (index -1), maximising
 * macro-F1 over `labels` (which include -1 when some comments are labelled as about nothing).
 * Ties go to the lower threshold: abstaining must earn its place.
 */
export function abstentionThreshold(
  gold: readonly number[],
  guesses: ReadonlyArray<{ index: number; probability: number }>,
  labels: readonly number[],
): number {
  let best = 0;
  let bestF1 = -1;
  for (const threshold of THRESHOLD_GRID) {
    const predicted = guesses.map((g) => (g.probability >= threshold ? g.index : -1));
    const f = macroF1OfIndices(gold, predicted, labels);
    if (f > bestF1 + EPSILON) {
      best = threshold;
      bestF1 = f;
    }
  }
  return best;
}
