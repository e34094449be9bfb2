import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import {
  createEmployee,
  getEmployee,
  listEmployees,
  listMemberships,
  updateEmployee,
} from './employees.service.ts';
import { importRoster } from './roster-import.ts';
import { createTeam, getTeam, listTeams, updateTeam } from './teams.service.ts';

const listAll = (ctx: SeededOrg['system'], q: Partial<Parameters<typeof listEmployees>[1]> = {}) =>
  listEmployees(ctx, { limit: 500, ...q });

describe.each(DATABASE_KINDS)('people on %s', (kind) => {
  let database: TestDatabase;
  let org: SeededOrg;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await seedOrg(database.db);
  });
  afterAll(() => database.dispose());

  describe('employees', () => {
    it('creates a person in teams, finds them by name, nickname or email, and keeps membership history', async () => {
      const admin = org.people.admin.ctx;
      const created = await createEmployee(admin, {
        name: 'Siobhan Gallagher',
        preferredName: 'Shiv',
        email: 'siobhan.gallagher@example.com',
        role: 'employee',
        startDate: '2024-03-01',
        teamIds: [org.team],
      });
      expect(created).toMatchObject({
        preferredName: 'Shiv',
        teamIds: [org.team],
        active: true,
        startDate: '2024-03-01',
      });
      for (const q of ['gallagher', 'Shiv', 'siobhan.gallagher@']) {
        const { items } = await listAll(admin, { q });
        expect(items.map((e) => e.id)).toContain(created.id);
      }
      const otherTeam = await createTeam(admin, {
        name: 'Chat & Email',
        kind: 'team',
        parentId: org.department,
        managerIds: [],
      });
      await updateEmployee(admin, created.id, { teamIds: [otherTeam.id] });
      const history = await listMemberships(admin, created.id);
      expect(history.map((m) => [m.teamName, m.endedAt === null])).toEqual([
        ['Phone Support', false],
        ['Chat & Email', true],
      ]);
      const inTeam = await listAll(admin, { teamId: otherTeam.id });
      expect(inTeam.items.map((e) => e.id)).toEqual([created.id]);
    });

    it('refuses a second person with the same email, whatever its case, with CONFLICT', async () => {
      const admin = org.people.admin.ctx;
      await expect(
        createEmployee(admin, {
          name: 'Copy',
          email: org.people.manager.email.toUpperCase(),
          role: 'employee',
          teamIds: [],
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        updateEmployee(admin, org.people.leader.id, { email: org.people.manager.email }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('deactivates and reactivates, filters by active, and only admins may write', async () => {
      const admin = org.people.admin.ctx;
      const person = await createEmployee(admin, {
        name: 'Tariq Haddad',
        email: 'tariq@example.com',
        role: 'employee',
        teamIds: [],
      });
      await updateEmployee(admin, person.id, { active: false });
      expect((await listAll(admin, { active: 'false' })).items.map((e) => e.id)).toContain(person.id);
      expect((await listAll(admin, { active: 'true' })).items.map((e) => e.id)).not.toContain(person.id);
      await updateEmployee(admin, person.id, { active: true });
      expect((await getEmployee(admin, person.id)).active).toBe(true);
      await expect(
        updateEmployee(org.people.manager.ctx, person.id, { active: false }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('pages through everyone in name order without gaps or repeats', async () => {
      const admin = org.people.admin.ctx;
      const all = (await listAll(admin)).items.map((e) => e.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listEmployees(admin, { limit: 2, cursor });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all);
    });
  });

  describe('teams', () => {
    it('keeps the hierarchy department → team → sub-team', async () => {
      const admin = org.people.admin.ctx;
      await expect(createTeam(admin, { name: 'Orphan', kind: 'team', managerIds: [] })).rejects.toMatchObject(
        {
          code: 'INVALID',
        },
      );
      await expect(
        createTeam(admin, {
          name: 'Wrong level',
          kind: 'sub_team',
          parentId: org.department,
          managerIds: [],
        }),
      ).rejects.toMatchObject({ code: 'INVALID' });
      const sub = await createTeam(admin, {
        name: 'Tier 2',
        kind: 'sub_team',
        parentId: org.team,
        managerIds: [org.people.manager.id],
      });
      expect(sub).toMatchObject({ parentId: org.team, managerIds: [org.people.manager.id], memberCount: 0 });
      await expect(updateTeam(admin, sub.id, { parentId: org.department })).rejects.toMatchObject({
        code: 'INVALID',
      });
      await expect(
        createTeam(admin, { name: 'tier 2', kind: 'sub_team', parentId: org.team, managerIds: [] }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const renamed = await updateTeam(admin, sub.id, { name: 'Tier 2 Specialists', managerIds: [] });
      expect(renamed).toMatchObject({ name: 'Tier 2 Specialists', managerIds: [] });
      expect((await getTeam(admin, org.team)).memberCount).toBeGreaterThanOrEqual(4);
    });
  });

  describe('roster import', () => {
    const header = 'email,name,preferred_name,role,start_date,department,team,active';

    it('reports every bad row with its line and writes nothing while any row is invalid', async () => {
      const local = await seedOrg(database.db);
      const admin = local.people.admin.ctx;
      const before = (await listAll(admin)).items.length;
      const csv = [
        header,
        'nadia.shah@example.com,Nadia Shah,,employee,2024-01-10,Customer Care,Phone Support,true',
        'not-an-email,Bad Email,,,,,,',
        'omar.mahmoud@example.com,Omar Mahmoud,,wizard,2024-13-40,,,',
        'nadia.shah@example.com,Nadia Again,,,,,,',
      ].join('\n');
      const report = await importRoster(admin, { csv, dryRun: false, deactivateMissing: false });
      expect(report.ok).toBe(false);
      expect(report.errors.map((e) => [e.row, e.field])).toEqual([
        [3, 'email'],
        [4, 'role'],
        [4, 'start_date'],
        [5, 'email'],
      ]);
      expect((await listAll(admin)).items.length).toBe(before);
    });

    it('creates people and missing teams, then re-importing the same file changes nothing', async () => {
      const local = await seedOrg(database.db);
      const admin = local.people.admin.ctx;
      const csv = [
        header,
        'nadia.shah@example.com,Nadia Shah,,employee,2024-01-10,Customer Care,Phone Support,true',
        'kenji.tanaka@example.com,Kenji Tanaka,Ken,manager,,Field Services,North Region,',
        'lena.fischer@example.com,Lena Fischer,,,,Field Services,,',
      ].join('\n');
      const dry = await importRoster(admin, { csv, dryRun: true, deactivateMissing: false });
      expect(dry).toMatchObject({ ok: true, dryRun: true, total: 3, created: 3, updated: 0 });
      expect(dry.teamsCreated.sort()).toEqual(['Field Services', 'Field Services / North Region']);
      expect((await listAll(admin, { q: 'Nadia' })).items).toHaveLength(0);

      const real = await importRoster(admin, { csv, dryRun: false, deactivateMissing: false });
      expect(real).toMatchObject({ ok: true, created: 3 });
      const kenji = (await listAll(admin, { q: 'kenji' })).items[0];
      expect(kenji).toMatchObject({ preferredName: 'Ken', role: 'manager', teamIds: [expect.any(String)] });
      const teams = await listTeams(admin);
      const north = teams.find((t) => t.name === 'North Region');
      expect(teams.find((t) => t.id === north?.parentId)?.name).toBe('Field Services');

      const again = await importRoster(admin, { csv, dryRun: false, deactivateMissing: false });
      expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3, teamsCreated: [] });
      expect((await listTeams(admin)).length).toBe(teams.length);
    });

    it('updates people matched by email and can deactivate those missing from the file, never the importer', async () => {
      const local = await seedOrg(database.db);
      const admin = local.people.admin.ctx;
      const csv = [header, `${local.people.manager.email.toUpperCase()},Renamed Manager,,leader,,,,`].join(
        '\n',
      );
      const report = await importRoster(admin, { csv, dryRun: false, deactivateMissing: true });
      expect(report).toMatchObject({ ok: true, created: 0, updated: 1, deactivated: 2 });
      const everyone = (await listAll(admin)).items;
      expect(everyone.find((e) => e.id === local.people.manager.id)).toMatchObject({
        name: 'Renamed Manager',
        role: 'leader',
        active: true,
      });
      expect(everyone.find((e) => e.id === local.people.admin.id)?.active).toBe(true);
      expect(
        everyone
          .filter((e) => !e.active)
          .map((e) => e.id)
          .sort(),
      ).toEqual([local.people.leader.id, local.people.employee.id].sort());
    });

    it('rejects a file without the required columns or that is not CSV', async () => {
      const admin = org.people.admin.ctx;
      const noName = await importRoster(admin, {
        csv: 'email\na@example.com',
        dryRun: true,
        deactivateMissing: false,
      });
      expect(noName.errors[0]).toMatchObject({ row: 1, field: 'name' });
      const broken = await importRoster(admin, {
        csv: `${header}\n"unclosed,quote`,
        dryRun: true,
        deactivateMissing: false,
      });
      expect(broken.ok).toBe(false);
      expect(broken.errors[0]?.message).toMatch(/not valid CSV/);
    });
  });
});
