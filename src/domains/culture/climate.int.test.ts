import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoClimate } from '../../demo/climate.demo.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg } from '../../test/seed.ts';
import { type AnalyticsOrg, analyticsOrg } from '../analytics/analytics.fixtures.ts';
import { createTarget } from '../analytics/targets.service.ts';
import { teamManagers } from '../people/people.tables.ts';
import { listActionPlans } from './action-plans.service.ts';
import type { EvidenceItem } from './climate.api.ts';
import { createAssessment, getAssessment, listAssessments, updateAssessment } from './climate.service.ts';
import { climateEvidence } from './climate-evidence.ts';
import { perceptionGap } from './climate-gap.ts';
import { CLIMATE_QUESTIONS } from './climate-questions.ts';

/**
 * The climate self-assessment: a leader answers the twelve questions, completes and repeats it;
 * the evidence beside each question is checked against a hand-built fixture whose figures are
 * worked out below; the perception gap puts the leader's rating beside the customers' score.
 */
describe.each(DATABASE_KINDS)('climate self-assessment on %s', (kind) => {
  let database: TestDatabase;
  let a: AnalyticsOrg;
  const DAY = 86_400_000;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    a = await analyticsOrg(await seedOrg(database.db));
    const { orgId, people } = a.org;
    const db = database.db;
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    // Five active people (the four seeded roles and the analytics fixture's field agent).
    // Kudos in the last 90 days: two for success, one for effort, received four times by two
    // people; one more 100 days ago, outside the period.
    const kudos = async (kindOf: 'success' | 'effort', at: string, recipients: string[]) => {
      const id = uuidv7();
      await db.execute(sql`insert into kudos (org_id, id, giver_id, kind, message, created_at)
        values (${orgId}, ${id}, ${people.leader.id}, ${kindOf}, 'Thanks', ${at}::timestamptz)`);
      for (const r of recipients)
        await db.execute(
          sql`insert into kudos_recipients (org_id, kudos_id, employee_id) values (${orgId}, ${id}, ${r})`,
        );
    };
    await kudos('success', ago(3 * DAY), [people.employee.id]);
    await kudos('success', ago(10 * DAY), [people.employee.id, people.manager.id]);
    await kudos('effort', ago(20 * DAY), [people.employee.id]);
    await kudos('effort', ago(100 * DAY), [people.admin.id, people.leader.id]);
    // Feedback: praise 2 h and 4 h after its evidence (median 3 h), improvement 10 h after.
    const feedback = async (kindOf: string, to: string, hoursLate: number) =>
      db.execute(sql`insert into feedback (org_id, id, giver_id, employee_id, kind, message, evidence_type, evidence_id, evidence_at, created_at)
        values (${orgId}, ${uuidv7()}, ${people.manager.id}, ${to}, ${kindOf}, 'Feedback', 'case', ${uuidv7()},
          ${ago(5 * DAY + hoursLate * HOUR)}::timestamptz, ${ago(5 * DAY)}::timestamptz)`);
    await feedback('praise', people.employee.id, 2);
    await feedback('praise', people.employee.id, 4);
    await feedback('to_improve', people.admin.id, 10);
    // Cases: A met both deadlines; B missed both; C is open, its first contact overdue, its
    // resolution not yet due. Resolution in time 1 of 2; first contact in time 1 of 3.
    const kase = async (opened: number, fc: number | null, resolved: number | null, resolutionDue: number) =>
      db.execute(sql`insert into cases (org_id, id, origin, reason, opened_at, first_contact_due, resolution_due, first_contacted_at, resolved_at)
        values (${orgId}, ${uuidv7()}, 'manual', 'fixture', ${ago(opened)}::timestamptz, ${ago(opened - 4 * HOUR)}::timestamptz,
          ${ago(opened - resolutionDue)}::timestamptz, ${fc === null ? null : ago(opened - fc)}::timestamptz,
          ${resolved === null ? null : ago(opened - resolved)}::timestamptz)`);
    await kase(10 * DAY, HOUR, 2 * DAY, 5 * DAY);
    await kase(10 * DAY, 6 * HOUR, 7 * DAY, 5 * DAY);
    await kase(2 * DAY, null, null, 5 * DAY);
    // Customers: NPS answers 10, 10, 9, 3 → NPS 50; one target.
    for (const score of [10, 10, 9, 3]) await a.submit({ surveyId: a.surveys.nps, score });
    await a.writer.drain();
    await createTarget(a.ctx, {
      metric: 'nps',
      scope: 'org',
      comparator: '>=',
      value: 40,
      dueDate: '2030-12-31',
    });
    // Strategy: version 2 ranks two priorities. An announcement 5 days ago asked four people; three
    // acknowledged, two answered its quiz (100 % and 50 % right: mean 75 %). One 100 days ago, outside.
    for (const [number, priorities] of [
      [1, ['Listen']],
      [2, ['Listen', 'Call back']],
    ] as const)
      await db.execute(sql`insert into strategy_versions (org_id, id, number, content, published_at)
        values (${orgId}, ${uuidv7()}, ${number}, ${JSON.stringify({ priorities: priorities.map((title) => ({ id: title.toLowerCase().replace(' ', '-'), title })), targets: [] })}::jsonb,
          ${ago((40 - number * 10) * DAY)}::timestamptz)`);
    const announce = async (at: string, rows: [string, boolean, number | null][]) => {
      const id = uuidv7();
      await db.execute(sql`insert into strategy_announcements (org_id, id, kind, title, requires_acknowledgement, published_at)
        values (${orgId}, ${id}, 'priority', 'Call back', true, ${at}::timestamptz)`);
      for (const [person, acknowledged, score] of rows)
        await db.execute(sql`insert into strategy_acknowledgements (org_id, announcement_id, employee_id, acknowledged_at, quiz_score)
          values (${orgId}, ${id}, ${person}, ${acknowledged ? at : null}::timestamptz, ${score})`);
    };
    await announce(ago(5 * DAY), [
      [people.employee.id, true, 1],
      [people.manager.id, true, 0.5],
      [people.admin.id, true, null],
      [people.leader.id, false, null],
    ]);
    await announce(ago(100 * DAY), [[people.employee.id, false, null]]);
    // Training: two competency modules assigned 10 days ago, one completed (by the employee: 1 of
    // 5 active people); no commitment training assigned in the period.
    const module = async (kindOf: string) => {
      const id = uuidv7();
      await db.execute(sql`insert into training_modules (org_id, id, title, kind, estimated_minutes)
        values (${orgId}, ${id}, ${kindOf}, ${kindOf}, 10)`);
      return id;
    };
    const competency = await module('competency');
    await module('commitment');
    for (const [person, completed] of [
      [people.employee.id, ago(5 * DAY)],
      [people.manager.id, null],
    ] as const)
      await db.execute(sql`insert into training_assignments (org_id, id, module_id, employee_id, source, assigned_at, completed_at)
        values (${orgId}, ${uuidv7()}, ${competency}, ${person}, 'manual', ${ago(10 * DAY)}::timestamptz, ${completed}::timestamptz)`);
  });
  afterAll(() => database.dispose());

  it('lets a leader answer the twelve questions, complete, and repeat the assessment', async () => {
    const leader = a.org.people.leader.ctx;
    const first = await createAssessment(leader, { assessedOn: '2025-01-15' });
    expect(first).toMatchObject({ status: 'draft', answered: 0, canEdit: true });
    expect(first.answers).toHaveLength(12);
    // A draft is the leader's own: others do not see it.
    await expect(getAssessment(a.org.people.manager.ctx, first.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Completing needs all twelve ratings.
    await updateAssessment(leader, first.id, {
      answers: [{ questionKey: 'strategy', rating: 4, notes: 'Written down' }],
    });
    await expect(updateAssessment(leader, first.id, { status: 'completed' })).rejects.toMatchObject({
      code: 'INVALID',
    });
    // Ratings: 4 for everything, except the four consequence questions rated 2.
    const consequence = CLIMATE_QUESTIONS.filter((q) => q.construct === 'consequence').map((q) => q.key);
    expect(consequence).toEqual(['reward', 'perform_well', 'perform_poorly', 'celebrate_success']);
    const done = await updateAssessment(leader, first.id, {
      answers: CLIMATE_QUESTIONS.map((q) => ({
        questionKey: q.key,
        rating: consequence.includes(q.key as never) ? 2 : 4,
      })),
      status: 'completed',
    });
    expect(done.status).toBe('completed');
    expect(done.answered).toBe(12);
    expect(done.meanRating).toBe(3.33);
    expect(done.byConstruct.find((c) => c.construct === 'consequence')?.rating).toBe(2);
    expect(done.answers.find((x) => x.questionKey === 'strategy')?.notes).toBe('Written down');
    // The manager (culture:results) reads it but cannot change it; an employee cannot read it.
    expect((await getAssessment(a.org.people.manager.ctx, first.id)).canEdit).toBe(false);
    await expect(
      updateAssessment(a.org.people.manager.ctx, first.id, { status: 'draft' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(listAssessments(a.org.people.employee.ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Repeated later: the history lists both, newest first.
    const second = await createAssessment(leader, { assessedOn: '2025-06-15' });
    await updateAssessment(leader, second.id, {
      answers: CLIMATE_QUESTIONS.map((q) => ({ questionKey: q.key, rating: 5 })),
      status: 'completed',
    });
    const history = await listAssessments(a.org.people.manager.ctx);
    expect(history.items.map((h) => [h.assessedOn, h.meanRating])).toEqual([
      ['2025-06-15', 5],
      ['2025-01-15', 3.33],
    ]);
  });

  it('shows evidence from its own data beside each question, as worked out by hand', async () => {
    const view = await climateEvidence(a.org.people.manager.ctx);
    expect(view.questions.map((q) => q.questionKey)).toEqual(CLIMATE_QUESTIONS.map((q) => q.key));
    const of = (question: string, key: string): EvidenceItem => {
      const found = view.questions
        .find((q) => q.questionKey === question)
        ?.evidence.find((e) => e.key === key);
      if (!found) throw new Error(`no evidence ${question}/${key}`);
      return found;
    };
    // 4 kudos received by 5 people over 90 days (2.957 months): 0.27 per person per month.
    expect(of('reward', 'kudos_per_person_month')).toMatchObject({ status: 'measured', value: 0.27 });
    expect(of('reward', 'effort_kudos_share').value).toBe(33.33);
    expect(of('reward', 'recognised_people_share').value).toBe(40);
    expect(of('perform_well', 'praise_immediacy').value).toBe(3);
    expect(of('perform_well', 'feedback_coverage').value).toBe(40);
    expect(of('perform_well', 'customer_praise_recognised').status).toBe('no_data');
    expect(of('perform_poorly', 'cases_resolved_in_time').value).toBe(50);
    expect(of('perform_poorly', 'to_improve_immediacy').value).toBe(10);
    expect(of('processes', 'first_contact_in_time').value).toBe(33.33);
    expect(of('measurement', 'targets_set').value).toBe(1);
    expect(of('measurement', 'responses').value).toBe(4);
    expect(of('connect_customer', 'nps')).toMatchObject({ status: 'measured', value: 50 });
    expect(of('celebrate_effort', 'effort_kudos_per_month').value).toBe(0.34);
    // The strategy and its reach, and training, from those capabilities.
    expect(of('strategy', 'strategy_published')).toMatchObject({ status: 'measured', value: 2 });
    expect(of('strategy', 'strategy_published').sentence).toContain('ranks 2 priorities');
    expect(of('communicated', 'strategy_acknowledged')).toMatchObject({ status: 'measured', value: 75 });
    expect(of('communicated', 'strategy_understood').value).toBe(75);
    expect(of('train_competency', 'competency_training')).toMatchObject({ status: 'measured', value: 50 });
    expect(of('train_competency', 'competency_trained_people').value).toBe(20);
    expect(of('train_commitment', 'commitment_training').status).toBe('no_data');
    expect(of('train_commitment', 'commitment_trained_people')).toMatchObject({
      status: 'measured',
      value: 0,
    });
    expect(of('reward', 'kudos_per_person_month').period).toEqual(view.period);
  });

  it('puts the leaders’ self-rating beside customers’ scores per construct, employees not yet', async () => {
    const gap = await perceptionGap(a.org.people.leader.ctx);
    const strategy = gap.constructs.find((c) => c.construct === 'strategy');
    // The leader's latest assessment rated everything 5 (100); customers' NPS 50 is 75 on 0–100.
    expect(strategy?.leaders).toMatchObject({ score: 100, raw: 5, n: 1 });
    expect(strategy?.customers).toMatchObject({ metric: 'nps', score: 75, raw: 50, n: 4 });
    expect(strategy?.employees).toMatchObject({ score: null, n: 0 });
    expect(strategy?.gap).toBe(25);
    const consequence = gap.constructs.find((c) => c.construct === 'consequence');
    expect(consequence?.customers).toMatchObject({ metric: null, score: null });
    expect(consequence?.gap).toBeNull();
    expect(gap.constructs).toHaveLength(7);
  });

  it('loads demo plans at different stages and one completed leader assessment, once', async () => {
    const org = await seedOrg(database.db);
    await database.db
      .insert(teamManagers)
      .values({ orgId: org.orgId, teamId: org.team, employeeId: org.people.manager.id });
    expect(await loadDemoClimate(database.db, org.orgId)).toEqual({ created: true, plans: 4 });
    expect(await loadDemoClimate(database.db, org.orgId)).toEqual({ created: false, plans: 0 });
    const plans = await listActionPlans(org.people.employee.ctx, { limit: 50 });
    expect(plans.items.map((p) => p.status).sort()).toEqual(['done', 'in_progress', 'planned', 'planned']);
    expect(plans.items.filter((p) => p.overdue)).toHaveLength(1);
    const history = await listAssessments(org.people.leader.ctx);
    expect(history.items.map((h) => [h.status, h.answered])).toEqual([['completed', 12]]);
  });
});
