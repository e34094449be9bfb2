import { and, eq, inArray } from 'drizzle-orm';
import { authorize, type Ctx } from '../auth/context.ts';
import { responses } from '../responses/responses.tables.ts';
import { applyRollupChanges, rollupChangesOf } from './rollups.ts';

/**
 * Erases responses (a customer's request, a test answer) and takes them out of the rollups in the
 * same transaction. The only delete path for responses that keeps rollups exact: erasing through a
 * customer's `on delete cascade` would not (run `serviceloop rollups rebuild` after such a delete).
 * Ids of other organisations or of nothing are ignored. Returns how many were erased.
 */
export async function eraseResponses(ctx: Ctx, ids: readonly string[]): Promise<number> {
  authorize(ctx, 'responses:write');
  if (ids.length === 0) return 0;
  return ctx.db.transaction(async (tx) => {
    // Locked first, so an amendment cannot change them between reading and deleting.
    await tx
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.orgId, ctx.orgId), inArray(responses.id, [...ids])))
      .for('update');
    const changes = await rollupChangesOf(tx, ctx.orgId, ids, -1);
    await applyRollupChanges(tx, changes);
    const deleted = await tx
      .delete(responses)
      .where(and(eq(responses.orgId, ctx.orgId), inArray(responses.id, [...ids])))
      .returning({ id: responses.id });
    return deleted.length;
  });
}
