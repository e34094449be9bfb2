import { and, eq, type SQL } from 'drizzle-orm';
import { query, sql } from '../../db/client.ts';
import { notFound } from '../../server/errors.ts';
import type { Ctx } from '../auth/context.ts';
import { cases } from './cases.tables.ts';

type CaseRow = typeof cases.$inferSelect;

/** Managers, leaders, admins and integrations see every case; an employee sees the ones they own or watch. */
export function visibility(ctx: Ctx): SQL | undefined {
  if (ctx.actor.type !== 'user' || ctx.actor.role !== 'employee') return undefined;
  const id = ctx.actor.employeeId;
  return sql`(c.owner_id = ${id} or exists (select 1 from case_watchers w
    where w.org_id = c.org_id and w.case_id = c.id and w.employee_id = ${id}))`;
}

/** A case the caller may see, locked for update when inside a write. */
export async function findVisibleCase(ctx: Ctx, id: string, lock = false): Promise<CaseRow> {
  const visible = visibility(ctx);
  const rows = await query<{ id: string }>(
    ctx.db,
    sql`select c.id from cases c where c.org_id = ${ctx.orgId} and c.id = ${id} ${visible ? sql`and ${visible}` : sql``}`,
  );
  if (!rows[0]) throw notFound('Case');
  const select = ctx.db
    .select()
    .from(cases)
    .where(and(eq(cases.orgId, ctx.orgId), eq(cases.id, id)));
  const [row] = lock ? await select.for('update') : await select;
  if (!row) throw notFound('Case');
  return row;
}
