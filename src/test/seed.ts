import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { setPassword } from '../domains/auth/auth.service.ts';
import type { Ctx, Role } from '../domains/auth/context.ts';
import { createOrganisation } from '../domains/people/organisations.service.ts';
import { employees, teamMemberships, teams } from '../domains/people/people.tables.ts';

export const TEST_PASSWORD = 'correct horse battery';

export interface SeededOrg {
  orgId: string;
  slug: string;
  /** Ctx acting as the system, for arranging data without permission checks. */
  system: Ctx;
  people: Record<Role, { id: string; email: string; ctx: Ctx }>;
  department: string;
  team: string;
}

/**
 * One organisation with a person of each role (all with TEST_PASSWORD), a department and a team.
 * A test states only what matters to it and takes the rest from here.
 */
export async function seedOrg(db: Db, slug = `org-${uuidv7().slice(-8)}`): Promise<SeededOrg> {
  const org = await createOrganisation(db, {
    name: `Org ${slug}`,
    slug,
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
  });
  const department = uuidv7();
  const team = uuidv7();
  await db.insert(teams).values([
    { orgId: org.id, id: department, name: 'Customer Care', kind: 'department' },
    { orgId: org.id, id: team, name: 'Phone Support', kind: 'team', parentId: department },
  ]);
  const people = {} as SeededOrg['people'];
  for (const role of ['admin', 'leader', 'manager', 'employee'] as const) {
    const id = uuidv7();
    const email = `${role}@${slug}.example`;
    await db
      .insert(employees)
      .values({ orgId: org.id, id, name: `${role[0]?.toUpperCase()}${role.slice(1)} Person`, email, role });
    await db.insert(teamMemberships).values({ orgId: org.id, id: uuidv7(), teamId: team, employeeId: id });
    await setPassword(db, org.id, id, TEST_PASSWORD);
    people[role] = {
      id,
      email,
      ctx: { db, orgId: org.id, actor: { type: 'user', employeeId: id, role, sessionId: uuidv7() } },
    };
  }
  return {
    orgId: org.id,
    slug,
    system: { db, orgId: org.id, actor: { type: 'system' } },
    people,
    department,
    team,
  };
}
