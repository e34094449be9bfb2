import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { IMPORT_BODY_LIMIT, ImportInput, ImportReport } from '../../server/csv-import.ts';
import { errorResponses } from '../../server/http.ts';
import { importResponses, RESPONSE_COLUMNS } from './responses-import.ts';

export const ResponseImportInput = ImportInput.extend({ surveyId: z.uuid() });

export function registerResponseImportRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/responses/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['responses'],
        summary: `Import historical responses to one survey from CSV (${RESPONSE_COLUMNS.join(', ')}); with dryRun (the default) nothing is written`,
        body: ResponseImportInput,
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (request) => importResponses(ctxOf(request), request.body, app.deps.responseWriter),
  );
}
