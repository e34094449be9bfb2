import { toCsv } from '../analytics/export.service.ts';
import type { Ctx } from '../auth/context.ts';
import { CONSTRUCTS } from './constructs.ts';
import { pulseHeatmap } from './results.service.ts';

/**
 * A pulse's results as CSV: exactly the heatmap the reader may see, one row per group, made from
 * the same guarded view (`pulseHeatmap`), so an export can never show more than the screen. A
 * withheld group keeps its row, with its status and no figures.
 */
export async function pulseResultsCsv(
  ctx: Ctx,
  pulseId: string,
  filters: { role?: string | undefined; tenure?: string | undefined },
): Promise<string> {
  const h = await pulseHeatmap(ctx, pulseId, filters);
  const constructs = CONSTRUCTS.filter((c) => h.constructs.includes(c));
  return toCsv(
    [
      'group',
      'team_id',
      'status',
      'responses',
      'response_rate',
      'enps',
      ...constructs.flatMap((c) => [`${c}_mean`, `${c}_favourable_pct`]),
    ],
    [h.organisation, ...h.teams].map((cell): (string | number | null)[] =>
      cell.status !== 'ok'
        ? [cell.name, cell.teamId, cell.status]
        : [
            cell.name,
            cell.teamId,
            cell.status,
            cell.responses,
            cell.responseRate,
            cell.enps,
            ...constructs.flatMap((c): (string | number | null)[] => {
              const f = cell.constructs[c];
              return f?.status === 'ok'
                ? [Math.round(f.mean * 100) / 100, Math.round(f.favourable)]
                : [f?.status ?? 'not_asked', null];
            }),
          ],
    ),
  );
}
