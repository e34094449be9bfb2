import { type Db, query, sql } from '../../db/client.ts';
import type { Role } from '../auth/context.ts';

/*
 * Read-only questions about the org chart that close-the-loop needs and the people domain does not
 * answer yet (who manages whom). Kept in one file so they can move into people/ as a service.
 */

/**
 * The manager of a team: its own managers, else the nearest ancestor's (department above the team),
 * skipping `exclude` (so a manager's "manager" is the next level up) and inactive people.
 */
export async function managerOfTeam(
  db: Db,
  orgId: string,
  teamId: string,
  exclude?: string,
): Promise<string | null> {
  const rows = await query<{ employee_id: string }>(
    db,
    sql`with recursive chain(team_id, depth) as (
          select ${teamId}::uuid, 0
          union all
          select t.parent_id, c.depth + 1 from chain c
          join teams t on t.org_id = ${orgId} and t.id = c.team_id
          where t.parent_id is not null and c.depth < 10)
        select m.employee_id from chain c
        join team_managers m on m.org_id = ${orgId} and m.team_id = c.team_id
        join employees e on e.org_id = ${orgId} and e.id = m.employee_id and e.active
        where m.employee_id is distinct from ${exclude ?? null}::uuid
        order by c.depth, m.employee_id limit 1`,
  );
  return rows[0]?.employee_id ?? null;
}

/**
 * The next level above an employee: for a manager, the manager above the teams they manage; for
 * anyone else, the manager of their current team(s). Falls back to an active leader, then admin,
 * so an escalation always reaches somebody (null only when nobody else exists).
 */
export async function managerOf(db: Db, orgId: string, employeeId: string): Promise<string | null> {
  const rows = await query<{ employee_id: string }>(
    db,
    sql`with recursive start(team_id) as (
          select t.parent_id from team_managers m join teams t on t.org_id = m.org_id and t.id = m.team_id
          where m.org_id = ${orgId} and m.employee_id = ${employeeId} and t.parent_id is not null
          union
          select tm.team_id from team_memberships tm
          where tm.org_id = ${orgId} and tm.employee_id = ${employeeId} and tm.ended_at is null
            and not exists (select 1 from team_managers m where m.org_id = ${orgId} and m.employee_id = ${employeeId})),
        chain(team_id, depth) as (
          select team_id, 0 from start
          union all
          select t.parent_id, c.depth + 1 from chain c
          join teams t on t.org_id = ${orgId} and t.id = c.team_id
          where t.parent_id is not null and c.depth < 10)
        select m.employee_id from chain c
        join team_managers m on m.org_id = ${orgId} and m.team_id = c.team_id
        join employees e on e.org_id = ${orgId} and e.id = m.employee_id and e.active
        where m.employee_id <> ${employeeId}
        order by c.depth, m.employee_id limit 1`,
  );
  if (rows[0]) return rows[0].employee_id;
  const top = await query<{ id: string }>(
    db,
    sql`select id from employees where org_id = ${orgId} and active and id <> ${employeeId}
          and role in ('leader', 'admin')
        order by case role when 'leader' then 0 else 1 end, name, id limit 1`,
  );
  return top[0]?.id ?? null;
}

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

export async function findPeople(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, PersonRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await query<PersonRow>(
    db,
    sql`select id, coalesce(preferred_name, name) as name, email, role, active from employees
        where org_id = ${orgId} and id in (${sql.join(
          unique.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Teams the employee belongs to or manages, with every team below them. */
export async function teamsOf(db: Db, orgId: string, employeeId: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    db,
    sql`with recursive mine(id) as (
          select team_id from team_memberships where org_id = ${orgId} and employee_id = ${employeeId} and ended_at is null
          union select team_id from team_managers where org_id = ${orgId} and employee_id = ${employeeId}
          union select t.id from teams t join mine on t.parent_id = mine.id where t.org_id = ${orgId})
        select id from mine`,
  );
  return rows.map((r) => r.id);
}
