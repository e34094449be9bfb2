import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import type { OutgoingEmail } from '../../integrations/email.ts';
import { allJobHandlers } from '../../jobs/handlers.ts';
import { type Clock, type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import type { Ctx } from '../auth/context.ts';
import { teamManagers } from '../people/people.tables.ts';
import { getCaseReport } from './case-report.ts';
import { updateCaseSettings } from './case-settings.service.ts';
import type { CaseDetail } from './cases.api.ts';
import { getCase, listCases, logContact, openCase, updateCase } from './cases.service.ts';
import { decideGoodwill, recordGoodwill } from './goodwill.service.ts';
import { getLoyalty } from './loyalty.service.ts';

const berlinClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** "Mon 10:00" in Berlin, the seeded organisation's time zone. */
const local = (d: Date | string) => berlinClock.format(new Date(d)).replace(',', '');

/** The first Monday 10:00 in Berlin after tomorrow: later than any job enqueued with the real clock. */
function nextMondayTen(): Date {
  const day = new Date(Date.now() + 86_400_000);
  day.setUTCHours(0, 0, 0, 0);
  for (let i = 0; i < 8; i++) {
    const d = new Date(day.getTime() + i * 86_400_000);
    for (const utcHour of [8, 9]) {
      const t = new Date(d.getTime() + utcHour * 3_600_000);
      if (local(t) === 'Mon 10:00') return t;
    }
  }
  throw new Error('no Monday found');
}

const HOUR = 3_600_000;

describe.each(DATABASE_KINDS)('close the loop on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let surveys: Record<'nps' | 'csat' | 'ces', string>;
  let now: Date;
  const clock: Clock = { now: () => now };
  const sent: OutgoingEmail[] = [];
  let runner: JobRunner;
  let customerSeq = 0;

  const startRunner = () =>
    startJobRunner({
      db: database.db,
      handlers: allJobHandlers({
        db: database.db,
        mailer: { send: async (e) => void sent.push(e) },
        publicUrl: 'http://serviceloop.test',
      }),
      clock,
      pollMs: 0,
    });

  async function answer(
    survey: keyof typeof surveys,
    score: number,
    extra: { comment?: string; email?: string; employeeIds?: string[] } = {},
  ): Promise<{ id: string; customerId: string }> {
    const res = await admin.request('POST', '/api/v1/responses', {
      surveyId: surveys[survey],
      score,
      ...(extra.comment && { comment: extra.comment }),
      customer: { email: extra.email ?? `customer-${++customerSeq}@example.com`, name: 'Rosa Díaz' },
      employeeIds: extra.employeeIds ?? [org.people.employee.id],
      teamId: org.team,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; customerId: string };
  }

  async function caseOfResponse(responseId: string): Promise<CaseDetail | null> {
    const [row] = await query<{ case_id: string }>(
      database.db,
      sql`select case_id from case_responses where org_id = ${org.orgId} and response_id = ${responseId}`,
    );
    return row ? getCase(org.system, row.case_id, now) : null;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    // employee → manager (runs the team) → leader (runs the department) → admin (top of the chain).
    await database.db.insert(teamManagers).values([
      { orgId: org.orgId, teamId: org.team, employeeId: org.people.manager.id },
      { orgId: org.orgId, teamId: org.department, employeeId: org.people.leader.id },
    ]);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    const made: Record<string, string> = {};
    for (const k of ['nps', 'csat', 'ces'] as const) {
      const res = await admin.request('POST', '/api/v1/surveys', { kind: k, name: `${k} survey` });
      made[k] = (res.json() as { id: string }).id;
      await admin.request('PATCH', `/api/v1/surveys/${made[k]}`, { status: 'active' });
    }
    surveys = made as typeof surveys;
    now = nextMondayTen();
    runner = startRunner();
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
    await database.dispose();
  });

  it('opens a case for each trigger and none for happy customers', async () => {
    const keyword = await admin.request('POST', '/api/v1/case-rules', {
      kind: 'keyword',
      name: 'Threats to leave',
      keywords: ['cancel', 'lawyer'],
    });
    expect(keyword.statusCode, keyword.body).toBe(201);
    const detractor = await answer('nps', 6);
    const passive = await answer('nps', 7);
    const csatLow = await answer('csat', 2);
    const csatOk = await answer('csat', 3);
    const cesHigh = await answer('ces', 5);
    const cesOk = await answer('ces', 4);
    const promoterWithKeyword = await answer('nps', 10, {
      comment: 'Fine, but I will cancel if it happens again',
    });
    await runner.runDueNow();

    expect((await caseOfResponse(detractor.id))?.reason).toBe('NPS 6: detractor (0–6)');
    expect((await caseOfResponse(csatLow.id))?.reason).toBe('CSAT 2 (≤ 2)');
    expect((await caseOfResponse(cesHigh.id))?.reason).toBe('CES 5: high effort (≥ 5)');
    expect((await caseOfResponse(promoterWithKeyword.id))?.reason).toBe('Comment mentions “cancel”');
    for (const happy of [passive, csatOk, cesOk]) expect(await caseOfResponse(happy.id)).toBeNull();

    // Frontline ownership: the employee who served owns it, and is told.
    const c = (await caseOfResponse(detractor.id)) as CaseDetail;
    expect(c.owner?.id).toBe(org.people.employee.id);
    expect(c.customer?.id).toBe(detractor.customerId);
    expect(c.status).toBe('new');
    const notes = await admin.request('GET', '/api/v1/notifications');
    expect(notes.statusCode).toBe(200);
  });

  it('is idempotent: the same responses through the pipeline again change nothing', async () => {
    const r = await answer('nps', 2);
    await runner.runDueNow();
    const count = async () =>
      (
        await query<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from cases where org_id = ${org.orgId}`,
        )
      )[0]?.n;
    const before = await count();
    // What a redelivery does: the same response ids enqueued again, as after a crash before `done`.
    await database.db.execute(
      sql`insert into jobs (org_id, id, queue, payload, run_at) values (${org.orgId}, gen_random_uuid(),
          'response-pipeline', ${JSON.stringify({ responseIds: [r.id], change: 'created' })}::jsonb, now())`,
    );
    await runner.runDueNow();
    expect(await count()).toBe(before);
    expect((await caseOfResponse(r.id))?.responses).toHaveLength(1);
  });

  it('gives one open case per customer, and reopens a resolved one when the customer is unhappy again', async () => {
    const email = 'repeat@example.com';
    const first = await answer('nps', 3, { email });
    await runner.runDueNow();
    const second = await answer('csat', 1, { email });
    await runner.runDueNow();
    const c1 = (await caseOfResponse(first.id)) as CaseDetail;
    expect((await caseOfResponse(second.id))?.id).toBe(c1.id);
    expect(c1.cycle).toBe(1);

    const owner = org.people.employee.ctx;
    await logContact(owner, c1.id, { channel: 'call', reached: true }, now);
    await updateCase(owner, c1.id, { status: 'resolved', outcome: 'recovered' }, now);
    const third = await answer('nps', 4, { email });
    await runner.runDueNow();
    const reopened = (await caseOfResponse(third.id)) as CaseDetail;
    expect(reopened.id).toBe(c1.id);
    expect(reopened).toMatchObject({ status: 'new', cycle: 2, outcome: null, firstContactedAt: null });
    expect(reopened.events.map((e) => e.kind)).toContain('reopened');
    expect(reopened.responses.map((r) => r.id)).toEqual([first.id, second.id, third.id]);
  });

  it('gives the team manager ownership when that is the organisation’s rule', async () => {
    await updateCaseSettings(org.people.admin.ctx, { ownerRule: 'team_manager' });
    const r = await answer('nps', 1);
    await runner.runDueNow();
    expect((await caseOfResponse(r.id))?.owner?.id).toBe(org.people.manager.id);
    await updateCaseSettings(org.people.admin.ctx, { ownerRule: 'frontline' });
  });

  it('reminds, escalates to the manager and one level further, in business hours, across a restart, once', async () => {
    await updateCaseSettings(org.people.admin.ctx, {
      firstContactHours: 4,
      reminderHours: 1,
      escalationHours: 2,
      resolutionDays: 2,
    });
    now = nextMondayTen();
    const start = now;
    const r = await answer('nps', 0, { email: 'deadline@example.com' });
    await runner.runDueNow();
    const c = (await caseOfResponse(r.id)) as CaseDetail;
    expect(local(c.openedAt)).toBe('Mon 10:00');
    expect(local(c.firstContactDue)).toBe('Mon 14:00');
    // Two business days of eight hours from Monday 10:00: Wednesday 10:00.
    expect(local(c.resolutionDue)).toBe('Wed 10:00');

    const eventsOf = async () => (await getCase(org.system, c.id, now)).events;
    const notified = async (employeeId: string, kind: string) =>
      (
        await query<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from notifications where org_id = ${org.orgId} and link = ${`/cases/${c.id}`}
              and employee_id = ${employeeId} and kind = ${kind}`,
        )
      )[0]?.n;

    now = new Date(start.getTime() + 3 * HOUR - 60_000); // 12:59
    await runner.runDueNow();
    expect((await eventsOf()).filter((e) => e.kind === 'reminder')).toHaveLength(0);
    now = new Date(start.getTime() + 3 * HOUR); // 13:00, an hour before the deadline
    await runner.runDueNow();
    expect((await eventsOf()).filter((e) => e.kind === 'reminder')).toHaveLength(1);
    expect(await notified(org.people.employee.id, 'case_reminder')).toBe(1);

    // The server restarts: a new runner, same database, picks up where the old one stopped.
    await runner.stop();
    runner = startRunner();
    now = new Date(start.getTime() + 4 * HOUR); // 14:00: first contact is overdue
    await runner.runDueNow();
    let kase = await getCase(org.system, c.id, now);
    expect(kase).toMatchObject({ overdue: true, escalationLevel: 1 });
    expect(kase.watchers.map((w) => w.id)).toContain(org.people.manager.id);
    expect(await notified(org.people.manager.id, 'case_escalated')).toBe(1);
    expect(await notified(org.people.leader.id, 'case_escalated')).toBe(0);

    // Escalation one level further after two more business hours still in breach: 16:00.
    now = new Date(start.getTime() + 6 * HOUR - 60_000);
    await runner.runDueNow();
    expect(await notified(org.people.leader.id, 'case_escalated')).toBe(0);
    now = new Date(start.getTime() + 6 * HOUR);
    await runner.runDueNow();
    kase = await getCase(org.system, c.id, now);
    expect(kase.escalationLevel).toBe(2);
    expect(await notified(org.people.leader.id, 'case_escalated')).toBe(1);

    // At-least-once delivery: the breach job delivered again (as after a crash before it was marked
    // done) fires nothing a second time.
    await database.db.execute(
      sql`update jobs set done_at = null, locked_until = null where org_id = ${org.orgId} and queue = 'case-deadline'
          and payload->>'caseId' = ${c.id}`,
    );
    await runner.runDueNow();
    expect((await eventsOf()).filter((e) => e.kind === 'escalated')).toHaveLength(2);
    expect(await notified(org.people.manager.id, 'case_escalated')).toBe(1);

    // Contacted late on Monday; the resolution reminder still comes Wednesday 09:00, the breach
    // never does because the case is resolved at 09:30.
    now = new Date(start.getTime() + 6.5 * HOUR);
    await logContact(org.people.employee.ctx, c.id, { channel: 'call', reached: true }, now);
    now = new Date(start.getTime() + 47 * HOUR); // Wednesday 09:00
    await runner.runDueNow();
    expect((await eventsOf()).filter((e) => e.kind === 'reminder')).toHaveLength(2);
    now = new Date(start.getTime() + 47.5 * HOUR);
    await updateCase(org.people.employee.ctx, c.id, { status: 'resolved', outcome: 'retained' }, now);
    now = new Date(start.getTime() + 60 * HOUR);
    await runner.runDueNow();
    kase = await getCase(org.system, c.id, now);
    expect(kase).toMatchObject({ status: 'resolved', escalationLevel: 2, overdue: false });
    expect(kase.events.filter((e) => e.kind === 'escalated')).toHaveLength(2);

    // The notifications went out by email too.
    expect(
      sent.some((m) => m.to === org.people.leader.email && m.subject.startsWith('Case still overdue')),
    ).toBe(true);
  });

  it('moves through the workflow new → contacted → resolved → closed, and audits it', async () => {
    const customer = (
      await admin.request('POST', '/api/v1/customers', { name: 'Manual Case', email: 'manual@example.com' })
    ).json() as { id: string };
    const manager = org.people.manager.ctx;
    const opened = await openCase(
      manager,
      { customerId: customer.id, reason: 'Called reception, upset' },
      now,
    );
    expect(opened).toMatchObject({ status: 'new', origin: 'manual', owner: { id: org.people.manager.id } });
    await expect(openCase(manager, { customerId: customer.id }, now)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      updateCase(manager, opened.id, { status: 'resolved', outcome: 'lost' }, now),
    ).rejects.toMatchObject({
      code: 'INVALID',
    });
    await expect(updateCase(manager, opened.id, { rootCauses: ['Aliens'] }, now)).rejects.toMatchObject({
      code: 'INVALID',
    });
    const called = await logContact(
      manager,
      opened.id,
      { channel: 'call', reached: false, body: 'No answer' },
      now,
    );
    expect(called.status).toBe('new');
    const reached = await logContact(manager, opened.id, { channel: 'email', reached: true }, now);
    expect(reached.status).toBe('contacted');
    await expect(updateCase(manager, opened.id, { status: 'resolved' }, now)).rejects.toMatchObject({
      code: 'INVALID',
    });
    const resolved = await updateCase(
      manager,
      opened.id,
      {
        status: 'resolved',
        outcome: 'recovered',
        rootCauses: ['Waiting time'],
        watcherIds: [org.people.leader.id],
      },
      now,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      outcome: 'recovered',
      rootCauses: ['Waiting time'],
    });
    expect(resolved.watchers.map((w) => w.id)).toEqual([org.people.leader.id]);
    const closed = await updateCase(manager, opened.id, { status: 'closed' }, now);
    expect(closed.status).toBe('closed');
    await expect(updateCase(manager, opened.id, { status: 'contacted' }, now)).rejects.toMatchObject({
      code: 'INVALID',
    });
    const audit = await query<{ action: string }>(
      database.db,
      sql`select action from audit_events where org_id = ${org.orgId} and target_id = ${opened.id} order by at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'case.opened',
      'case.status_changed',
      'case.status_changed',
      'case.status_changed',
    ]);
  });

  it('shows an employee only the cases they own or watch', async () => {
    const other = await openCase(org.people.manager.ctx, { responseId: (await answer('nps', 9)).id }, now);
    expect(other.owner?.id).toBe(org.people.employee.id);
    const reassigned = await updateCase(
      org.people.manager.ctx,
      other.id,
      { ownerId: org.people.manager.id },
      now,
    );
    expect(reassigned.owner?.id).toBe(org.people.manager.id);
    await expect(getCase(org.people.employee.ctx, other.id, now)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const mine = await listCases(org.people.employee.ctx, { scope: 'all', status: 'any', limit: 500 }, now);
    expect(mine.items.every((c) => c.owner?.id === org.people.employee.id)).toBe(true);
    expect(mine.items.length).toBeGreaterThan(0);
    // The inbox puts overdue cases first.
    const inbox = await listCases(org.people.admin.ctx, { scope: 'all', status: 'open', limit: 500 }, now);
    const firstNotOverdue = inbox.items.findIndex((c) => !c.overdue);
    expect(inbox.items.slice(firstNotOverdue).every((c) => !c.overdue)).toBe(true);
  });

  describe('empowerment', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await openCase(org.people.employee.ctx, { responseId: (await answer('nps', 5)).id }, now)).id;
    });

    it('records goodwill within the limit at once, and sends larger amounts to the next level', async () => {
      const employee = org.people.employee.ctx;
      const small = await recordGoodwill(employee, caseId, { kind: 'credit', amount: 50 }, now);
      expect(small).toMatchObject({ status: 'approved', approver: { id: org.people.employee.id } });
      const large = await recordGoodwill(employee, caseId, { kind: 'refund', amount: 120 }, now);
      expect(large).toMatchObject({ status: 'pending', approver: { id: org.people.manager.id } });
      // Above the manager's 500 too: straight to the leader.
      const huge = await recordGoodwill(employee, caseId, { kind: 'replacement', amount: 900 }, now);
      expect(huge).toMatchObject({ status: 'pending', approver: { id: org.people.leader.id } });

      await expect(decideGoodwill(employee, large.id, { approve: true }, now)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(
        decideGoodwill(org.people.manager.ctx, huge.id, { approve: true }, now),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const approved = await decideGoodwill(
        org.people.manager.ctx,
        large.id,
        { approve: true, note: 'ok' },
        now,
      );
      expect(approved).toMatchObject({ status: 'approved', approver: { id: org.people.manager.id } });
      const rejected = await decideGoodwill(org.people.leader.ctx, huge.id, { approve: false }, now);
      expect(rejected.status).toBe('rejected');

      const audit = await query<{ action: string }>(
        database.db,
        sql`select action from audit_events where org_id = ${org.orgId} and target_type = 'goodwill' order by at, id`,
      );
      expect(audit.map((a) => a.action)).toEqual([
        'goodwill.granted',
        'goodwill.requested',
        'goodwill.requested',
        'goodwill.approved',
        'goodwill.rejected',
      ]);
    });

    it('settles two concurrent decisions on one request once', async () => {
      const pending = await recordGoodwill(
        org.people.employee.ctx,
        caseId,
        { kind: 'upgrade', amount: 300 },
        now,
      );
      const results = await Promise.allSettled([
        decideGoodwill(org.people.manager.ctx, pending.id, { approve: true }, now),
        decideGoodwill(org.people.leader.ctx, pending.id, { approve: false }, now),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code),
      ).toEqual(['CONFLICT']);
      const [row] = await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from case_events where org_id = ${org.orgId} and case_id = ${caseId}
            and kind = 'goodwill' and details->>'goodwillId' = ${pending.id}`,
      );
      expect(row?.n).toBe(2);
    });

    it('uses the limits the organisation sets', async () => {
      await updateCaseSettings(org.people.admin.ctx, {
        goodwillLimits: { employee: 10, manager: 500, leader: 5000, admin: 5000 },
      });
      const g = await recordGoodwill(org.people.employee.ctx, caseId, { kind: 'other', amount: 20 }, now);
      expect(g.status).toBe('pending');
      await updateCaseSettings(org.people.admin.ctx, {
        goodwillLimits: { employee: 50, manager: 500, leader: 5000, admin: 5000 },
      });
    });
  });

  it('follows a customer’s loyalty from detractor to at risk, recovered and lost', async () => {
    const email = 'loyal@example.com';
    const r = await answer('nps', 9, { email });
    const customerId = r.customerId;
    const ctx: Ctx = org.people.manager.ctx;
    expect((await getLoyalty(ctx, customerId, now)).status).toBe('promoter');
    await answer('nps', 2, { email });
    expect((await getLoyalty(ctx, customerId, now)).status).toBe('detractor');
    await runner.runDueNow();
    expect((await getLoyalty(ctx, customerId, now)).status).toBe('at_risk');
    const [c] = (await listCases(ctx, { scope: 'all', status: 'open', customerId, limit: 5 }, now)).items;
    await logContact(ctx, c?.id ?? '', { channel: 'call', reached: true }, now);
    await updateCase(ctx, c?.id ?? '', { status: 'resolved', outcome: 'recovered' }, new Date());
    expect((await getLoyalty(ctx, customerId, now)).status).toBe('recovered');
    await answer('nps', 1, { email });
    await runner.runDueNow();
    expect((await getLoyalty(ctx, customerId, now)).status).toBe('at_risk');
    await logContact(ctx, c?.id ?? '', { channel: 'call', reached: true }, now);
    await updateCase(ctx, c?.id ?? '', { status: 'resolved', outcome: 'lost' }, new Date());
    expect((await getLoyalty(ctx, customerId, now)).status).toBe('lost');
  });

  it('reports recovery, speed, compliance, root causes and goodwill against recoveries', async () => {
    const report = await getCaseReport(
      org.people.leader.ctx,
      {
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(now.getTime() + 400 * HOUR).toISOString(),
      },
      new Date(now.getTime() + 400 * HOUR),
    );
    expect(report.opened).toBeGreaterThan(5);
    expect(report.recovered).toBeGreaterThanOrEqual(1);
    expect(report.recoveryRate).toBeCloseTo(
      report.recovered / (report.recovered + report.retained + report.lost),
    );
    expect(report.topRootCauses[0]).toEqual({ rootCause: 'Waiting time', cases: 1 });
    expect(report.goodwill.approvedTotal).toBeGreaterThanOrEqual(170);
    expect(report.byOwner.map((o) => o.name)).toContain('Employee Person');
    const team = report.byTeam.find((t) => t.id === org.team);
    expect(team?.compliance).not.toBeNull();
    const http = await admin.request('GET', '/api/v1/cases/report');
    expect(http.statusCode, http.body).toBe(200);
  });
});
