import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';

/**
 * Who manages whom: a person's managers are the managers of their current teams and of those
 * teams' parents (a department head manages the department's teams). Written once here because
 * feedback privacy, coverage and praise suggestions must all agree on it.
 */
export function managesSql(orgId: string, managerId: SQL | string, employee: SQL): SQL {
  // Aliases unlikely to shadow the caller's: `employee` is an expression over the outer query.
  return sql`exists (select 1 from team_memberships mg_m
    join teams mg_t on mg_t.org_id = mg_m.org_id and mg_t.id = mg_m.team_id
    left join teams mg_p on mg_p.org_id = mg_t.org_id and mg_p.id = mg_t.parent_id
    join team_managers mg_tm on mg_tm.org_id = mg_m.org_id and mg_tm.team_id in (mg_t.id, mg_p.id, mg_p.parent_id)
    where mg_m.org_id = ${orgId} and mg_m.employee_id = ${employee} and mg_m.ended_at is null
      and mg_tm.employee_id = ${managerId})`;
}

export async function isManagerOf(db: Db, orgId: string, managerId: string, employeeId: string) {
  if (managerId === employeeId) return false;
  const [row] = await query<{ yes: boolean }>(
    db,
    sql`select ${managesSql(orgId, managerId, sql`${employeeId}`)} as yes`,
  );
  return row?.yes === true;
}

/** The managers of a person (for praise suggestions), never the person themselves. */
export async function managersOf(db: Db, orgId: string, employeeId: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    db,
    sql`select distinct tm.employee_id as id from team_memberships m
        join teams t on t.org_id = m.org_id and t.id = m.team_id
        left join teams p on p.org_id = t.org_id and p.id = t.parent_id
        join team_managers tm on tm.org_id = m.org_id and tm.team_id in (t.id, p.id, p.parent_id)
        join employees e on e.org_id = tm.org_id and e.id = tm.employee_id and e.active
        where m.org_id = ${orgId} and m.employee_id = ${employeeId} and m.ended_at is null
          and tm.employee_id <> ${employeeId}`,
  );
  return rows.map((r) => r.id);
}

/** The team and the teams below it (the hierarchy has three levels), for "filter by team". */
export function teamAndBelow(orgId: string, teamId: string): SQL {
  return sql`(select tb_t.id from teams tb_t left join teams tb_p on tb_p.org_id = tb_t.org_id and tb_p.id = tb_t.parent_id
    where tb_t.org_id = ${orgId} and (tb_t.id = ${teamId} or tb_t.parent_id = ${teamId} or tb_p.parent_id = ${teamId}))`;
}

/** Timestamps come back as Date from node-postgres and PGlite, as strings inside JSON. */
export const isoOf = (v: Date | string) => new Date(v).toISOString();
