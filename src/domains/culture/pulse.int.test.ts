import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { createMailer } from '../../integrations/email.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp.ts';
import type { Ctx } from '../auth/context.ts';
import { employees, teamManagers, teamMemberships, teams } from '../people/people.tables.ts';
import { CONSTRUCTS } from './constructs.ts';
import type { CommentsView, HeatmapView, PulseView, StatementView } from './pulse.api.ts';
import { answerPulse } from './pulses.service.ts';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('culture pulse on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let leader: Session;
  let employee: Session;
  let smtp: SmtpSink;
  // Field (department) → Installers (6 people) and Surveyors (2 people); Surveyors' manager is `lead`.
  const field = uuidv7();
  const installers = uuidv7();
  const surveyors = uuidv7();
  const people: { id: string; team: string; ctx: Ctx }[] = [];
  let surveyorsManager: Session;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    smtp = await startSmtpSink();
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    leader = await signInAs(app, org.people.leader.email, TEST_PASSWORD);
    employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    const db = database.db;
    await db.insert(teams).values([
      { orgId: org.orgId, id: field, name: 'Field', kind: 'department' },
      { orgId: org.orgId, id: installers, name: 'Installers', kind: 'team', parentId: field },
      { orgId: org.orgId, id: surveyors, name: 'Surveyors', kind: 'team', parentId: field },
    ]);
    for (const [team, count] of [
      [installers, 6],
      [surveyors, 2],
    ] as const)
      for (let i = 0; i < count; i++) {
        const id = uuidv7();
        await db.insert(employees).values({
          orgId: org.orgId,
          id,
          name: `Field ${team === installers ? 'Installer' : 'Surveyor'} ${i}`,
          email: `field-${i}-${id.slice(-6)}@${org.slug}.example`,
          startDate: i % 2 === 0 ? '2019-03-01' : null,
        });
        await db
          .insert(teamMemberships)
          .values({ orgId: org.orgId, id: uuidv7(), teamId: team, employeeId: id });
        people.push({
          id,
          team,
          ctx: {
            db,
            orgId: org.orgId,
            actor: { type: 'user', employeeId: id, role: 'employee', sessionId: 'x' },
          },
        });
      }
    // The seeded manager manages Surveyors only.
    await db
      .insert(teamManagers)
      .values({ orgId: org.orgId, teamId: surveyors, employeeId: org.people.manager.id });
    surveyorsManager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await smtp?.stop();
    await database.dispose();
  });

  const openPulse = async (body: Record<string, unknown> = {}) => {
    const now = Date.now();
    const res = await leader.request('POST', '/api/v1/culture/pulses', {
      title: 'March pulse',
      opensAt: new Date(now - DAY).toISOString(),
      closesAt: new Date(now + 7 * DAY).toISOString(),
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as PulseView;
  };
  const answersFor = (pulse: PulseView, score: (i: number) => number) =>
    pulse.statements.map((s, i) => ({ statementId: s.id, score: score(i) }));

  it('seeds the default bank on first use, 2–4 statements per construct, and lets leaders edit it', async () => {
    const res = await leader.request('GET', '/api/v1/culture/statements');
    expect(res.statusCode, res.body).toBe(200);
    const bank = res.json().items as StatementView[];
    for (const c of CONSTRUCTS) {
      const n = bank.filter((s) => s.construct === c).length;
      expect(n, c).toBeGreaterThanOrEqual(2);
      expect(n, c).toBeLessThanOrEqual(4);
    }
    expect(bank.map((s) => s.text)).toContain('I know which customers we serve and which we do not.');
    // Seeding happens once, however often the bank is read.
    expect(
      ((await leader.request('GET', '/api/v1/culture/statements')).json().items as unknown[]).length,
    ).toBe(bank.length);
    expect((await employee.request('GET', '/api/v1/culture/statements')).statusCode).toBe(403);

    const added = await leader.request('POST', '/api/v1/culture/statements', {
      construct: 'consequence',
      text: 'Customers’ thanks reach the person who served them.',
    });
    expect(added.statusCode, added.body).toBe(201);
    const reworded = await leader.request('PATCH', `/api/v1/culture/statements/${added.json().id}`, {
      text: 'Customers’ thanks reach the people who served them.',
    });
    expect(reworded.json()).toMatchObject({
      text: 'Customers’ thanks reach the people who served them.',
      retired: false,
    });
  });

  it('refuses an anonymity threshold below three, and comments below the numbers', async () => {
    expect((await leader.request('PATCH', '/api/v1/culture/settings', { minGroupSize: 2 })).statusCode).toBe(
      400,
    );
    const below = await leader.request('PATCH', '/api/v1/culture/settings', { minCommentGroupSize: 4 });
    expect(below.statusCode).toBe(400);
    expect((await leader.request('GET', '/api/v1/culture/settings')).json()).toEqual({
      minGroupSize: 5,
      minCommentGroupSize: 10,
    });
  });

  it('lets each person answer an open pulse once, storing no link between the answer and the person', async () => {
    const pulse = await openPulse({ constructs: ['strategy', 'consequence'] });
    expect(pulse.status).toBe('open');
    expect(new Set(pulse.statements.map((s) => s.construct))).toEqual(new Set(['strategy', 'consequence']));

    const open = (await employee.request('GET', '/api/v1/culture/pulses/open')).json().items;
    expect(open.map((p: { id: string }) => p.id)).toContain(pulse.id);
    const missing = await employee.request('POST', `/api/v1/culture/pulses/${pulse.id}/answers`, {
      scores: answersFor(pulse, () => 4).slice(1),
      enps: 9,
    });
    expect(missing.statusCode).toBe(400);
    const answered = await employee.request('POST', `/api/v1/culture/pulses/${pulse.id}/answers`, {
      scores: answersFor(pulse, () => 4),
      enps: 9,
      comment: 'More training on the new boilers, please.',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toEqual({ status: 'recorded' });
    const again = await employee.request('POST', `/api/v1/culture/pulses/${pulse.id}/answers`, {
      scores: answersFor(pulse, () => 2),
      enps: 0,
    });
    expect(again.statusCode).toBe(409);
    expect((await employee.request('GET', '/api/v1/culture/pulses/open')).json().items).toEqual([]);

    // No reportable table has a column that could hold a person or a moment.
    const columns = await query<{ table_name: string; column_name: string; data_type: string }>(
      database.db,
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = current_schema()
            and table_name in ('culture_answers', 'culture_answer_scores', 'culture_comments', 'culture_participation')`,
    );
    for (const c of columns) {
      if (c.table_name !== 'culture_participation')
        expect(c.column_name, c.table_name).not.toMatch(/employee|person|user|by/);
      expect(c.data_type, `${c.table_name}.${c.column_name}`).not.toMatch(/time|date/);
    }
    const participation = columns
      .filter((c) => c.table_name === 'culture_participation')
      .map((c) => c.column_name);
    expect(participation.sort()).toEqual(['employee_id', 'org_id', 'pulse_id']);
    // Answer and comment ids are random (v4), not time-ordered v7, and no row holds a person's id.
    const rows = await query<{ row: string }>(
      database.db,
      sql`select row_to_json(a)::text as row from culture_answers a where org_id = ${org.orgId}
          union all select row_to_json(s)::text from culture_answer_scores s where org_id = ${org.orgId}
          union all select row_to_json(c)::text from culture_comments c where org_id = ${org.orgId}`,
    );
    expect(rows.length).toBeGreaterThan(2);
    const everyone = [...Object.values(org.people).map((p) => p.id), ...people.map((p) => p.id)];
    for (const { row } of rows) for (const id of everyone) expect(row).not.toContain(id);
    const ids = await query<{ id: string }>(
      database.db,
      sql`select id::text from culture_answers where org_id = ${org.orgId}
          union all select id::text from culture_comments where org_id = ${org.orgId}`,
    );
    for (const { id } of ids) expect(id[14]).toBe('4');
  });

  it('shows a heatmap only for groups the guard releases, refusing a team whose complement is small', async () => {
    const pulse = await openPulse({ title: 'April pulse', audienceTeamIds: [field] });
    // Not in the audience: the seeded employee (Phone Support) does not see it and cannot answer.
    const open = (await employee.request('GET', '/api/v1/culture/pulses/open')).json().items;
    expect(open.map((p: { id: string }) => p.id)).not.toContain(pulse.id);
    for (const [i, p] of people.entries())
      await answerPulse(p.ctx, pulse.id, {
        scores: answersFor(pulse, (k) => (p.team === installers ? 4 + ((i + k) % 2) : 2)),
        enps: p.team === installers ? 9 : 3,
        comment: i % 2 === 0 ? 'We never hear what customers say until weeks later' : 'Training helped me',
      });

    const res = await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/heatmap`);
    expect(res.statusCode, res.body).toBe(200);
    const heatmap = res.json() as HeatmapView;
    expect(heatmap.organisation).toMatchObject({ status: 'ok', responses: 8, responseRate: 100 });
    const byName = Object.fromEntries(heatmap.teams.map((t) => [t.name, t]));
    expect(byName.Field).toMatchObject({ status: 'ok', responses: 8 });
    // Installers alone are 6 (above 5), but Field minus Installers would be the 2 surveyors.
    expect(byName.Installers).toEqual({
      status: 'too_few_responses',
      teamId: installers,
      name: 'Installers',
    });
    expect(byName.Surveyors).toMatchObject({ status: 'too_few_responses' });
    const ok = heatmap.organisation as Extract<HeatmapView['organisation'], { status: 'ok' }>;
    expect(ok.enps).toBe(Math.round((100 * (6 - 2)) / 8));
    for (const c of heatmap.constructs) expect(ok.constructs[c]).toMatchObject({ status: 'ok' });

    // The CSV export is the same guarded view: figures for the released groups, none for the others.
    const csv = await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/export`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^group,team_id,status,responses,response_rate,enps,/);
    expect(lines.find((l) => l.startsWith('Installers,'))).toBe(`Installers,${installers},too_few_responses`);
    expect(lines.find((l) => l.startsWith('Field,'))).toMatch(/^Field,[^,]+,ok,8,/);
    expect(lines).toHaveLength(1 + 1 + heatmap.teams.length);
    expect((await employee.request('GET', `/api/v1/culture/pulses/${pulse.id}/export`)).statusCode).toBe(403);

    // A filter whose complement is small is refused too: 4 of 8 have a start date ≥ 3 years ago.
    const filtered = (
      await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/heatmap?tenure=3y%2B`)
    ).json() as HeatmapView;
    expect(filtered.organisation.status).toBe('too_few_responses');

    // The Surveyors' manager sees their team (refused) and the organisation, nothing else.
    const theirs = (
      await surveyorsManager.request('GET', `/api/v1/culture/pulses/${pulse.id}/heatmap`)
    ).json() as HeatmapView;
    expect(theirs.teams.map((t) => t.name)).toEqual(['Surveyors']);
    expect(theirs.teams[0]?.status).toBe('too_few_responses');
    const notTheirs = await surveyorsManager.request(
      'GET',
      `/api/v1/culture/pulses/${pulse.id}/comments?teamId=${installers}`,
    );
    expect(notTheirs.statusCode).toBe(404);
    expect((await employee.request('GET', `/api/v1/culture/pulses/${pulse.id}/heatmap`)).statusCode).toBe(
      403,
    );

    // Comments need their own, larger group: 8 commenters are below 10 …
    const comments = (
      await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/comments`)
    ).json() as CommentsView;
    expect(comments).toEqual({ status: 'too_few_responses', minCommentGroupSize: 10 });
    // … and at 8 they are shown, with themes from the text analyser.
    expect(
      (await leader.request('PATCH', '/api/v1/culture/settings', { minCommentGroupSize: 8 })).statusCode,
    ).toBe(200);
    const shown = (
      await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/comments`)
    ).json() as CommentsView;
    expect(shown.status).toBe('ok');
    if (shown.status !== 'ok') return;
    expect(shown.comments).toHaveLength(8);
    expect(shown.themes.map((t) => t.key)).toContain('competence');
    const team = (
      await leader.request('GET', `/api/v1/culture/pulses/${pulse.id}/comments?teamId=${installers}`)
    ).json();
    expect(team.status).toBe('too_few_responses');
    await leader.request('PATCH', '/api/v1/culture/settings', { minCommentGroupSize: 10 });

    const trend = (await leader.request('GET', `/api/v1/culture/trend?teamId=${field}`)).json();
    expect(trend.points.at(-1)).toMatchObject({ pulseId: pulse.id, cell: { status: 'ok', responses: 8 } });

    // The climate's perception gap shows the same released organisation figures beside leaders'.
    const gap = (await leader.request('GET', '/api/v1/culture/climate/perception-gap')).json() as {
      constructs: { construct: string; employees: { raw: number | null; n: number } }[];
    };
    for (const c of heatmap.constructs) {
      const figure = ok.constructs[c];
      if (figure?.status !== 'ok') throw new Error(`no ${c}`);
      expect(gap.constructs.find((x) => x.construct === c)?.employees, c).toMatchObject({
        raw: figure.mean,
        n: 8,
      });
    }
  });

  it('reminds only those who have not answered, with the same words for everyone', async () => {
    const pulse = await openPulse({ title: 'Reminder pulse', audienceTeamIds: [field] });
    const answered = people.slice(0, 3);
    for (const p of answered)
      await answerPulse(p.ctx, pulse.id, { scores: answersFor(pulse, () => 3), enps: 7 });
    const reminded = await leader.request('POST', `/api/v1/culture/pulses/${pulse.id}/reminders`);
    expect(reminded.statusCode, reminded.body).toBe(202);
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Serviceloop <no-reply@test>', log: () => {} });
    const runner = startJobRunner({
      db: database.db,
      handlers: allJobHandlers({ db: database.db, mailer, publicUrl: 'http://serviceloop.test' }),
      pollMs: 0,
    });
    await runner.runDueNow();
    await runner.stop();
    const waiting = people.slice(3);
    const emails = await query<{ id: string; email: string }>(
      database.db,
      sql`select id, email from employees where org_id = ${org.orgId}`,
    );
    const emailOf = new Map(emails.map((e) => [e.id, e.email]));
    for (const p of waiting) await smtp.waitFor((m) => m.to.includes(emailOf.get(p.id) as string));
    const sent = smtp.received.filter((m) => m.data.includes('Reminder: Reminder pulse'));
    expect(sent.map((m) => m.to[0]).sort()).toEqual(waiting.map((p) => emailOf.get(p.id)).sort());
    // Nobody's email names anyone who answered.
    for (const m of sent)
      for (const p of answered) expect(m.data).not.toContain(`Field Installer ${people.indexOf(p)}`);
  });

  it('creates the next pulse of a monthly rotation once, with the next constructs, when it closes', async () => {
    const now = Date.now();
    const pulse = await openPulse({
      title: 'Rotating pulse',
      constructs: ['strategy', 'characteristics'],
      recurrence: 'monthly',
      closesAt: new Date(now + DAY).toISOString(),
    });
    const later = { now: () => new Date(now + 2 * DAY) };
    const mailer = { send: async () => {} };
    for (let round = 0; round < 2; round++) {
      const runner = startJobRunner({
        db: database.db,
        handlers: allJobHandlers({ db: database.db, mailer, publicUrl: 'http://serviceloop.test' }),
        clock: later,
        pollMs: 0,
      });
      await runner.runDueNow();
      await runner.stop();
    }
    const pulses = (await leader.request('GET', '/api/v1/culture/pulses')).json().items as PulseView[];
    const next = pulses.filter((p) => p.previousPulseId === pulse.id);
    expect(next).toHaveLength(1);
    expect(next[0]?.constructs).toEqual(['commander', 'commitment']);
    expect(new Date(next[0]?.opensAt ?? '').getUTCMonth()).toBe(
      (new Date(pulse.opensAt).getUTCMonth() + 1) % 12,
    );
    expect(next[0]?.recurrence).toBe('monthly');
    const closed = await leader.request('POST', `/api/v1/culture/pulses/${pulse.id}/close`);
    expect(closed.json().status).toBe('closed');
  });
});
