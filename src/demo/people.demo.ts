import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { setPassword } from '../domains/auth/auth.service.ts';
import { createOrganisation, findOrganisationBySlug } from '../domains/people/organisations.service.ts';
import { employees, teamManagers, teamMemberships, teams } from '../domains/people/people.tables.ts';
import { pick, seededRandom } from './random.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'maya.lindqvist@lakeside.example';
export const DEMO_PASSWORD = 'serviceloop-demo';
const DOMAIN = 'lakeside.example';

// Lakeside Home Services: a regional home-services company (boiler and heat-pump servicing,
// repairs, installations) with a contact centre, field technicians and a billing team.
const STRUCTURE: {
  department: string;
  head: string;
  teams: { name: string; size: number; subTeams?: { name: string; size: number }[] }[];
}[] = [
  {
    department: 'Customer Care',
    head: 'Daniel Okonkwo',
    teams: [
      {
        name: 'Phone Support',
        size: 6,
        subTeams: [
          { name: 'Tier 1', size: 7 },
          { name: 'Tier 2 Specialists', size: 5 },
        ],
      },
      { name: 'Chat & Email', size: 8 },
      { name: 'Complaints & Retention', size: 6 },
    ],
  },
  {
    department: 'Field Services',
    head: 'Sofia Marchetti',
    teams: [
      { name: 'North Region Technicians', size: 9 },
      { name: 'South Region Technicians', size: 9 },
      { name: 'Installations', size: 7 },
    ],
  },
  {
    department: 'Billing & Accounts',
    head: 'Priya Raman',
    teams: [
      { name: 'Billing Support', size: 6 },
      { name: 'Home Plans & Renewals', size: 5 },
    ],
  },
];

const FIRST_NAMES = [
  'Aisha',
  'Alejandro',
  'Amelia',
  'Anders',
  'Ananya',
  'Beatriz',
  'Benjamin',
  'Carmen',
  'Chloe',
  'Connor',
  'Dmitri',
  'Elena',
  'Emeka',
  'Fatima',
  'Finn',
  'Gabriel',
  'Hannah',
  'Hiroshi',
  'Ingrid',
  'Isabela',
  'Jamal',
  'Jonas',
  'Julia',
  'Kwame',
  'Leila',
  'Liam',
  'Lucía',
  'Marcus',
  'Mateo',
  'Mei',
  'Nadia',
  'Niamh',
  'Noah',
  'Olumide',
  'Oscar',
  'Patrick',
  'Rafael',
  'Rosa',
  'Samir',
  'Sara',
  'Siobhan',
  'Tariq',
  'Thomas',
  'Tomasz',
  'Valentina',
  'Wei',
  'Yusuf',
  'Zara',
  'Ines',
  'Kenji',
  'Lena',
  'Omar',
  'Paula',
  'Ravi',
  'Sinead',
  'Teodor',
  'Uma',
  'Viktor',
  'Yara',
  'Zoltan',
];
const LAST_NAMES = [
  'Adeyemi',
  'Andersson',
  'Bauer',
  'Brennan',
  'Castillo',
  'Chen',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fernández',
  'Fischer',
  'Gallagher',
  'García',
  'Haddad',
  'Hughes',
  'Ibrahim',
  'Jansen',
  'Kaur',
  'Kowalski',
  'Larsen',
  'Mensah',
  'Moreau',
  'Murphy',
  'Nakamura',
  'Nowak',
  'O’Brien',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Santos',
  'Schmidt',
  'Shah',
  'Silva',
  'Sørensen',
  'Tanaka',
  'Thompson',
  'Varga',
  'Walsh',
  'Wójcik',
  'Yilmaz',
  'Zhang',
  'Novak',
  'Lindgren',
  'Mahmoud',
  'Pereira',
  'Reyes',
  'Kimura',
];
// Some people go by a shorter name; the product shows it and text analytics matches it.
const NICKNAMES: Record<string, string> = {
  Alejandro: 'Alex',
  Benjamin: 'Ben',
  Gabriel: 'Gabe',
  Patrick: 'Pat',
  Thomas: 'Tom',
  Valentina: 'Val',
  Isabela: 'Bela',
  Rafael: 'Rafa',
  Dmitri: 'Dima',
  Olumide: 'Lumi',
  Marcus: 'Marc',
  Viktor: 'Vik',
};

