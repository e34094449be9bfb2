import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { defineJob, type EnqueueInput, enqueue, type JobContext, type JobHandlers } from '../../jobs/jobs.ts';

/**
 * What happens to a response after it is stored: text analysis, close-the-loop triggers, praise
 * for the people who served… Each write that stores or changes responses enqueues ONE
 * `response-pipeline` job (in the same transaction, so it is as durable as the responses) naming
 * them; the job runs every registered step over those ids, in order. Delivery is at least once:
 * a step must be idempotent (running it twice on the same ids changes nothing the second time).
 */
export const RESPONSE_PIPELINE = 'response-pipeline';

export type ResponseChange = 'created' | 'amended' | 'imported';

export interface ResponseStep {
  /** Shown in logs and the dead-letter list. */
  name: string;
  /** Steps run in ascending order (text analysis 10, cases 20, recognition 30). */
  order: number;
  run(db: Db, orgId: string, responseIds: string[], change: ResponseChange, job: JobContext): Promise<void>;
}

const Payload = z.object({
  responseIds: z.array(z.string().uuid()).min(1),
  change: z.enum(['created', 'amended', 'imported']),
});

/** Ids per job: a 10,000-row import becomes 10 jobs, each retried on its own. */
const MAX_IDS_PER_JOB = 1000;

/** Inside the caller's transaction: the pipeline will run over these responses after commit. */
export async function enqueueResponsePipeline(
  tx: Db,
  orgId: string,
  responseIds: readonly string[],
  change: ResponseChange,
): Promise<void> {
  for (const job of responsePipelineJobs(orgId, responseIds, change)) await enqueue(tx, job);
}

/** The jobs `enqueueResponsePipeline` adds (one per MAX_IDS_PER_JOB ids), for a caller that
 * inserts them in a statement of its own (`enqueueStatement`). */
export function responsePipelineJobs(
  orgId: string,
  responseIds: readonly string[],
  change: ResponseChange,
): EnqueueInput[] {
  const jobs: EnqueueInput[] = [];
  for (let i = 0; i < responseIds.length; i += MAX_IDS_PER_JOB)
    jobs.push({
      orgId,
      queue: RESPONSE_PIPELINE,
      payload: { responseIds: responseIds.slice(i, i + MAX_IDS_PER_JOB), change },
    });
  return jobs;
}

/** The job handler running `steps` in order. */
export function responsePipelineHandlers(steps: readonly ResponseStep[]): JobHandlers {
  const ordered = [...steps].sort((a, b) => a.order - b.order);
  return {
    [RESPONSE_PIPELINE]: defineJob(
      Payload,
      async ({ responseIds, change }, job) => {
        for (const step of ordered) await step.run(job.db, job.orgId, responseIds, change, job);
      },
      // Under steady ingest every group commit enqueues a small job: the runner combines those of
      // one change (up to MAX_IDS_PER_JOB ids), so each step reads and writes once per round.
      {
        key: (p) => p.change,
        size: (p) => p.responseIds.length,
        limit: MAX_IDS_PER_JOB,
        combine: (payloads) => ({
          change: payloads[0]?.change ?? 'created',
          responseIds: [...new Set(payloads.flatMap((p) => p.responseIds))],
        }),
      },
    ),
  };
}
