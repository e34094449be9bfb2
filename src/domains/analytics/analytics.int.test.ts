import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, signInAs } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { createSurvey, updateSurvey } from '../surveys/surveys.service.ts';
import { type AnalyticsOrg, analyticsOrg } from './analytics.fixtures.ts';

/** Noon on a day of May 2025 (Berlin), spread over the month. */
const may = (i: number) => `2025-05-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`;
const MAY = 'from=2025-05-01&to=2025-05-31';

describe.each(DATABASE_KINDS)('analytics API on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: AnalyticsOrg;
  let leader: Session;
  let employee: Session;
  const get = async (url: string) => {
    const res = await leader.request('GET', url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    a = await analyticsOrg(await seedOrg(database.db));
    const [team1, team2] = a.teams;
    const [agent0, agent1, agent2] = a.agents;
    // Team 1, agent 0: 20 promoters, 10 passives, 10 detractors (NPS 25, n 40). Agent 1 shares 10 of
    // the promoters (two people served them): team totals must count those once.
    // Team 2, agent 2: 5 promoters, 5 passives, 30 detractors (NPS −62.5, n 40). Customers of team 2
    // are in segment "trade", the rest "retail".
    const plan: { team: string; agents: string[]; score: number; segment: string }[] = [];
    for (let i = 0; i < 20; i++)
      plan.push({
        team: team1,
        agents: i < 10 ? [agent0, agent1] : [agent0],
        score: 9 + (i % 2),
        segment: 'retail',
      });
    for (let i = 0; i < 10; i++)
      plan.push({ team: team1, agents: [agent0], score: 7 + (i % 2), segment: 'retail' });
    for (let i = 0; i < 10; i++)
      plan.push({ team: team1, agents: [agent0], score: i % 7, segment: 'retail' });
    for (let i = 0; i < 5; i++) plan.push({ team: team2, agents: [agent2], score: 10, segment: 'trade' });
    for (let i = 0; i < 5; i++) plan.push({ team: team2, agents: [agent2], score: 8, segment: 'trade' });
    for (let i = 0; i < 30; i++) plan.push({ team: team2, agents: [agent2], score: 3, segment: 'trade' });
    await Promise.all(
      plan.map((p, i) =>
        a.submit({
          surveyId: a.surveys.nps,
          score: p.score,
          submittedAt: may(i),
          interaction: {
            customer: { email: `c${i}@x.example`, segment: p.segment },
            channel: i % 3 === 0 ? 'chat' : 'phone',
            occurredAt: may(i),
            employeeIds: p.agents,
            employeeEmails: [],
            teamId: p.team,
            metadata: {},
          },
        }),
      ),
    );
    // Custom survey: overall follows speed closely and friendliness a little (40 responses).
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const speed = 1 + (i % 5);
        const friendly = 1 + ((i * 3) % 5);
        const overall = Math.min(10, Math.max(1, 2 * speed + (friendly > 3 ? 1 : 0) - (i % 2)));
        return a.submit({
          surveyId: a.surveys.custom,
          submittedAt: may(i),
          answers: { overall, speed, friendly },
          teamId: team1,
        });
      }),
    );
    leader = await signInAs(app, a.org.people.leader.email, TEST_PASSWORD);
    employee = await signInAs(app, a.org.people.employee.email, TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('computes the overview NPS with its interval, counting a two-person response once', async () => {
    const o = await get(`/api/v1/analytics/overview?${MAY}`);
    const nps = o.scores.find((s: { metric: string }) => s.metric === 'nps');
    // 25 promoters, 15 passives, 40 detractors of 80: NPS = (25 − 40)/80 = −18.75;
    // SE = 100·√((0.3125 + 0.5 − 0.1875²)/80) = 9.8598…, margin 19.33.
    expect(nps.current).toMatchObject({ n: 80, value: -18.75, marginOfError: 19.32, status: 'ok' });
    expect(nps.previous.status).toBe('no_responses');
    expect(nps.change.significant).toBe(false);
    expect(o.volume.responses).toBe(120);
    expect(o.trend.map((t: { period: string }) => t.period)).toEqual(['2025-05-01']);
    expect(o.filters).toMatchObject({
      from: '2025-05-01',
      to: '2025-05-31',
      source: 'rollups',
      timeZone: 'Europe/Berlin',
    });
  });

  it('changes the numbers with a team filter, and gives the same numbers from raw rows for a segment', async () => {
    const team2 = await get(`/api/v1/analytics/overview?${MAY}&teamId=${a.teams[1]}`);
    expect(team2.scores.find((s: { metric: string }) => s.metric === 'nps').current).toMatchObject({
      n: 40,
      value: -62.5,
    });
    const trade = await get(`/api/v1/analytics/overview?${MAY}&segment=trade`);
    expect(trade.filters.source).toBe('raw');
    expect(trade.scores.find((s: { metric: string }) => s.metric === 'nps').current).toEqual(
      team2.scores.find((s: { metric: string }) => s.metric === 'nps').current,
    );
    const weekly = await get(`/api/v1/analytics/overview?${MAY}&interval=week`);
    expect(weekly.trend[0].period).toBe('2025-04-28');
    expect(weekly.trend.reduce((n: number, t: { responses: number }) => n + t.responses, 0)).toBe(120);
  });

  it('drills down to exactly the responses behind a figure', async () => {
    const d = await get(`/api/v1/analytics/responses?${MAY}&metric=nps&category=detractor&limit=25`);
    expect(d.total).toBe(40);
    expect(d.items).toHaveLength(25);
    const rest = await get(
      `/api/v1/analytics/responses?${MAY}&metric=nps&category=detractor&limit=25&cursor=${d.nextCursor}`,
    );
    expect(rest.items).toHaveLength(15);
    expect(rest.nextCursor).toBeNull();
    const ids = new Set([...d.items, ...rest.items].map((r: { id: string }) => r.id));
    expect(ids.size).toBe(40);
    expect([...d.items, ...rest.items].every((r: { score: number }) => r.score <= 6)).toBe(true);
    const agent1 = await get(`/api/v1/analytics/responses?${MAY}&employeeId=${a.agents[1]}`);
    expect(agent1.total).toBe(10);
    // Both teams sit under the department: a team filter takes sub-teams in unless told not to,
    // which is how a team's own figure in the team comparison is drilled into.
    const department = a.org.department;
    const withSubTeams = await get(`/api/v1/analytics/responses?${MAY}&teamId=${department}&limit=1`);
    const team2 = await get(`/api/v1/analytics/overview?${MAY}&teamId=${a.teams[1]}`);
    expect(withSubTeams.total).toBeGreaterThanOrEqual(
      team2.scores.find((s: { metric: string }) => s.metric === 'nps').current.n,
    );
    const own = await get(`/api/v1/analytics/responses?${MAY}&teamId=${department}&subTeams=exclude&limit=1`);
    expect(own.total).toBe(0);
  });

  it('compares teams and ranks people fairly, with raw score and n beside', async () => {
    const t = await get(`/api/v1/analytics/teams?${MAY}&minSample=30`);
    expect(
      t.teams
        .slice(0, 2)
        .map((x: { teamId: string; rank: number; raw: { value: number } }) => [
          x.teamId,
          x.rank,
          x.raw.value,
        ]),
    ).toEqual([
      [a.teams[0], 1, 25],
      [a.teams[1], 2, -62.5],
    ]);
    expect(t.teams[0].series).toHaveLength(1);
    const e = await get(`/api/v1/analytics/employees?${MAY}&minN=15`);
    const byId = new Map(e.employees.map((x: { employeeId: string }) => [x.employeeId, x]));
    expect(byId.get(a.agents[1])).toMatchObject({ rank: null, raw: { n: 10, value: 100 } });
    expect(byId.get(a.agents[0])).toMatchObject({ rank: 1, raw: { n: 40, value: 25 } });
    expect(byId.get(a.agents[2])).toMatchObject({ rank: 2 });
  });

  it("shows a person's monthly scores to them and to leaders, but not another person's", async () => {
    const own = await employee.request('GET', `/api/v1/analytics/employees/${a.agents[0]}?${MAY}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().months[0].estimate).toMatchObject({ n: 40, value: 25 });
    expect(
      (await employee.request('GET', `/api/v1/analytics/employees/${a.agents[2]}?${MAY}`)).statusCode,
    ).toBe(403);
    expect((await employee.request('GET', `/api/v1/analytics/overview`)).statusCode).toBe(403);
    // …and what customers said about them, but nobody else's responses.
    const said = await employee.request(
      'GET',
      `/api/v1/analytics/responses?${MAY}&employeeId=${a.agents[0]}`,
    );
    expect(said.statusCode, said.body).toBe(200);
    expect(said.json().total).toBe(40);
    expect(
      (await employee.request('GET', `/api/v1/analytics/responses?${MAY}&employeeId=${a.agents[2]}`))
        .statusCode,
    ).toBe(403);
    expect((await employee.request('GET', `/api/v1/analytics/responses?${MAY}`)).statusCode).toBe(403);
    const other = await get(`/api/v1/analytics/employees/${a.agents[2]}?${MAY}`);
    expect(other.total).toMatchObject({ n: 40, value: -62.5 });
  });

  it('keeps targets with their progress', async () => {
    const created = await leader.request('POST', '/api/v1/analytics/targets', {
      metric: 'nps',
      scope: 'team',
      teamId: a.teams[0],
      comparator: '>=',
      value: 50,
      dueDate: '2030-06-30',
      name: 'Phone support NPS',
    });
    expect(created.statusCode, created.body).toBe(201);
    const target = created.json();
    expect(target).toMatchObject({ scope: 'team', teamId: a.teams[0], value: 50 });
    expect(['not_enough_history', 'off_track', 'uncertain', 'on_track']).toContain(target.status);
    const patched = await leader.request('PATCH', `/api/v1/analytics/targets/${target.id}`, { value: 20 });
    expect(patched.json().value).toBe(20);
    const bad = await leader.request('POST', '/api/v1/analytics/targets', {
      metric: 'ces',
      scope: 'org',
      comparator: '<=',
      value: 9,
      dueDate: '2030-01-01',
    });
    expect(bad.statusCode).toBe(400);
    const list = await get('/api/v1/analytics/targets');
    expect(list.items.map((t: { id: string }) => t.id)).toContain(target.id);
    expect(
      (
        await employee.request('POST', '/api/v1/analytics/targets', {
          metric: 'nps',
          scope: 'org',
          comparator: '>=',
          value: 1,
          dueDate: '2030-01-01',
        })
      ).statusCode,
    ).toBe(403);
    expect((await leader.request('DELETE', `/api/v1/analytics/targets/${target.id}`)).statusCode).toBe(204);
    expect((await leader.request('GET', `/api/v1/analytics/targets/${target.id}`)).statusCode).toBe(404);
  });

  it('finds the key drivers of a custom survey, and says when there are too few responses', async () => {
    const d = await get(`/api/v1/analytics/drivers?${MAY}&surveyId=${a.surveys.custom}`);
    expect(d.status).toBe('ok');
    expect(d.responses).toBe(40);
    expect(d.drivers.map((x: { key: string }) => x.key)).toEqual(['speed', 'friendly']);
    expect(d.drivers[0].importance).toBeGreaterThan(0.7);
    expect(d.rSquared).toBeGreaterThan(0.9);
    const few = await get(
      `/api/v1/analytics/drivers?from=2025-05-01&to=2025-05-10&surveyId=${a.surveys.custom}`,
    );
    expect(few).toMatchObject({ status: 'too_few_responses', minimum: 30 });
    const q = await get(`/api/v1/analytics/questions?${MAY}&surveyId=${a.surveys.custom}`);
    const speed = q.surveys[0].questions.find((x: { questionId: string }) => x.questionId === 'speed');
    expect(speed).toMatchObject({ answered: 40, mean: 3 });
    expect(speed.distribution.map((x: { count: number }) => x.count)).toEqual([8, 8, 8, 8, 8]);
  });

  it('exports every table as CSV', async () => {
    const res = await leader.request('GET', `/api/v1/analytics/export/teams?${MAY}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('team_id,team,metric,rank,shrunk,n,value,low,high,margin_of_error,status');
    expect(lines[1]).toContain(`${a.teams[0]},Phone Support,nps,1,`);
    for (const table of ['trend', 'employees', 'questions', 'drivers', 'responses', 'targets'])
      expect(
        (await leader.request('GET', `/api/v1/analytics/export/${table}?${MAY}`)).statusCode,
        table,
      ).toBe(200);
    const responses = await leader.request('GET', `/api/v1/analytics/export/responses?${MAY}&metric=nps`);
    expect(responses.body.trim().split('\r\n')).toHaveLength(81);
  });

  it('adds up the surveys of one kind, and keeps to one survey when filtered by it', async () => {
    // A second NPS survey (e.g. another touchpoint). In June, team 1 gets 4 promoters through the
    // first NPS survey and 4 detractors through the second; 2 CSAT answers too.
    const second = await createSurvey(a.ctx, { kind: 'nps', name: 'Second NPS' }, 'http://test');
    await updateSurvey(a.ctx, second.id, { status: 'active' }, 'http://test');
    const june = (i: number) => `2025-06-${String(2 + i).padStart(2, '0')}T10:00:00.000Z`;
    for (let i = 0; i < 4; i++) {
      await a.submit({ surveyId: a.surveys.nps, score: 10, submittedAt: june(i), teamId: a.teams[0] });
      await a.submit({ surveyId: second.id, score: 2, submittedAt: june(i), teamId: a.teams[0] });
    }
    for (let i = 0; i < 2; i++)
      await a.submit({ surveyId: a.surveys.csat, score: 5, submittedAt: june(i), teamId: a.teams[0] });
    const JUNE = 'from=2025-06-01&to=2025-06-30';
    const teamOne = (view: { teams: { teamId: string; raw: { n: number; value: number } }[] }) =>
      view.teams.find((t) => t.teamId === a.teams[0])?.raw;
    expect(teamOne(await get(`/api/v1/analytics/teams?${JUNE}`))).toMatchObject({ n: 8, value: 0 });
    expect(teamOne(await get(`/api/v1/analytics/teams?${JUNE}&surveyId=${second.id}`))).toMatchObject({
      n: 4,
      value: -100,
    });
    // The overview reads every kind at once: each survey's rows go to its own kind.
    const o = await get(`/api/v1/analytics/overview?${JUNE}`);
    const current = (metric: string) => o.scores.find((s: { metric: string }) => s.metric === metric).current;
    expect(current('nps')).toMatchObject({ n: 8, value: 0 });
    expect(current('csat')).toMatchObject({ n: 2, value: 100 });
    expect(o.volume.responses).toBe(10);
  });
});
