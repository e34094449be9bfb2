import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../db/client.ts';
import { type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { type AnalyticsOrg, analyticsOrg } from '../analytics/analytics.fixtures.ts';
import { employees, teamManagers, teamMemberships } from '../people/people.tables.ts';
import { responsePipelineHandlers } from '../responses/response-pipeline.ts';
import { textAnalysisStep } from '../text/text.service.ts';
import {
  assignTraining,
  completeModule,
  myTraining,
  submitQuiz,
  trainingProgress,
} from './assignments.service.ts';
import { createModule, createPath } from './catalogue.service.ts';
import { moduleEffect } from './effect.service.ts';
import {
  createRule,
  runTrainingRules,
  scheduleTrainingRules,
  TRAINING_RULES,
  trainingJobHandlers,
} from './rules.service.ts';
import { CreateModuleInput, EffectQuery, type ModuleView } from './training.api.ts';

const DAY = 86_400_000;
const QUIZ = {
  questions: [
    {
      id: 'first',
      prompt: 'What do you do first when a customer is unsure what happens next?',
      kind: 'single' as const,
      options: ['Transfer the call', 'Say what happens next and when', 'Send the terms'],
      correct: [1],
    },
    {
      id: 'words',
      prompt: 'Which make an explanation clear?',
      kind: 'multiple' as const,
      options: ['Plain words', 'Internal codes', 'A date and time'],
      correct: [0, 2],
    },
  ],
  passMark: 1,
};

describe.each(DATABASE_KINDS)('training on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let runner: JobRunner;
  let a: AnalyticsOrg;
  let clarity: ModuleView;
  let values: ModuleView;
  let employee: Session;
  let field: string;
  let fieldAgent: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    a = await analyticsOrg(await seedOrg(database.db));
    [, field] = a.teams;
    fieldAgent = a.agents[2];
    // The seeded manager manages Phone Support (with the seeded employee in it), not Field.
    await database.db
      .insert(teamManagers)
      .values({ orgId: a.org.orgId, teamId: a.org.team, employeeId: a.org.people.manager.id });
    runner = startJobRunner({
      db: database.db,
      handlers: { ...responsePipelineHandlers([textAnalysisStep()]), ...trainingJobHandlers() },
      pollMs: 0,
    });
    const leader = a.org.people.leader.ctx;
    clarity = await createModule(
      leader,
      CreateModuleInput.parse({
        title: 'Communication and clarity',
        kind: 'competency',
        summary: 'Say what happens next, in plain words.',
        body: 'Customers forgive a delay.\n\nThey do not forgive silence.',
        links: [{ label: 'Checklist', url: 'https://intranet.example/clarity' }],
        videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        quiz: QUIZ,
        estimatedMinutes: 15,
        tags: ['Communication'],
      }),
    );
    values = await createModule(
      leader,
      CreateModuleInput.parse({
        title: 'Why we serve',
        kind: 'commitment',
        body: 'Our customers stay because of how we treat them.',
        estimatedMinutes: 10,
      }),
    );
    employee = await signInAs(app, a.org.people.employee.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
    await database.dispose();
  });

  it('keeps the catalogue to its editors and the answers from readers', async () => {
    expect(clarity.videoEmbedUrl).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(clarity.tags).toEqual(['communication']);
    const read = await employee.request('GET', `/api/v1/training/modules/${clarity.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().quiz.questions).toHaveLength(2);
    expect(read.body).not.toContain('"correct"');
    expect(read.json().editableQuiz).toBeNull();
    const denied = await employee.request('POST', '/api/v1/training/modules', {
      title: 'Mine',
      kind: 'competency',
      estimatedMinutes: 5,
    });
    expect(denied.statusCode).toBe(403);
    const leader = await signInAs(app, a.org.people.leader.email, TEST_PASSWORD);
    const unsafe = await leader.request('POST', '/api/v1/training/modules', {
      title: 'Unsafe',
      kind: 'competency',
      estimatedMinutes: 5,
      links: [{ label: 'x', url: 'javascript:alert(1)' }],
    });
    expect(unsafe.statusCode).toBe(400);
    const plainVideo = await leader.request('POST', '/api/v1/training/modules', {
      title: 'Elsewhere',
      kind: 'competency',
      estimatedMinutes: 5,
      videoUrl: 'https://videos.example/talk',
    });
    expect(plainVideo.statusCode, plainVideo.body).toBe(201);
    expect(plainVideo.json()).toMatchObject({ videoUrl: 'https://videos.example/talk', videoEmbedUrl: null });
    const unknown = await leader.request('GET', `/api/v1/training/modules/${uuidv7()}`);
    expect(unknown.statusCode).toBe(404);
  });

  it('lets a manager assign to the people they manage only, never twice while open', async () => {
    const manager = a.org.people.manager.ctx;
    const first = await assignTraining(manager, {
      moduleId: values.id,
      employeeIds: [a.org.people.employee.id],
      teamIds: [],
      roles: [],
      dueDate: '2099-01-31',
    });
    expect(first).toEqual({ assigned: 1, alreadyOpen: 0, people: 1 });
    const again = await assignTraining(manager, {
      moduleId: values.id,
      employeeIds: [],
      teamIds: [a.org.team],
      roles: [],
    });
    // Phone Support: the seeded admin, leader, manager and employee; the employee has it open.
    expect(again).toEqual({ assigned: 3, alreadyOpen: 1, people: 4 });
    await expect(
      assignTraining(manager, { moduleId: values.id, employeeIds: [fieldAgent], teamIds: [], roles: [] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      assignTraining(a.org.people.employee.ctx, {
        moduleId: values.id,
        employeeIds: [a.org.people.employee.id],
        teamIds: [],
        roles: [],
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [notice] = await query<{ title: string; link: string }>(
      database.db,
      sql`select title, link from notifications where org_id = ${a.org.orgId}
          and employee_id = ${a.org.people.employee.id} and kind = 'training_assigned'`,
    );
    expect(notice).toEqual({ title: 'New training: Why we serve', link: `/training/modules/${values.id}` });
  });

  it('completes a module by passing its quiz, and shows it in progress and in my training', async () => {
    const me = a.org.people.employee.ctx;
    await expect(completeModule(me, clarity.id)).rejects.toMatchObject({ code: 'INVALID' });
    const failed = await submitQuiz(me, clarity.id, { first: [1], words: [0] });
    expect(failed).toMatchObject({ correct: 1, total: 2, passed: false });
    expect(failed.assignment).toMatchObject({
      status: 'open',
      quizAttempts: 1,
      lastScore: 0.5,
      source: 'self',
    });
    const passed = await employee.request('POST', `/api/v1/training/modules/${clarity.id}/quiz`, {
      answers: { first: [1], words: [2, 0] },
    });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ passed: true, score: 1 });
    expect(passed.json().assignment).toMatchObject({ status: 'done', quizAttempts: 2, bestScore: 1 });
    const done = await employee.request('POST', `/api/v1/training/modules/${values.id}/complete`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', source: 'manual', dueDate: '2099-01-31' });

    const mine = await myTraining(me);
    expect(mine.due).toEqual([]);
    expect(mine.done.map((d) => d.moduleTitle).sort()).toEqual(['Communication and clarity', 'Why we serve']);
    const progress = await trainingProgress(a.org.people.manager.ctx, {});
    const person = progress.people.find((p) => p.employeeId === a.org.people.employee.id);
    expect(person).toMatchObject({ assigned: 2, completed: 2, completionRate: 1, averageScore: 1 });
    // The manager sees their team only: Field's agent is not theirs.
    expect(progress.people.some((p) => p.employeeId === fieldAgent)).toBe(false);
    expect(progress.teams.find((t) => t.teamId === a.org.team)).toMatchObject({
      people: 4,
      assigned: 5,
      completed: 2,
    });
    const asEmployee = await employee.request('GET', '/api/v1/training/progress');
    expect(asEmployee.statusCode).toBe(403);
  });

  it('assigns by rule: a team with negative clarity comments, and new employees, once', async () => {
    const leader = a.org.people.leader.ctx;
    // Field: 4 of 5 comments are negative about communication; Phone Support: 1 of 6 (below 20 %).
    const comment = {
      bad: 'The agent was unclear and I was never informed about the status. Terrible.',
      good: 'Friendly staff, quick and helpful.',
    };
    const recent = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    for (let i = 0; i < 5; i++)
      await a.submit({
        surveyId: a.surveys.nps,
        score: 3,
        teamId: field,
        comment: i < 4 ? comment.bad : comment.good,
        submittedAt: recent(i + 1),
      });
    for (let i = 0; i < 6; i++)
      await a.submit({
        surveyId: a.surveys.nps,
        score: 9,
        teamId: a.org.team,
        comment: i < 1 ? comment.bad : comment.good,
        submittedAt: recent(i + 1),
      });
    await runner.runDueNow();

    const themeRule = await createRule(leader, {
      kind: 'theme',
      name: 'Clarity complaints',
      theme: 'communication',
      minShare: 0.2,
      minCount: 3,
      windowDays: 30,
      dueInDays: 14,
      moduleId: clarity.id,
      pathId: null,
      active: true,
    });
    await expect(
      createRule(leader, {
        ...themeRule,
        kind: 'theme',
        theme: 'no_such_theme',
        moduleId: clarity.id,
        pathId: null,
      }),
    ).rejects.toMatchObject({ code: 'INVALID' });
    // A new starter (three days ago) and an old hand, both in Field.
    const newcomer = uuidv7();
    await database.db.insert(employees).values({
      orgId: a.org.orgId,
      id: newcomer,
      name: 'Nora Newcomer',
      email: `nora-${newcomer}@x.example`,
      startDate: new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10),
    });
    await database.db
      .insert(teamMemberships)
      .values({ orgId: a.org.orgId, id: uuidv7(), teamId: field, employeeId: newcomer });
    const onboarding = await createPath(leader, {
      name: 'Onboarding',
      description: 'Your first weeks',
      moduleIds: [values.id, clarity.id],
    });
    expect(onboarding.totalMinutes).toBe(25);
    await createRule(leader, {
      kind: 'new_employee',
      name: 'Onboarding for new starters',
      theme: null,
      minShare: 0.2,
      minCount: 3,
      windowDays: 30,
      dueInDays: 21,
      moduleId: null,
      pathId: onboarding.id,
      active: true,
    });

    // The daily job, as scheduled, runs the rules.
    await scheduleTrainingRules(database.db, { now: () => new Date(Date.now() - DAY) }, a.org.orgId);
    const [job] = await query<{ id: string }>(
      database.db,
      sql`select id from jobs where org_id = ${a.org.orgId} and queue = ${TRAINING_RULES} and done_at is null`,
    );
    expect(job).toBeDefined();
    await database.db.execute(
      sql`update jobs set run_at = now() - interval '1 minute' where id = ${job?.id ?? ''}`,
    );
    await runner.runDueNow();

    const byRule = await query<{ employee_id: string; module_id: string; path_id: string | null }>(
      database.db,
      sql`select employee_id, module_id, path_id from training_assignments where org_id = ${a.org.orgId} and source = 'rule'
          order by employee_id, module_id`,
    );
    const pairs = byRule.map(
      (r) =>
        `${r.employee_id === newcomer ? 'nora' : r.employee_id === fieldAgent ? 'agent' : 'other'}:${r.module_id === clarity.id ? 'clarity' : 'values'}`,
    );
    // Field's agent gets clarity; Nora gets the onboarding path, whose clarity module she holds once.
    expect(pairs.sort()).toEqual(['agent:clarity', 'nora:clarity', 'nora:values']);
    // Tomorrow's run is scheduled, and running the rules again assigns nothing new.
    const [next] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from jobs where org_id = ${a.org.orgId} and queue = ${TRAINING_RULES} and done_at is null`,
    );
    expect(next?.n).toBe(1);
    expect((await runTrainingRules(database.db, a.org.orgId, new Date())).assigned).toBe(0);
    // Even after the agent completes it, the rule does not hand it straight back.
    await completeModuleByQuiz(fieldAgent);
    expect((await runTrainingRules(database.db, a.org.orgId, new Date())).assigned).toBe(0);
  });

  async function completeModuleByQuiz(employeeId: string) {
    const ctx = {
      db: database.db,
      orgId: a.org.orgId,
      actor: { type: 'user' as const, employeeId, role: 'employee' as const, sessionId: uuidv7() },
    };
    return submitQuiz(ctx, clarity.id, { first: [1], words: [0, 2] });
  }

  it('reminds once when training is due soon and once when it is overdue', async () => {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    await database.db.execute(sql`update training_assignments set due_date = ${today}::date + 1
      where org_id = ${a.org.orgId} and completed_at is null and employee_id = ${a.org.people.admin.id}`);
    const first = await runTrainingRules(database.db, a.org.orgId, now);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await runTrainingRules(database.db, a.org.orgId, now)).reminded).toBe(0);
    const [reminder] = await query<{ title: string }>(
      database.db,
      sql`select title from notifications where org_id = ${a.org.orgId} and employee_id = ${a.org.people.admin.id}
          and kind = 'training_due'`,
    );
    expect(reminder?.title).toMatch(/^Training due \d{4}-\d{2}-\d{2}: Why we serve$/);
  });

  it('measures scores before and after completion, significant only when they are', async () => {
    // A hand-built fixture: the leader completed "Why we serve" 60 days ago. In the six weeks
    // before, 20 promoters and 20 detractors (NPS 0, SE 15.81); in the six weeks after, 36
    // promoters and 4 passives (NPS 90, SE 4.74): z = 90 / 16.51 = 5.45, significant.
    const leaderId = a.org.people.leader.id;
    const completedAt = new Date(Date.now() - 60 * DAY);
    const leaderCtx = a.org.people.leader.ctx;
    await completeModule(leaderCtx, values.id, completedAt);
    const at = (days: number, i: number) =>
      new Date(completedAt.getTime() + days * DAY + i * 60_000).toISOString();
    for (let i = 0; i < 40; i++) {
      await a.submit({
        surveyId: a.surveys.nps,
        score: i < 20 ? 10 : 2,
        employeeIds: [leaderId],
        teamId: a.org.team,
        submittedAt: at(-10 - (i % 20), i),
      });
      await a.submit({
        surveyId: a.surveys.nps,
        score: i < 36 ? 9 : 7,
        employeeIds: [leaderId],
        teamId: a.org.team,
        submittedAt: at(10 + (i % 20), i),
      });
    }
    const effect = await moduleEffect(leaderCtx, values.id, EffectQuery.parse({ employeeId: leaderId }));
    expect(effect.before?.estimate).toMatchObject({ n: 40, value: 0, marginOfError: 30.99, status: 'ok' });
    expect(effect.after?.estimate).toMatchObject({ n: 40, value: 90, status: 'ok' });
    expect(effect).toMatchObject({ change: 90, significant: true, direction: 'better', note: null });
    expect(effect.pValue).toBeLessThan(0.001);
    // The same comparison with a minimum sample above what either period has is not significant.
    const small = await moduleEffect(
      leaderCtx,
      values.id,
      EffectQuery.parse({ employeeId: leaderId, minSample: 41 }),
    );
    expect(small).toMatchObject({ change: 90, significant: false, direction: 'unchanged' });
    // Phone Support's four members were all assigned it; the second of them (half) completed it
    // today, so the team counts as completed today, with no "after" yet.
    const team = await moduleEffect(leaderCtx, values.id, EffectQuery.parse({ teamId: a.org.team }));
    expect(team.scope).toMatchObject({ type: 'team', name: 'Phone Support' });
    expect(team).toMatchObject({ before: null, after: null, significant: false });
    expect(team.note).toMatch(/^Completed today/);
    // An employee may not read effects; an unknown module is 404.
    await expect(
      moduleEffect(a.org.people.employee.ctx, values.id, EffectQuery.parse({ teamId: a.org.team })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      moduleEffect(leaderCtx, uuidv7(), EffectQuery.parse({ teamId: a.org.team })),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
