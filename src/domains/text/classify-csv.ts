import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type Analyser, createAnalyser } from './analyser.ts';
import { deserializeLinearModel } from './linear-model.ts';
import type { RosterEntry } from './mentions.ts';
import { type TrainedClassifier, trainSentimentClassifier } from './organisation-model.ts';

/**
 * `serviceloop text classify`: reads a CSV, writes it back with sentiment, sentiment_score,
 * themes and mentions added. Needs no database: the analyser is in-process. `--train` first
 * trains the organisation path on a labelled file (used only when it beats the default there).
 */
export const ClassifyCsvOptions = z.object({
  in: z.string().min(1),
  out: z.string().min(1),
  textColumn: z.string().min(1),
  train: z.string().min(1).optional(),
  labelColumn: z.string().min(1).optional(),
  roster: z.string().min(1).optional(),
});
export type ClassifyCsvOptions = z.infer<typeof ClassifyCsvOptions>;

export interface ClassifyCsvResult {
  rows: number;
  model: 'default' | 'organisation';
  training: TrainedClassifier | null;
}

function readCsv(file: string): { header: string[]; records: Record<string, string>[] } {
  const records = parse(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  const header = records[0] ? Object.keys(records[0]) : [];
  return { header, records };
}

function column(header: readonly string[], name: string, file: string): string {
  const found = header.find((h) => h === name) ?? header.find((h) => h.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`${file} has no column "${name}" (columns: ${header.join(', ') || 'none'})`);
  return found;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A roster CSV with `name` (full name) and optional `preferred_name` and `id` columns. */
export function readRosterCsv(file: string): RosterEntry[] {
  const { header, records } = readCsv(file);
  const name = column(header, 'name', file);
  return records.map((r, i) => {
    const [firstName = '', ...rest] = (r[name] ?? '').trim().split(/\s+/);
    return {
      id: r.id || r.email || String(i + 1),
      firstName,
      lastName: rest.join(' '),
      preferredName: r.preferred_name || null,
    };
  });
}

export function classifyCsv(options: ClassifyCsvOptions): ClassifyCsvResult {
  let training: TrainedClassifier | null = null;
  if (options.train) {
    if (!options.labelColumn) throw new Error('--train needs --label-column');
    const labelled = readCsv(options.train);
    const text = column(labelled.header, options.textColumn, options.train);
    const label = column(labelled.header, options.labelColumn, options.train);
    training = trainSentimentClassifier(
      labelled.records.map((r) => ({ text: r[text] ?? '', label: (r[label] ?? '').trim().toLowerCase() })),
    );
    if (!training)
      throw new Error(
        `${options.train}: too few usable labels to train (need negative / neutral / positive, at least 25 rows)`,
      );
  }
  const analyser: Analyser = createAnalyser({
    roster: options.roster ? readRosterCsv(options.roster) : [],
    organisation: training?.use ? { sentiment: deserializeLinearModel(training.model) } : {},
  });
  const input = readCsv(options.in);
  const text = column(input.header, options.textColumn, options.in);
  const added = ['sentiment', 'sentiment_score', 'themes', 'mentions'];
  const header = [...input.header.filter((h) => !added.includes(h)), ...added];
  const lines = [header.map(csvField).join(',')];
  for (const record of input.records) {
    const a = analyser.analyse(record[text] ?? '');
    const values: Record<string, string> = {
      ...record,
      sentiment: a.sentiment,
      sentiment_score: String(a.score),
      themes: a.themes.map((t) => t.key).join(';'),
      mentions: a.mentions.map((m) => m.name).join(';'),
    };
    lines.push(header.map((h) => csvField(values[h] ?? '')).join(','));
  }
  writeFileSync(options.out, `${lines.join('\n')}\n`);
  return { rows: input.records.length, model: training?.use ? 'organisation' : 'default', training };
}
