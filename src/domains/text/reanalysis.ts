import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Db, query } from '../../db/client.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { isUniqueViolation } from '../../server/errors.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { ReanalysisView } from './text.api.ts';
import { analyseResponses } from './text.service.ts';
import { textReanalyses } from './text.tables.ts';

export const TEXT_REANALYSIS = 'text-reanalysis';
/** Comments analysed and committed together, with the run's cursor. */
export const REANALYSIS_BATCH = 500;

type RunRow = typeof textReanalyses.$inferSelect;

const viewOf = (r: RunRow): ReanalysisView => ({
  id: r.id,
  status: r.status,
  reason: r.reason,
  total: r.total,
  done: r.done,
  startedAt: r.startedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

const withComment = sql`comment is not null and length(trim(comment)) > 0`;

/**
 * Starts re-analysing every comment of the organisation with its current themes and classifier
 * (after a model or theme change). A run already going is superseded: the new one covers all it
 * would have. Runs in the caller's transaction; the work is a durable job.
 */
export async function startReanalysisIn(db: Db, orgId: string, reason: string, startedBy: string | null) {
  await db
    .update(textReanalyses)
    .set({ status: 'superseded', finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(textReanalyses.orgId, orgId), eq(textReanalyses.status, 'running')));
  const [count] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from responses where org_id = ${orgId} and ${withComment}`,
  );
  const id = uuidv7();
  const [row] = await db
    .insert(textReanalyses)
    .values({ orgId, id, reason, total: count?.n ?? 0, startedBy })
    .returning();
  await enqueue(db, { orgId, queue: TEXT_REANALYSIS, payload: { runId: id }, singletonKey: id });
  if (!row) throw new Error('insert returned nothing');
  return viewOf(row);
}

export async function startReanalysis(ctx: Ctx): Promise<ReanalysisView> {
  authorize(ctx, 'text:manage');
  const by = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  try {
    return await ctx.db.transaction((tx) => startReanalysisIn(tx, ctx.orgId, 'Started by hand', by));
  } catch (err) {
    // Two starts at once: the other one won; show it.
    if (isUniqueViolation(err)) {
      const latest = await latestReanalysis(ctx);
      if (latest) return latest;
    }
    throw err;
  }
}

/** The newest run (running or finished), or null when there never was one. */
export async function latestReanalysis(ctx: Ctx): Promise<ReanalysisView | null> {
  authorize(ctx, 'responses:read');
  const [row] = await ctx.db
    .select()
    .from(textReanalyses)
    .where(eq(textReanalyses.orgId, ctx.orgId))
    .orderBy(desc(textReanalyses.startedAt), desc(textReanalyses.id))
    .limit(1);
  return row ? viewOf(row) : null;
}

/**
 * One batch of a run: the next comments after the cursor, in id order, analysed and stored with
 * the cursor moved past them in one transaction. Returns false when the run is over (finished,
 * superseded or unknown).
 */
export async function reanalyseNextBatch(
  db: Db,
  orgId: string,
  runId: string,
  batchSize = REANALYSIS_BATCH,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select()
      .from(textReanalyses)
      .where(and(eq(textReanalyses.orgId, orgId), eq(textReanalyses.id, runId)))
      .for('update');
    if (run?.status !== 'running') return false;
    const batch = await query<{ id: string }>(
      tx,
      sql`select id from responses where org_id = ${orgId} and ${withComment}
          ${run.cursor ? sql`and id > ${run.cursor}` : sql``}
          order by id limit ${batchSize}`,
    );
    const now = new Date();
    if (batch.length === 0) {
      // Comments added during the run were analysed by the pipeline; `done` may then pass `total`.
      await tx
        .update(textReanalyses)
        .set({ status: 'done', finishedAt: now, updatedAt: now })
        .where(and(eq(textReanalyses.orgId, orgId), eq(textReanalyses.id, runId)));
      return false;
    }
    const ids = batch.map((b) => b.id);
    await analyseResponses(tx, orgId, ids);
    await tx
      .update(textReanalyses)
      .set({ done: run.done + ids.length, cursor: ids.at(-1) ?? run.cursor, updatedAt: now })
      .where(and(eq(textReanalyses.orgId, orgId), eq(textReanalyses.id, runId)));
    return true;
  });
}

/** The job: batch after batch until the run is over; a restart picks up at the committed cursor. */
export function textReanalysisHandlers(): JobHandlers {
  return {
    [TEXT_REANALYSIS]: defineJob(z.object({ runId: z.uuid() }), async ({ runId }, job) => {
      let more = true;
      while (more) more = await reanalyseNextBatch(job.db, job.orgId, runId);
    }),
  };
}