const emailOf = (name: string) =>
  `${name
    .normalize('NFD')
    .replace(/[\u0300-\u036f’']/g, '')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')}@${DOMAIN}`;

export interface DemoResult {
  orgId: string;
  created: boolean;
  people: number;
  teams: number;
}

/**
 * Creates the demo organisation "Lakeside Home Services" (slug `demo`) with a believable structure
 * and roster. Idempotent: does nothing when the organisation exists.
 */
export async function loadDemoPeople(
  db: Db,
  progress: (message: string) => void = () => {},
): Promise<DemoResult> {
  const existing = await findOrganisationBySlug(db, DEMO_SLUG);
  if (existing) return { orgId: existing.id, created: false, people: 0, teams: 0 };
  const random = seededRandom(20261123);
  return db.transaction(async (tx) => {
    const org = await createOrganisation(tx, {
      name: 'Lakeside Home Services',
      slug: DEMO_SLUG,
      timeZone: 'Europe/Dublin',
      currency: 'EUR',
    });
    const orgId = org.id;
    const used = new Set<string>(['Maya Lindqvist', ...STRUCTURE.map((d) => d.head)]);
    const personName = () => {
      for (;;) {
        const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
        if (!used.has(name)) {
          used.add(name);
          return name;
        }
      }
    };
    const startDate = (maxYears: number) => {
      const days = Math.floor(random() * maxYears * 365) + 20;
      return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    };
    const employeeRows: (typeof employees.$inferInsert)[] = [];
    const memberships: (typeof teamMemberships.$inferInsert)[] = [];
    const managers: (typeof teamManagers.$inferInsert)[] = [];
    const teamRows: (typeof teams.$inferInsert)[] = [];

    const addPerson = (
      name: string,
      role: 'admin' | 'leader' | 'manager' | 'employee',
      teamId: string | null,
    ) => {
      const id = uuidv7();
      const first = name.split(' ')[0] ?? name;
      employeeRows.push({
        orgId,
        id,
        name,
        preferredName: NICKNAMES[first] ?? null,
        email: emailOf(name),
        role,
        startDate: startDate(role === 'employee' ? 6 : 12),
      });
      if (teamId)
        memberships.push({
          orgId,
          id: uuidv7(),
          teamId,
          employeeId: id,
          startedAt: new Date(Date.now() - 400 * 86_400_000),
        });
      return id;
    };

    const adminId = addPerson('Maya Lindqvist', 'admin', null);
    for (const dept of STRUCTURE) {
      const deptId = uuidv7();
      teamRows.push({ orgId, id: deptId, name: dept.department, kind: 'department' });
      const headId = addPerson(dept.head, 'leader', deptId);
      managers.push({ orgId, teamId: deptId, employeeId: headId });
      for (const team of dept.teams) {
        const teamId = uuidv7();
        teamRows.push({ orgId, id: teamId, name: team.name, kind: 'team', parentId: deptId });
        const managerId = addPerson(personName(), 'manager', teamId);
        managers.push({ orgId, teamId, employeeId: managerId });
        for (let i = 0; i < team.size; i++) addPerson(personName(), 'employee', teamId);
        for (const sub of team.subTeams ?? []) {
          const subId = uuidv7();
          teamRows.push({ orgId, id: subId, name: sub.name, kind: 'sub_team', parentId: teamId });
          const leadId = addPerson(personName(), 'manager', subId);
          managers.push({ orgId, teamId: subId, employeeId: leadId });
          for (let i = 0; i < sub.size; i++) addPerson(personName(), 'employee', subId);
        }
      }
    }
    progress(`demo: ${teamRows.length} teams, ${employeeRows.length} people`);
    // Departments first: teams reference their parent.
    for (const kind of ['department', 'team', 'sub_team'] as const) {
      const rows = teamRows.filter((t) => t.kind === kind);
      if (rows.length > 0) await tx.insert(teams).values(rows);
    }
    await tx.insert(employees).values(employeeRows);
    await tx.insert(teamMemberships).values(memberships);
    await tx.insert(teamManagers).values(managers);
    await setPassword(tx, orgId, adminId, DEMO_PASSWORD);
    return { orgId, created: true, people: employeeRows.length, teams: teamRows.length };
  });
}
