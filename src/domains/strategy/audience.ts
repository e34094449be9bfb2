import { anyUuid, type Db, query, sql } from '../../db/client.ts';

/**
 * The people side of communication: who is asked, in which team, and names to show. Read-only
 * SQL over the people tables, kept in this one file (like src/domains/cases/people-lookup.ts).
 */

/**
 * The active employees asked: everyone, or the members of `teamIds` and the teams below them.
 * Each comes with one team for reach per team: their earliest current membership among the
 * teams asked (any current team when everyone is asked).
 */
export async function resolveAudience(
  db: Db,
  orgId: string,
  teamIds: readonly string[] | null,
): Promise<{ employeeId: string; teamId: string | null }[]> {
  const scoped = teamIds !== null && teamIds.length > 0;
  const rows = await query<{ employee_id: string; team_id: string | null }>(
    db,
    sql`with recursive asked(id) as (
          ${
            scoped
              ? sql`select id from teams where org_id = ${orgId} and id = ${anyUuid(teamIds)}`
              : sql`select id from teams where org_id = ${orgId}`
          }
          union select t.id from teams t join asked on t.parent_id = asked.id where t.org_id = ${orgId})
        select e.id as employee_id,
          (select m.team_id from team_memberships m
            where m.org_id = e.org_id and m.employee_id = e.id and m.ended_at is null
              and m.team_id in (select id from asked)
            order by m.started_at, m.team_id limit 1) as team_id
        from employees e
        where e.org_id = ${orgId} and e.active
        ${
          scoped
            ? sql`and exists (select 1 from team_memberships m where m.org_id = e.org_id
                and m.employee_id = e.id and m.ended_at is null and m.team_id in (select id from asked))`
            : sql``
        }
        order by e.id`,
  );
  return rows.map((r) => ({ employeeId: r.employee_id, teamId: r.team_id }));
}

/** Display names (preferred name first) of people, by id; unknown ids are absent. */
export async function namesOf(db: Db, orgId: string, ids: readonly (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map<string, string>();
  const rows = await query<{ id: string; name: string }>(
    db,
    sql`select id, coalesce(preferred_name, name) as name from employees
        where org_id = ${orgId} and id = ${anyUuid(unique)}`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Team names, by id; unknown ids are absent. */
export async function teamNamesOf(db: Db, orgId: string, ids: readonly (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map<string, string>();
  const rows = await query<{ id: string; name: string }>(
    db,
    sql`select id, name from teams where org_id = ${orgId} and id = ${anyUuid(unique)}`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Who of these ids are employees of the organisation (active or not). */
export async function existingEmployeeIds(db: Db, orgId: string, ids: readonly string[]) {
  return new Set((await namesOf(db, orgId, ids)).keys());
}

/** The people to remind: asked, not acknowledged, still active, below this reminder round. */
export async function peopleToRemind(db: Db, orgId: string, announcementId: string, round: number) {
  return query<{ employee_id: string; name: string; email: string }>(
    db,
    sql`select e.id as employee_id, coalesce(e.preferred_name, e.name) as name, e.email
        from strategy_acknowledgements a
        join employees e on e.org_id = a.org_id and e.id = a.employee_id
        where a.org_id = ${orgId} and a.announcement_id = ${announcementId}
          and a.acknowledged_at is null and a.reminders < ${round} and e.active
        order by e.id`,
  );
}
