import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { checkAnswers } from '../domains/surveys/answers.ts';
import type { SurveyDefinition } from '../domains/surveys/surveys.api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { loadDemoPeople } from './people.demo.ts';
import { type DemoVoiceResult, loadDemoVoice } from './voice.demo.ts';

const NPS = (scores: number[]) =>
  (100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length;

describe.each(DATABASE_KINDS)('the demo voice of the customer on %s', (kind) => {
  let database: TestDatabase;
  let orgId: string;
  let voice: DemoVoiceResult;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ orgId } = await loadDemoPeople(database.db));
    voice = await loadDemoVoice(database.db, orgId);
  });
  afterAll(async () => {
    await database.dispose();
  });

  const rows = <T>(statement: ReturnType<typeof sql>) => query<T>(database.db, statement);
  const count = async (table: string) =>
    (
      await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${orgId}`)
    )[0]?.n ?? 0;

  it('creates three active surveys, about 2,000 customers and 20,000 interactions', async () => {
    const surveys = await rows<{ kind: string; status: string }>(
      sql`select kind, status from surveys where org_id = ${orgId} order by kind`,
    );
    expect(surveys).toEqual([
      { kind: 'ces', status: 'active' },
      { kind: 'csat', status: 'active' },
      { kind: 'nps', status: 'active' },
    ]);
    expect(await count('customers')).toBeGreaterThanOrEqual(1_900);
    expect(await count('customers')).toBeLessThanOrEqual(2_100);
    expect(await count('interactions')).toBeGreaterThanOrEqual(19_000);
    expect(await count('interactions')).toBeLessThanOrEqual(21_000);
    expect(await count('interaction_employees')).toBe(await count('interactions'));
    const responses = await count('responses');
    expect(responses / (await count('interactions'))).toBeGreaterThan(0.25);
    expect(responses / (await count('interactions'))).toBeLessThan(0.35);
    expect(voice).toMatchObject({ created: true, responses });
  });

  it('spreads responses over six months up to now, each after its interaction and invitation', async () => {
    const [span] = await rows<{ days: number; future: number; early: number; unanswered: number }>(sql`
      select extract(epoch from max(r.submitted_at) - min(r.submitted_at))::float / 86400 as days,
             count(*) filter (where r.submitted_at > now())::int as future,
             count(*) filter (where r.submitted_at < i.occurred_at or v.sent_at > r.submitted_at)::int as early,
             count(*) filter (where v.answered_at is null)::int as unanswered
      from responses r
      join interactions i on i.org_id = r.org_id and i.id = r.interaction_id
      join invitations v on v.org_id = r.org_id and v.id = r.invitation_id
      where r.org_id = ${orgId}`);
    expect(span?.days).toBeGreaterThanOrEqual(150);
    expect(span).toMatchObject({ future: 0, early: 0, unanswered: 0 });
  });

  it('attributes every response to one person who served in the interaction’s team', async () => {
    const [check] = await rows<{ responses: number; attributed: number; outside: number }>(sql`
      select count(distinct r.id)::int as responses,
             count(re.employee_id)::int as attributed,
             count(*) filter (where not exists (
               select 1 from team_memberships m
               where m.org_id = r.org_id and m.team_id = i.team_id and m.employee_id = re.employee_id
                 and m.ended_at is null))::int as outside
      from responses r
      join interactions i on i.org_id = r.org_id and i.id = r.interaction_id
      left join response_employees re on re.org_id = r.org_id and re.response_id = r.id
      where r.org_id = ${orgId} and r.team_id = i.team_id`);
    expect(check?.responses).toBe(await count('responses'));
    expect(check?.attributed).toBe(check?.responses);
    expect(check?.outside).toBe(0);
  });

  it('stores answers that fit each survey, with the comment as the reason', async () => {
    const all = await rows<{
      definition: SurveyDefinition;
      answers: Record<string, unknown>;
      score: number;
      comment: string | null;
    }>(sql`
      select s.definition, r.answers, r.score, r.comment
      from responses r join surveys s on s.org_id = r.org_id and s.id = r.survey_id
      where r.org_id = ${orgId}`);
    for (const r of all) {
      const checked = checkAnswers(r.definition, r.answers);
      expect(checked.score).toBe(r.score);
      expect(checked.comment).toBe(r.comment);
    }
    const commented = all.filter((r) => r.comment !== null).length / all.length;
    expect(commented).toBeGreaterThan(0.5);
    expect(commented).toBeLessThan(0.7);
  });

  it('shows better and worse teams and an upward trend in NPS', async () => {
    const byTeam = await rows<{ team: string; mean: number }>(sql`
      select t.name as team, avg(r.score)::float as mean
      from responses r
      join surveys s on s.org_id = r.org_id and s.id = r.survey_id
      join teams t on t.org_id = r.org_id and t.id = r.team_id
      where r.org_id = ${orgId} and s.kind = 'nps'
      group by t.name`);
    const mean = (team: string) => byTeam.find((t) => t.team === team)?.mean ?? Number.NaN;
    expect(mean('South Region Technicians')).toBeGreaterThan(mean('North Region Technicians') + 0.5);
    expect(mean('Tier 2 Specialists')).toBeGreaterThan(mean('Tier 1') + 0.5);

    const nps = await rows<{ score: number; first: boolean }>(sql`
      with r as (
        select r.score, r.submitted_at from responses r join surveys s on s.org_id = r.org_id and s.id = r.survey_id
        where r.org_id = ${orgId} and s.kind = 'nps'),
      bounds as (select min(submitted_at) as lo, max(submitted_at) as hi from r)
      select r.score, r.submitted_at < bounds.lo + interval '30 days' as first
      from r, bounds
      where r.submitted_at < bounds.lo + interval '30 days' or r.submitted_at > bounds.hi - interval '30 days'`);
    const firstMonth = NPS(nps.filter((r) => r.first).map((r) => r.score));
    const lastMonth = NPS(nps.filter((r) => !r.first).map((r) => r.score));
    expect(lastMonth).toBeGreaterThan(firstMonth + 8);
  });

  it('names three people in many comments, and has Spanish and German comments', async () => {
    const comments = await rows<{ comment: string; locale: string }>(
      sql`select comment, locale from responses where org_id = ${orgId} and comment is not null`,
    );
    expect(voice.praised.map((p) => p.team).sort()).toEqual([
      'Chat & Email',
      'South Region Technicians',
      'Tier 2 Specialists',
    ]);
    for (const person of voice.praised) {
      const named = new RegExp(`\\b(${person.calledBy.join('|')})\\b`);
      expect(comments.filter((c) => named.test(c.comment)).length, person.name).toBeGreaterThanOrEqual(20);
    }
    const spanish = comments.filter((c) => c.locale === 'es');
    const german = comments.filter((c) => c.locale === 'de');
    expect(spanish.some((c) => /\b(muy|factura|técnico|gracias)\b/i.test(c.comment))).toBe(true);
    expect(german.some((c) => /\b(sehr|Rechnung|Techniker|Danke)\b/i.test(c.comment))).toBe(true);
    // Complaint themes recur.
    expect(comments.filter((c) => /on hold/.test(c.comment)).length).toBeGreaterThan(50);
    expect(comments.filter((c) => /direct debit|bill/i.test(c.comment)).length).toBeGreaterThan(50);
  });

  it('adds nothing when it runs again', async () => {
    const before = await Promise.all(['customers', 'interactions', 'responses', 'surveys'].map(count));
    const again = await loadDemoVoice(database.db, orgId);
    expect(again.created).toBe(false);
    expect(await Promise.all(['customers', 'interactions', 'responses', 'surveys'].map(count))).toEqual(
      before,
    );
  });
});
