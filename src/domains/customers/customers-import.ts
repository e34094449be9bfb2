import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import {
  booleanCell,
  emptyImportReport,
  finishReport,
  type ImportReport,
  optionalCell,
  readCsv,
  rowErrors,
} from '../../server/csv-import.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { CustomerFields } from './customers.api.ts';
import { customers } from './customers.tables.ts';

export const CUSTOMER_COLUMNS = [
  'external_id',
  'name',
  'email',
  'phone',
  'segment',
  'value',
  'locale',
  'consent_email',
  'consent_publish_name',
];

const CustomerRow = z
  .object({
    external_id: optionalCell(CustomerFields.externalId),
    name: optionalCell(CustomerFields.name),
    email: optionalCell(z.email('not a valid email address').max(254).optional()),
    phone: optionalCell(CustomerFields.phone),
    segment: optionalCell(CustomerFields.segment),
    value: optionalCell(z.coerce.number({ error: 'a number such as 1250.50' }).min(0).max(1e12).optional()),
    locale: optionalCell(CustomerFields.locale),
    consent_email: optionalCell(booleanCell.optional()),
    consent_publish_name: optionalCell(booleanCell.optional()),
  })
  .refine((r) => r.external_id || r.email, {
    message: 'a customer needs an external_id or an email',
    path: ['external_id'],
  });
type CustomerRow = z.infer<typeof CustomerRow>;

type Stored = typeof customers.$inferSelect;
/** The columns a row sets: an empty cell leaves what is stored as it is. */
type Changes = Partial<
  Pick<
    Stored,
    | 'externalId'
    | 'name'
    | 'email'
    | 'phone'
    | 'segment'
    | 'value'
    | 'locale'
    | 'consentEmail'
    | 'consentPublishName'
  >
>;

function columnsOf(row: CustomerRow): Changes {
  const all: Changes = {
    externalId: row.external_id ?? undefined,
    name: row.name ?? undefined,
    email: row.email,
    phone: row.phone ?? undefined,
    segment: row.segment ?? undefined,
    value: row.value,
    locale: row.locale ?? undefined,
    consentEmail: row.consent_email,
    consentPublishName: row.consent_publish_name,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Changes;
}

interface PlannedRow {
  existingId: string | null;
  changes: Changes;
}

const lower = (s: string) => s.toLowerCase();

async function plan(db: Db, ctx: Ctx, csv: string, dryRun: boolean) {
  const report = emptyImportReport(dryRun);
  const rows: PlannedRow[] = [];
  const read = readCsv(csv, { oneOf: [['external_id', 'email']] });
  report.errors.push(...read.errors);
  report.total = read.rows.length;
  if (report.errors.length > 0) return { report: finishReport(report), rows };

  const existing = await db.select().from(customers).where(eq(customers.orgId, ctx.orgId));
  const byExternalId = new Map(existing.filter((c) => c.externalId).map((c) => [c.externalId as string, c]));
  const byEmail = new Map(existing.filter((c) => c.email).map((c) => [lower(c.email as string), c]));
  const seenExternalIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();

  for (const { line, record } of read.rows) {
    const parsed = CustomerRow.safeParse(record);
    if (!parsed.success) {
      report.errors.push(...rowErrors(line, parsed.error));
      continue;
    }
    const row = parsed.data;
    const twice = (seen: Map<string, number>, key: string | null | undefined, field: string) => {
      if (!key) return false;
      const first = seen.get(key);
      if (first !== undefined) {
        report.errors.push({ row: line, field, message: `The same ${field} is already on line ${first}` });
        return true;
      }
      seen.set(key, line);
      return false;
    };
    const repeatedId = twice(seenExternalIds, row.external_id, 'external_id');
    const repeatedEmail = twice(seenEmails, row.email && lower(row.email), 'email');
    if (repeatedId || repeatedEmail) continue;

    const byId = row.external_id ? byExternalId.get(row.external_id) : undefined;
    const byMail = row.email ? byEmail.get(lower(row.email)) : undefined;
    if (byId && byMail && byId.id !== byMail.id) {
      report.errors.push({
        row: line,
        field: 'email',
        message: `This email belongs to another customer${byMail.externalId ? ` (external id ${byMail.externalId})` : ''}`,
      });
      continue;
    }
    const match = byId ?? byMail;
    if (!byId && byMail?.externalId && row.external_id) {
      report.errors.push({
        row: line,
        field: 'external_id',
        message: `The customer with this email has the external id ${byMail.externalId}`,
      });
      continue;
    }
    const columns = columnsOf(row);
    if (!match) {
      report.created++;
      rows.push({ existingId: null, changes: columns });
      continue;
    }
    const changes = Object.fromEntries(
      Object.entries(columns).filter(([key, value]) => match[key as keyof Changes] !== value),
    ) as Changes;
    if (Object.keys(changes).length === 0) {
      report.unchanged++;
      continue;
    }
    report.updated++;
    rows.push({ existingId: match.id, changes });
  }
  return { report: finishReport(report), rows };
}

/**
 * Imports customers from CSV (CUSTOMER_COLUMNS), matched by external id, then by email. Every row is
 * validated first; rows are written only when `dryRun` is false and none has an error, in one
 * transaction. Re-importing the same file changes nothing and counts every row unchanged.
 */
export async function importCustomers(
  ctx: Ctx,
  input: { csv: string; dryRun: boolean },
): Promise<ImportReport> {
  authorize(ctx, 'customers:write');
  if (input.dryRun) return (await plan(ctx.db, ctx, input.csv, true)).report;
  return ctx.db.transaction(async (tx) => {
    const { report, rows } = await plan(tx, ctx, input.csv, false);
    if (!report.ok) return report;
    for (const { existingId, changes } of rows) {
      if (existingId) {
        await tx
          .update(customers)
          .set({ ...changes, updatedAt: new Date() })
          .where(and(eq(customers.orgId, ctx.orgId), eq(customers.id, existingId)));
      } else {
        await tx.insert(customers).values({ orgId: ctx.orgId, id: uuidv7(), ...changes });
      }
    }
    const { errors: _, ...counts } = report;
    await recordAudit({ ...ctx, db: tx }, 'customers.imported', null, counts);
    return report;
  });
}
