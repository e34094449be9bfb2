import type { FastifyInstance } from 'fastify';
import { type JobRunner, startJobRunner } from '../../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../../test/app.ts';
import type { TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { responsePipelineHandlers } from '../responses/response-pipeline.ts';
import { textReanalysisHandlers } from './reanalysis.ts';
import { textAnalysisStep } from './text.service.ts';

/**
 * An app with an organisation, its manager signed in, an active NPS survey, and a job runner that
 * runs text analysis and re-analysis when told (`runner.runDueNow()`). `comment` stores one
 * response with a comment and returns its id.
 */
export interface TextOrg {
  app: FastifyInstance;
  org: SeededOrg;
  manager: Session;
  runner: JobRunner;
  comment(text: string | undefined, score?: number): Promise<string>;
  close(): Promise<void>;
}

export async function textOrg(database: TestDatabase): Promise<TextOrg> {
  const { app } = await buildTestApp(database);
  const org = await seedOrg(database.db);
  const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['all'] });
  const call = withApiKey(app, key);
  const manager = await signInAs(app, org.people.manager.email, TEST_PASSWORD);
  const surveyId = (await call('POST', '/api/v1/surveys', { kind: 'nps', name: 'After your visit' })).json()
    .id;
  await call('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' });
  const runner = startJobRunner({
    db: database.db,
    handlers: { ...responsePipelineHandlers([textAnalysisStep()]), ...textReanalysisHandlers() },
    pollMs: 0,
  });
  let n = 0;
  return {
    app,
    org,
    manager,
    runner,
    async comment(text, score = 5) {
      const res = await call('POST', '/api/v1/responses', {
        surveyId,
        customer: { email: `c${++n}@example.com` },
        score,
        ...(text ? { comment: text } : {}),
      });
      if (res.statusCode !== 201) throw new Error(`response not stored: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    },
    async close() {
      await runner.stop();
      await app.close();
    },
  };
}
