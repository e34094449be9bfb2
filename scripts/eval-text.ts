/**
 * `npm run eval:text` — measures the text analyser on the airline tweets (../shared/data/airline,
 * CC BY-NC-SA: evaluation only; nothing shipped is trained on it).
 *
 * Reports, for sentiment and for complaint reasons mapped onto the default themes: the default
 * analyser on the whole file and on each half (the rules were tuned looking only at the "tune"
 * half; the "check" half was left alone, so the two show how much tuning overfitted); the
 * organisation path trained on 70 % of the file and tested on the other 30 %; throughput on one
 * core; and model load time.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const loadStarted = performance.now();
const { createAnalyser, loadDefaultModel } = await import('../src/domains/text/analyser.ts');
loadDefaultModel();
const analyser = createAnalyser();
const loadMs = performance.now() - loadStarted;

const { deserializeLinearModel, predict } = await import('../src/domains/text/linear-model.ts');
const { classificationReport, formatReport } = await import('../src/domains/text/metrics.ts');
const { SENTIMENTS, isHeldOut, themeFeatures, trainSentimentClassifier, trainThemeClassifier } = await import(
  '../src/domains/text/organisation-model.ts'
);
const { DEFAULT_THEMES, ThemeMatcher } = await import('../src/domains/text/themes.ts');
const { AIRLINE_REASON_THEMES } = await import('../src/domains/text/evaluation.ts');

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? join(here, '..', '..', 'shared', 'data', 'airline', 'dev.csv');
const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<{
  id: string;
  sentiment: string;
  reason: string;
  text: string;
}>;

const tune = (row: { id: string }) => !isHeldOut(row.id, 0.5);
const out: string[] = [];
const print = (line = '') => {
  out.push(line);
  console.log(line);
};

print(`Text analytics evaluation on ${file} (${rows.length} tweets)`);
print(`Model load: ${loadMs.toFixed(0)} ms (default weights + lexicons + theme matcher, in a fresh process)`);
print();

// --- Default analyser: sentiment -------------------------------------------------------------
const analyses = rows.map((r) => analyser.analyse(r.text));
const sentimentOn = (keep: (i: number) => boolean, title: string) => {
  const gold: string[] = [];
  const predicted: string[] = [];
  rows.forEach((r, i) => {
    if (!keep(i)) return;
    gold.push(r.sentiment);
    predicted.push((analyses[i] as { sentiment: string }).sentiment);
  });
  print(formatReport(title, classificationReport(gold, predicted, SENTIMENTS)));
};
sentimentOn(() => true, 'Sentiment, default model (never trained on airline) — whole file');
sentimentOn((i) => tune(rows[i] as { id: string }), '  … "tune" half (rules were adjusted looking at these)');
sentimentOn((i) => !tune(rows[i] as { id: string }), '  … "check" half (never looked at)');
print();

// --- Default analyser: complaint reasons → themes ----------------------------------------------
const themeLabels = [...new Set(Object.values(AIRLINE_REASON_THEMES))].sort();
const reasonRows = rows
  .map((r, i) => ({ r, i, theme: AIRLINE_REASON_THEMES[r.reason] }))
  .filter((x): x is { r: (typeof rows)[number]; i: number; theme: string } => x.theme !== undefined);
{
  const gold = reasonRows.map((x) => x.theme);
  const predicted = reasonRows.map((x) => analyses[x.i]?.themes[0]?.key ?? 'none');
  print(
    formatReport(
      'Complaint reasons → default themes (strongest theme of each negative tweet)',
      classificationReport(gold, predicted, themeLabels),
    ),
  );
  const anyHit = reasonRows.filter((x) => analyses[x.i]?.themes.some((t) => t.key === x.theme)).length;
  print(`  the reason's theme among the themes found: ${((anyHit / reasonRows.length) * 100).toFixed(1)} %`);
  print(
    `  mapping: ${Object.entries(AIRLINE_REASON_THEMES)
      .map(([k, v]) => `${k} → ${v}`)
      .join('; ')}`,
  );
}
print();

// --- Organisation path: train on 70 %, test on the other 30 % ----------------------------------
const test = (text: string) => isHeldOut(`${text}#outer`, 0.3);
{
  const train = rows.filter((r) => !test(r.text)).map((r) => ({ text: r.text, label: r.sentiment }));
  const held = rows.filter((r) => test(r.text));
  const started = performance.now();
  const trained = trainSentimentClassifier(train);
  const trainMs = performance.now() - started;
  if (!trained) throw new Error('too few labels to train');
  const model = deserializeLinearModel(trained.model);
  const org = createAnalyser({ organisation: { sentiment: model } });
  const gold = held.map((r) => r.sentiment);
  print(
    formatReport(
      `Sentiment, organisation path (trained on ${train.length}, tested on ${held.length}; ${trainMs.toFixed(0)} ms to train)`,
      classificationReport(
        gold,
        held.map((r) => org.analyse(r.text).sentiment),
        SENTIMENTS,
      ),
    ),
  );
  print(
    formatReport(
      '  default model on the same test part',
      classificationReport(
        gold,
        held.map((r) => analyser.analyse(r.text).sentiment),
        SENTIMENTS,
      ),
    ),
  );
  print(
    `  inner held-out check: organisation ${trained.heldOutMacroF1.toFixed(3)} vs default ${trained.defaultMacroF1.toFixed(3)} → ${trained.use ? 'used' : 'not used'}`,
  );
  const texts = rows.map((r) => r.text);
  for (const t of texts.slice(0, 2000)) org.analyse(t); // warm-up
  const throughputStarted = performance.now();
  for (const t of texts) org.analyse(t);
  const seconds = (performance.now() - throughputStarted) / 1000;
  print(
    `  organisation model: ${Object.keys(trained.model.weights).length.toLocaleString('en')} features, ${Math.round(JSON.stringify(trained.model).length / 1024).toLocaleString('en')} KB as JSON; ${Math.round(texts.length / seconds).toLocaleString('en')} comments/s on one core (full analysis with it)`,
  );
}
{
  const train = reasonRows.filter((x) => !test(x.r.text)).map((x) => ({ text: x.r.text, label: x.theme }));
  const held = reasonRows.filter((x) => test(x.r.text));
  const trained = trainThemeClassifier(train);
  if (!trained) throw new Error('too few theme labels to train');
  const model = deserializeLinearModel(trained.model);
  const matcher = new ThemeMatcher(DEFAULT_THEMES);
  print(
    formatReport(
      `Themes, organisation path (trained on ${train.length}, tested on ${held.length})`,
      classificationReport(
        held.map((x) => x.theme),
        held.map((x) => predict(model, themeFeatures(matcher, x.r.text)).label),
        themeLabels,
      ),
    ),
  );
}
print();

// --- Throughput on one core ----------------------------------------------------------------------
{
  const texts = rows.map((r) => r.text);
  for (const t of texts.slice(0, 2000)) analyser.analyse(t); // warm-up
  const rounds = 3;
  const started = performance.now();
  for (let k = 0; k < rounds; k++) for (const t of texts) analyser.analyse(t);
  const seconds = (performance.now() - started) / 1000;
  print(
    `Throughput: ${Math.round((rounds * texts.length) / seconds).toLocaleString('en')} comments/s on one core (default analyser: sentiment, themes, mentions)`,
  );
}
