import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../domains/auth/context.ts';
import { internalMatrix, listInternalRounds } from '../domains/culture/internal-service.service.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { loadDemoInternalService } from './internal-service.demo.ts';
import { loadDemoPeople } from './people.demo.ts';

describe('demo internal service', () => {
  let database: TestDatabase;
  let system: Ctx;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const { orgId } = await loadDemoPeople(database.db);
    system = { db: database.db, orgId, actor: { type: 'system' } };
  });
  afterAll(() => database.dispose());

  it('gives one open round whose matrix shows some cells and protects others, once', async () => {
    const result = await loadDemoInternalService(database.db, system.orgId);
    expect(result.created).toBe(true);
    const [round] = await listInternalRounds(system);
    expect(round).toMatchObject({ status: 'open' });
    const matrix = await internalMatrix(system, round?.id as string);
    expect(matrix.providers.map((p) => p.name)).toEqual([
      'Billing Support',
      'Installations',
      'Tier 2 Specialists',
    ]);
    const cells = matrix.providers.flatMap((p) => [p.total, ...p.cells]);
    const shown = cells.filter((c) => c.status === 'ok');
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(cells.length - shown.length).toBeGreaterThanOrEqual(3);
    for (const p of matrix.providers) expect(p.total.status).toBe('ok');
    expect(matrix.providers.some((p) => p.comments.status === 'ok')).toBe(true);
    // Installations: Billing & Accounts is small, and hides one of the large departments with it.
    const installations = matrix.providers.find((p) => p.name === 'Installations');
    expect(installations?.cells.filter((c) => c.status === 'ok')).toHaveLength(1);
    expect((await loadDemoInternalService(database.db, system.orgId)).created).toBe(false);
  });
});
