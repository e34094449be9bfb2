import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import {
  emailListCell,
  emptyImportReport,
  finishReport,
  type ImportReport,
  optionalCell,
  readCsv,
  rowErrors,
} from '../../server/csv-import.ts';
import { IsoDateTime } from '../../server/http.ts';
import { idempotencyKeys } from '../../server/idempotency.tables.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { employees, teams } from '../people/people.tables.ts';
import { ChannelSchema, type CreateInteractionInput } from './customers.api.ts';
import { createInteractionIn } from './interactions.service.ts';

export const INTERACTION_COLUMNS = [
  'occurred_at',
  'channel',
  'customer_external_id',
  'customer_email',
  'customer_name',
  'employee_emails',
  'team',
  'external_ref',
];

const InteractionRow = z
  .object({
    occurred_at: z.preprocess((v) => (v === '' ? undefined : v), IsoDateTime),
    channel: z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .trim()
              .toLowerCase()
              .replace(/[\s-]+/g, '_')
          : v,
      ChannelSchema,
    ),
    customer_external_id: optionalCell(z.string().max(200).optional()),
    customer_email: optionalCell(z.email('not a valid email address').max(254).optional()),
    customer_name: optionalCell(z.string().max(200).optional()),
    employee_emails: optionalCell(emailListCell.optional()),
    team: optionalCell(z.string().max(200).optional()),
    external_ref: optionalCell(z.string().max(200).optional()),
  })
  .refine((r) => r.customer_external_id || r.customer_email, {
    message: 'a customer needs a customer_external_id or a customer_email',
    path: ['customer_external_id'],
  });

/**
 * createInteractionIn owns its idempotency scope ('interaction') and must give the interaction its
 * id, so an imported row's key lives there under this prefix: a re-import, or a helpdesk sending the
 * same ticket, is stored once.
 */
export const importKey = (externalRef: string, occurredAt: string) =>
  `interaction-import:${externalRef}@${new Date(occurredAt).toISOString()}`;

const lower = (s: string) => s.toLowerCase();

/** Team names as people write them: one name may not mean two teams. */
export async function teamsByName(db: Db, orgId: string): Promise<Map<string, string[]>> {
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.orgId, orgId));
  const byName = new Map<string, string[]>();
  for (const t of rows) byName.set(lower(t.name), [...(byName.get(lower(t.name)) ?? []), t.id]);
  return byName;
}

export async function employeesByEmail(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: employees.id, email: employees.email })
    .from(employees)
    .where(eq(employees.orgId, orgId));
  return new Map(rows.map((e) => [lower(e.email), e.id]));
}

/** Which of these keys are stored already in a scope, a few thousand at a time. */
export async function existingKeys(
  db: Db,
  orgId: string,
  scope: string,
  keys: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 5_000) {
    const chunk = keys.slice(i, i + 5_000);
    const rows = await db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.orgId, orgId),
          eq(idempotencyKeys.scope, scope),
          inArray(idempotencyKeys.key, chunk),
        ),
      );
    for (const r of rows) found.add(r.key);
  }
  return found;
}

interface PlannedRow {
  input: CreateInteractionInput;
  key: string | null;
}

async function plan(db: Db, ctx: Ctx, csv: string, dryRun: boolean) {
  const report = emptyImportReport(dryRun);
  const planned: PlannedRow[] = [];
  const read = readCsv(csv, {
    required: ['occurred_at', 'channel'],
    oneOf: [['customer_external_id', 'customer_email']],
  });
  report.errors.push(...read.errors);
  report.total = read.rows.length;
  if (report.errors.length > 0) return { report: finishReport(report), planned };

  const people = await employeesByEmail(db, ctx.orgId);
  const teamIds = await teamsByName(db, ctx.orgId);
  const seenKeys = new Map<string, number>();
  for (const { line, record } of read.rows) {
    const parsed = InteractionRow.safeParse(record);
    if (!parsed.success) {
      report.errors.push(...rowErrors(line, parsed.error));
      continue;
    }
    const row = parsed.data;
    const unknown = (row.employee_emails ?? []).filter((e) => !people.has(lower(e)));
    if (unknown.length > 0) {
      report.errors.push({
        row: line,
        field: 'employee_emails',
        message: `No employee has the email ${unknown.join(', ')}`,
      });
    }
    let teamId: string | null = null;
    if (row.team) {
      const ids = teamIds.get(lower(row.team)) ?? [];
      if (ids.length !== 1)
        report.errors.push({
          row: line,
          field: 'team',
          message: ids.length === 0 ? `No team is called "${row.team}"` : 'Several teams have this name',
        });
      teamId = ids[0] ?? null;
    }
    const key = row.external_ref ? importKey(row.external_ref, row.occurred_at) : null;
    if (key) {
      const first = seenKeys.get(key);
      if (first !== undefined)
        report.errors.push({
          row: line,
          field: 'external_ref',
          message: `The same external_ref and occurred_at are already on line ${first}`,
        });
      else seenKeys.set(key, line);
    }
    if (report.errors.some((e) => e.row === line)) continue;
    planned.push({
      key,
      input: {
        customer: {
          ...(row.customer_external_id && { externalId: row.customer_external_id }),
          ...(row.customer_email && { email: row.customer_email }),
          ...(row.customer_name && { name: row.customer_name }),
        },
        channel: row.channel,
        occurredAt: row.occurred_at,
        employeeIds: (row.employee_emails ?? []).map((e) => people.get(lower(e)) as string),
        employeeEmails: [],
        teamId,
        externalRef: row.external_ref ?? null,
        metadata: { source: 'csv-import' },
      },
    });
  }
  const imported = await existingKeys(
    db,
    ctx.orgId,
    'interaction',
    planned.flatMap((p) => (p.key ? [p.key] : [])),
  );
  const toWrite = planned.filter((p) => !(p.key && imported.has(p.key)));
  report.unchanged = planned.length - toWrite.length;
  report.created = toWrite.length;
  return { report: finishReport(report), planned: toWrite };
}

/**
 * Imports interactions from CSV (INTERACTION_COLUMNS). Every row is validated first (the people and
 * the team must exist); rows are written only when `dryRun` is false and none has an error, in one
 * transaction. A row with an external_ref is stored once per (external_ref, occurred_at), so
 * re-importing the file adds nothing; a row without one is new every time.
 */
export async function importInteractions(
  ctx: Ctx,
  input: { csv: string; dryRun: boolean },
): Promise<ImportReport> {
  authorize(ctx, 'customers:write');
  if (input.dryRun) return (await plan(ctx.db, ctx, input.csv, true)).report;
  return ctx.db.transaction(async (tx) => {
    const { report, planned } = await plan(tx, ctx, input.csv, false);
    if (!report.ok) return report;
    for (const row of planned) await createInteractionIn(tx, ctx, row.input, row.key);
    const { errors: _, ...counts } = report;
    await recordAudit({ ...ctx, db: tx }, 'interactions.imported', null, counts);
    return report;
  });
}
