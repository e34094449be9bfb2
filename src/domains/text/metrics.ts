/**
 * Classification metrics for the text evaluation: a confusion matrix over named classes, per-class
 * precision / recall / F1, macro-F1 (the unweighted mean over classes, so a small class counts as
 * much as a large one) and accuracy.
 */
export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  classes: ClassReport[];
  macroF1: number;
  accuracy: number;
  total: number;
  /** matrix[gold][predicted] in the order of `classes`. */
  matrix: number[][];
}

/**
 * `labels` fixes which classes are reported (and their order); a prediction outside them (e.g.
 * "none" for a theme) counts as a miss for the gold class and a false positive for nobody.
 */
export function classificationReport(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): ClassificationReport {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  let total = 0;
  const extraPredicted = labels.map(() => 0);
  for (let i = 0; i < gold.length; i++) {
    const g = index.get(gold[i] as string);
    const p = index.get(predicted[i] as string);
    if (g === undefined) {
      // A gold label outside the report (e.g. unlabelled) still makes the predicted class wrong.
      if (p !== undefined) extraPredicted[p] = (extraPredicted[p] as number) + 1;
      continue;
    }
    total++;
    if (p === undefined) continue;
    (matrix[g] as number[])[p] = ((matrix[g] as number[])[p] as number) + 1;
    if (g === p) correct++;
  }
  const classes = labels.map((label, c) => {
    const tp = (matrix[c] as number[])[c] as number;
    const support =
      (matrix[c] as number[]).reduce((a, b) => a + b, 0) + missed(gold, predicted, label, index);
    const predictedCount =
      matrix.reduce((a, row) => a + (row[c] as number), 0) + (extraPredicted[c] as number);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const macroF1 = classes.reduce((a, c) => a + c.f1, 0) / classes.length;
  return { classes, macroF1, accuracy: total === 0 ? 0 : correct / total, total, matrix };
}

/** Gold examples of `label` whose prediction is outside the report (not in the matrix). */
function missed(
  gold: readonly string[],
  predicted: readonly string[],
  label: string,
  index: ReadonlyMap<string, number>,
): number {
  let n = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === label && !index.has(predicted[i] as string)) n++;
  return n;
}

export function formatReport(title: string, report: ClassificationReport): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [`${title}  (n=${report.total})`];
  for (const c of report.classes) {
    lines.push(
      `  ${c.label.padEnd(26)} P ${pct(c.precision)}  R ${pct(c.recall)}  F1 ${pct(c.f1)}  support ${c.support}`,
    );
  }
  lines.push(`  macro-F1 ${pct(report.macroF1)}  accuracy ${pct(report.accuracy)}`);
  return lines.join('\n');
}
