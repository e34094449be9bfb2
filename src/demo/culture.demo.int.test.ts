import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../domains/auth/context.ts';
import { pulseHeatmap, pulseTrend } from '../domains/culture/results.service.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { loadDemoCulture } from './culture.demo.ts';
import { loadDemoPeople } from './people.demo.ts';

describe('demo culture', () => {
  let database: TestDatabase;
  let system: Ctx;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const { orgId } = await loadDemoPeople(database.db);
    system = { db: database.db, orgId, actor: { type: 'system' } };
  });
  afterAll(() => database.dispose());

  it('gives six pulses whose heatmap shows team differences and a trend, once', async () => {
    const started = Date.now();
    const result = await loadDemoCulture(database.db, system.orgId);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result).toMatchObject({ created: true, pulses: 6 });
    expect(result.answers).toBeGreaterThan(200);
    const trend = await pulseTrend(system, undefined);
    expect(trend.points).toHaveLength(6);
    for (const p of trend.points) expect(p.cell.status).toBe('ok');
    const last = trend.points.at(-2)?.pulseId as string;
    const heatmap = await pulseHeatmap(system, last, {});
    const shown = heatmap.teams.filter((t) => t.status === 'ok');
    // Most teams are shown; some small ones are protected.
    expect(shown.length).toBeGreaterThan(3);
    const means = shown.map((t) =>
      t.status === 'ok' && t.constructs.strategy?.status === 'ok' ? t.constructs.strategy.mean : 0,
    );
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(0.3);
    expect((await loadDemoCulture(database.db, system.orgId)).created).toBe(false);
  });
});
