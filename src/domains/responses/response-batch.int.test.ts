import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { createGroupCommitter, type GroupCommitter } from '../../db/group-commit.ts';
import { AppError } from '../../server/errors.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createSurvey, updateSurvey } from '../surveys/surveys.service.ts';
import type { SubmitResponseInput } from './responses.api.ts';
import { submitResponse } from './responses.service.ts';

/**
 * The batched path of POST /responses: everything queued in one flush is written with a few
 * multi-row statements, and each item must still come out exactly as if it had been stored alone.
 */
describe.each(DATABASE_KINDS)('responses stored in batches on %s', (kind) => {
  let database: TestDatabase;
  let org: SeededOrg;
  let committer: GroupCommitter;
  let surveyId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await seedOrg(database.db);
    committer = createGroupCommitter(database.db);
    surveyId = (await createSurvey(org.system, { kind: 'nps', name: 'Batch' }, 'http://serviceloop.test')).id;
    await updateSurvey(org.system, surveyId, { status: 'active' }, 'http://serviceloop.test');
  });
  afterAll(() => database.dispose());

  const submit = (input: Omit<SubmitResponseInput, 'surveyId' | 'answers'>, key?: string) =>
    submitResponse(org.system, committer, { surveyId, answers: {}, ...input }, key);
  const count = async (where = sql`true`) =>
    (
      await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from responses where org_id = ${org.orgId} and ${where}`,
      )
    )[0]?.n ?? 0;
  const codeOf = (r: PromiseSettledResult<unknown>) =>
    r.status === 'rejected' && r.reason instanceof AppError ? r.reason.code : r.status;

  it('stores a flush of good and bad items together: each bad one fails alone, with its own error', async () => {
    const before = await count();
    const employee = org.people.employee.id;
    const results = await Promise.allSettled([
      submit({ score: 10, customer: { email: 'New.Customer@example.com', name: 'Nia' } }, 'k-good-1'),
      submit({ score: 3, customer: { email: 'new.customer@example.com' } }),
      submit({ score: 8, employeeIds: [employee] }, 'k-good-2'),
      submit({ score: 7, employeeIds: [uuidv7()] }, 'k-bad-employee'),
      submit({ score: 7, teamId: uuidv7() }),
      submit({ score: 7, interactionId: uuidv7() }),
      submit({ score: 7, customer: { id: uuidv7() } }),
    ]);
    expect(results.map(codeOf)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
    ]);
    expect(await count()).toBe(before + 3);
    const [first, second, third] = results.map((r) => (r.status === 'fulfilled' ? r.value.response : null));
    // Both name the same new customer (emails compare case-insensitively): one customer, created once.
    expect(first?.customerId).toBeTruthy();
    expect(second?.customerId).toBe(first?.customerId);
    expect(first?.customerName).toBe('Nia');
    // One employee given: the response is credited to that employee's team too.
    expect(third?.employeeIds).toEqual([employee]);
    expect(third?.teamId).toBe(org.team);
    // The reply was built without reading back: it must equal what is stored.
    const stored = await query<{ team_id: string; score: number; n: number }>(
      database.db,
      sql`select r.team_id, r.score, (select count(*)::int from response_employees e
            where e.org_id = r.org_id and e.response_id = r.id) as n
          from responses r where r.org_id = ${org.orgId} and r.id = ${third?.id ?? ''}`,
    );
    expect(stored).toEqual([{ team_id: org.team, score: 8, n: 1 }]);
    // Every stored response is queued for the response pipeline, in one job for the flush.
    const jobs = await query<{ ids: string[] }>(
      database.db,
      sql`select payload->'responseIds' as ids from jobs where org_id = ${org.orgId} and queue = 'response-pipeline'`,
    );
    const queued = jobs.flatMap((j) => j.ids);
    for (const r of [first, second, third]) expect(queued).toContain(r?.id);
  });

  it('gives back the key of an item that failed, so a corrected retry is stored, not replayed', async () => {
    const retried = await submit({ score: 7, employeeIds: [org.people.employee.id] }, 'k-bad-employee');
    expect(retried.stored.replayed).toBe(false);
    expect(retried.response.employeeIds).toEqual([org.people.employee.id]);
  });

  it('replays a key used before, and in the same flush, and refuses it with a different body', async () => {
    const before = await count();
    const results = await Promise.allSettled([
      submit({ score: 10, customer: { email: 'New.Customer@example.com', name: 'Nia' } }, 'k-good-1'),
      submit({ score: 5 }, 'k-twice'),
      submit({ score: 5 }, 'k-twice'),
      submit({ score: 6 }, 'k-twice'),
      submit({ score: 0 }, 'k-good-2'),
    ]);
    expect(results.map(codeOf)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'CONFLICT', 'CONFLICT']);
    const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(values.map((v) => v.stored.replayed)).toEqual([true, false, true]);
    expect(values[2]?.response.id).toBe(values[1]?.response.id);
    expect(await count()).toBe(before + 1);
  });

  it('stores every one of many concurrent submissions exactly once', async () => {
    const before = await count();
    const keys = Array.from({ length: 300 }, (_, i) => `bulk-${i}`);
    // Every key sent twice at once: 300 stored, 300 replays.
    const results = await Promise.all(
      [...keys, ...keys].map((key) => {
        const i = Number(key.slice(5));
        return submit({ score: i % 11, customer: { externalId: `cust-${i % 40}` } }, key).then(
          (r) => r.stored,
        );
      }),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(300);
    expect(await count()).toBe(before + 300);
    const customers = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from customers where org_id = ${org.orgId} and external_id like 'cust-%'`,
    );
    expect(customers[0]?.n).toBe(40);
  });
});
