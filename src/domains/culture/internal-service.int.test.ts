import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { AppError } from '../../server/errors.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import type { Ctx } from '../auth/context.ts';
import { employees, teamManagers, teamMemberships, teams } from '../people/people.tables.ts';
import type { InternalMatrixView, InternalRoundView } from './internal-service.api.ts';
import { answerInternalRound, myOpenInternalRounds } from './internal-service.service.ts';

const DAY = 86_400_000;
type Scores = {
  nps: number;
  reliability: number;
  assurance: number;
  tangibles: number;
  empathy: number;
  responsiveness: number;
};

describe.each(DATABASE_KINDS)('internal customers on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let leader: Session;
  let employee: Session;
  let manager: Session;
  // The seeded Customer Care department (Phone Support) plus Field → Installers (6) and Surveyors (2),
  // Office → Billing (3), and Warehouse (5, a department with no sub-teams).
  const field = uuidv7();
  const installers = uuidv7();
  const surveyors = uuidv7();
  const office = uuidv7();
  const billing = uuidv7();
  const warehouse = uuidv7();
  const people: Record<string, { id: string; ctx: Ctx }[]> = {};
  let round: InternalRoundView;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
    const db = database.db;
    await db.insert(teams).values([
      { orgId: org.orgId, id: field, name: 'Field', kind: 'department' },
      { orgId: org.orgId, id: installers, name: 'Installers', kind: 'team', parentId: field },
      { orgId: org.orgId, id: surveyors, name: 'Surveyors', kind: 'team', parentId: field },
      { orgId: org.orgId, id: office, name: 'Office', kind: 'department' },
      { orgId: org.orgId, id: billing, name: 'Billing', kind: 'team', parentId: office },
      { orgId: org.orgId, id: warehouse, name: 'Warehouse', kind: 'department' },
    ]);
    for (const [team, count] of [
      [installers, 6],
      [surveyors, 2],
      [billing, 3],
      [warehouse, 5],
    ] as const) {
      people[team] = [];
      for (let i = 0; i < count; i++) {
        const id = uuidv7();
        await db.insert(employees).values({
          orgId: org.orgId,
          id,
          name: `Person ${i}`,
          email: `p-${id.slice(-8)}@${org.slug}.example`,
        });
        await db
          .insert(teamMemberships)
          .values({ orgId: org.orgId, id: uuidv7(), teamId: team, employeeId: id });
        people[team]?.push({
          id,
          ctx: {
            db,
            orgId: org.orgId,
            actor: { type: 'user', employeeId: id, role: 'employee', sessionId: 'x' },
          },
        });
      }
    }
    await db
      .insert(teamManagers)
      .values({ orgId: org.orgId, teamId: billing, employeeId: org.people.manager.id });
    const res = await leader.request('POST', '/api/v1/culture/internal/rounds', {
      title: 'Internal service, spring',
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 14 * DAY).toISOString(),
      providerTeamIds: [billing, warehouse],
    });
    expect(res.statusCode, res.body).toBe(201);
    round = res.json() as InternalRoundView;
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const of = (team: string) => people[team] ?? [];
  const rate = (p: { ctx: Ctx }, ratings: (Scores & { providerTeamId: string; comment?: string })[]) =>
    answerInternalRound(p.ctx, round.id, { ratings });

  it('asks each person about the providers other than their own team, once, storing no identity', async () => {
    expect(round).toMatchObject({ status: 'open', providers: [{ name: 'Billing' }, { name: 'Warehouse' }] });
    expect(
      (
        await employee.request('POST', '/api/v1/culture/internal/rounds', {
          title: 'x',
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + DAY).toISOString(),
          providerTeamIds: [billing],
        })
      ).statusCode,
    ).toBe(403);

    const biller = of(billing)[0] as { id: string; ctx: Ctx };
    const open = await myOpenInternalRounds(biller.ctx);
    expect(open.items).toHaveLength(1);
    expect(open.items[0]?.providers.map((p) => p.name)).toEqual(['Warehouse']);
    expect(open.items[0]?.items.map((i) => i.dimension)).toEqual([
      'reliability',
      'assurance',
      'tangibles',
      'empathy',
      'responsiveness',
    ]);
    const scores = { nps: 8, reliability: 4, assurance: 4, tangibles: 4, empathy: 4, responsiveness: 4 };
    // Own team refused; so is a team the round does not ask about and a second rating of one team.
    await expect(rate(biller, [{ providerTeamId: billing, ...scores }])).rejects.toMatchObject({
      code: 'INVALID',
    });
    await expect(rate(biller, [{ providerTeamId: installers, ...scores }])).rejects.toBeInstanceOf(AppError);
    await expect(
      rate(biller, [
        { providerTeamId: warehouse, ...scores },
        { providerTeamId: warehouse, ...scores },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID' });
    // A department is its members' own team too.
    const surveyor = of(surveyors)[0] as { ctx: Ctx };
    expect((await myOpenInternalRounds(surveyor.ctx)).items[0]?.providers).toHaveLength(2);

    for (const p of of(billing))
      await rate(p, [{ providerTeamId: warehouse, ...scores, comment: 'Deliveries arrive on time.' }]);
    await expect(rate(biller, [{ providerTeamId: warehouse, ...scores }])).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const again = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    const http = await again.request('POST', `/api/v1/culture/internal/rounds/${round.id}/answers`, {
      ratings: [{ providerTeamId: warehouse, ...scores }],
    });
    expect(http.statusCode, http.body).toBe(201);
    expect(
      (
        await again.request('POST', `/api/v1/culture/internal/rounds/${round.id}/answers`, {
          ratings: [{ providerTeamId: billing, ...scores }],
        })
      ).statusCode,
    ).toBe(409);
    expect((await myOpenInternalRounds(biller.ctx)).items).toEqual([]);

    // No rating or comment row holds anyone's id; their ids are random (v4); no column holds a time.
    const rows = await query<{ row: string; id: string }>(
      database.db,
      sql`select row_to_json(r)::text as row, r.id::text as id from internal_service_ratings r where org_id = ${org.orgId}
          union all select row_to_json(c)::text, c.id::text from internal_service_comments c where org_id = ${org.orgId}`,
    );
    expect(rows).toHaveLength(3 + 1 + 3);
    const everyone = [
      ...Object.values(org.people).map((p) => p.id),
      ...Object.values(people)
        .flat()
        .map((p) => p.id),
    ];
    for (const { row, id } of rows) {
      for (const person of everyone) expect(row).not.toContain(person);
      expect(id[14]).toBe('4');
    }
    const columns = await query<{ column_name: string; data_type: string }>(
      database.db,
      sql`select column_name, data_type from information_schema.columns where table_schema = current_schema()
          and table_name in ('internal_service_ratings', 'internal_service_comments')`,
    );
    for (const c of columns) {
      expect(c.column_name).not.toMatch(/employee|person|user|by/);
      expect(c.data_type).not.toMatch(/time|date/);
    }
  });

  it('reports the department × provider matrix from released cells only', async () => {
    // Billing: rated by all of Field (6 promoters among installers, 2 detractors among surveyors) and Warehouse.
    for (const p of of(installers))
      await rate(p, [
        {
          providerTeamId: billing,
          nps: 9,
          reliability: 4,
          assurance: 5,
          tangibles: 3,
          empathy: 4,
          responsiveness: 2,
          comment: 'Invoices are clear.',
        },
        {
          providerTeamId: warehouse,
          nps: 7,
          reliability: 3,
          assurance: 3,
          tangibles: 3,
          empathy: 3,
          responsiveness: 3,
        },
      ]);
    for (const p of of(surveyors))
      await rate(p, [
        {
          providerTeamId: billing,
          nps: 5,
          reliability: 2,
          assurance: 5,
          tangibles: 3,
          empathy: 5,
          responsiveness: 1,
        },
        {
          providerTeamId: warehouse,
          nps: 7,
          reliability: 3,
          assurance: 3,
          tangibles: 3,
          empathy: 3,
          responsiveness: 3,
        },
      ]);
    for (const [i, p] of of(warehouse).entries())
      await rate(p, [
        {
          providerTeamId: billing,
          nps: [10, 10, 7, 7, 0][i] as number,
          reliability: [5, 5, 4, 4, 2][i] as number,
          assurance: 3,
          tangibles: 3,
          empathy: 3,
          responsiveness: 3,
          comment: 'Quick answers.',
        },
      ]);

    const res = await leader.request('GET', `/api/v1/culture/internal/rounds/${round.id}/matrix`);
    expect(res.statusCode, res.body).toBe(200);
    const matrix = res.json() as InternalMatrixView;
    expect(matrix.minGroupSize).toBe(5);
    expect(matrix.departments.map((d) => d.name).sort()).toEqual([
      'Customer Care',
      'Field',
      'Office',
      'Warehouse',
    ]);
    const cell = (provider: string, department: string | null) => {
      const p = matrix.providers.find((x) => x.name === provider);
      if (!p) throw new Error(provider);
      if (department === null) return p.total;
      const index = matrix.departments.findIndex((d) => d.name === department);
      return p.cells[index];
    };
    // Billing: 13 raters, Field 8 and Warehouse 5; both departments and the total are shown.
    // Hand-worked: Field n=8, P=6, D=2 → NPS 50, SE = √((10000·8/8 − 50²)/8) = 30.62, ±60.0.
    expect(cell('Billing', 'Field')).toEqual({
      status: 'ok',
      fromTeamId: field,
      responses: 8,
      nps: 50,
      npsMarginOfError: 60,
      servqual: { reliability: 3.5, assurance: 5, tangibles: 3, empathy: 4.25, responsiveness: 1.75 },
    });
    // Warehouse n=5, P=2, D=1 → NPS 20 ± 65.6; reliability (5+5+4+4+2)/5 = 4.
    expect(cell('Billing', 'Warehouse')).toEqual({
      status: 'ok',
      fromTeamId: warehouse,
      responses: 5,
      nps: 20,
      npsMarginOfError: 65.6,
      servqual: { reliability: 4, assurance: 3, tangibles: 3, empathy: 3, responsiveness: 3 },
    });
    // Total n=13, P=8, D=3 → NPS 38 ± 45.4; reliability (24 + 4 + 20)/13 = 3.69.
    expect(cell('Billing', null)).toEqual({
      status: 'ok',
      fromTeamId: null,
      responses: 13,
      nps: 38,
      npsMarginOfError: 45.4,
      servqual: { reliability: 3.69, assurance: 4.23, tangibles: 3, empathy: 3.77, responsiveness: 2.23 },
    });
    expect(cell('Billing', 'Customer Care')).toEqual({
      status: 'too_few_responses',
      fromTeamId: org.department,
    });

    // Warehouse: Field 8, Office 3 and Customer Care 1, all passives. Office and Customer Care are below 5, and
    // Field is refused too: the total minus Field would reveal the 4 others (a complementary slice).
    expect(cell('Warehouse', null)).toMatchObject({
      status: 'ok',
      responses: 12,
      nps: 0,
      npsMarginOfError: 0,
    });
    expect(cell('Warehouse', 'Field')).toEqual({ status: 'too_few_responses', fromTeamId: field });
    expect(cell('Warehouse', 'Office')).toEqual({ status: 'too_few_responses', fromTeamId: office });
    // Comments: 11 commenters on Billing reach the comment threshold (10), 3 on Warehouse do not.
    const billingView = matrix.providers.find((p) => p.name === 'Billing');
    expect(billingView?.comments).toMatchObject({ status: 'ok' });
    if (billingView?.comments.status === 'ok') expect(billingView.comments.items).toHaveLength(11);
    expect(matrix.providers.find((p) => p.name === 'Warehouse')?.comments).toEqual({
      status: 'too_few_responses',
    });

    // Billing's manager sees how Billing is rated, not Warehouse; an employee sees no results.
    const theirs = (
      await manager.request('GET', `/api/v1/culture/internal/rounds/${round.id}/matrix`)
    ).json() as InternalMatrixView;
    expect(theirs.providers.map((p) => p.name)).toEqual(['Billing']);
    expect(
      (await employee.request('GET', `/api/v1/culture/internal/rounds/${round.id}/matrix`)).statusCode,
    ).toBe(403);
  });
});
