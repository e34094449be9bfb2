import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/**
 * What every CSV import shares (src/domains/people/roster-import.ts set the pattern): the file is
 * parsed and every row validated first, errors name the file's line, and nothing is written unless
 * every row is valid.
 */

export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

export const ImportRowError = z.object({
  row: z.number().int(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportInput = z.strictObject({
  csv: z.string().max(IMPORT_BODY_LIMIT),
  dryRun: z.boolean().default(true),
});

export const ImportReport = z.object({
  dryRun: z.boolean(),
  ok: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows that match what is stored already (or were imported before): nothing to write. */
  unchanged: z.number().int(),
  errors: z.array(ImportRowError),
});
export type ImportReport = z.infer<typeof ImportReport>;

export function emptyImportReport(dryRun: boolean): ImportReport {
  return { dryRun, ok: true, total: 0, created: 0, updated: 0, unchanged: 0, errors: [] };
}

/** Seals a report after planning: any error means nothing will be written, so nothing is counted. */
export function finishReport(report: ImportReport): ImportReport {
  report.ok = report.errors.length === 0;
  if (!report.ok) {
    report.created = 0;
    report.updated = 0;
    report.unchanged = 0;
  }
  return report;
}

export interface CsvRow {
  /** The file's line number where the record starts (the header is line 1). */
  line: number;
  record: Record<string, string>;
}

/** `Customer Email` and `customer-email` both mean `customer_email`; `answer.<questionId>` keeps its id. */
export function normaliseHeader(header: string): string {
  const h = header.trim();
  const answer = /^answer\.(.+)$/i.exec(h);
  if (answer) return `answer.${answer[1]?.trim().toLowerCase()}`;
  return h.toLowerCase().replace(/[\s-]+/g, '_');
}

const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';
/** An empty cell is an absent value. */
export const optionalCell = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (blank(v) ? undefined : v), schema);

export const booleanCell = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['true', 'false', 'yes', 'no', '1', '0'], { error: 'true or false' }),
  )
  .transform((v) => v === 'true' || v === 'yes' || v === '1');

/** `a@x.com; b@x.com` → two addresses, each checked. */
export const emailListCell = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : v,
  z.array(z.email('not a valid email address').max(254)).max(20),
);

/**
 * Parses the file and checks its header. Errors (unparseable file, missing column, no rows, too
 * many rows) are returned instead of rows, each naming line 1 or the line the parser stopped at.
 */
export function readCsv(
  csv: string,
  options: { required?: string[]; oneOf?: string[][]; maxRows?: number } = {},
): { rows: CsvRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  let rows: CsvRow[];
  let header: string[] = [];
  try {
    const parsed = parse(csv, {
      columns: (h: string[]) => {
        header = h.map(normaliseHeader);
        return header;
      },
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    rows = parsed.map((p) => ({ line: p.info.lines, record: p.record }));
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      errors: [{ row: line, field: null, message: `The file is not valid CSV: ${(err as Error).message}` }],
    };
  }
  for (const column of options.required ?? []) {
    if (!header.includes(column))
      errors.push({ row: 1, field: column, message: `The header row has no "${column}" column` });
  }
  for (const group of options.oneOf ?? []) {
    if (!group.some((c) => header.includes(c)))
      errors.push({
        row: 1,
        field: group[0] ?? null,
        message: `The header row needs one of the columns ${group.map((c) => `"${c}"`).join(', ')}`,
      });
  }
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  if (rows.length === 0)
    errors.push({ row: 1, field: null, message: 'The file has no rows under its header' });
  if (rows.length > maxRows)
    errors.push({
      row: 1,
      field: null,
      message: `The file has ${rows.length} rows; the limit is ${maxRows}`,
    });
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}

/** zod issues of one row as report errors, naming the column: the first problem of each column. */
export function rowErrors(line: number, error: z.ZodError): ImportRowError[] {
  const byField = new Map<string | null, ImportRowError>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '') || null;
    if (!byField.has(field)) byField.set(field, { row: line, field, message: issue.message });
  }
  return [...byField.values()];
}
