import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../server/authentication.ts';
import { IMPORT_BODY_LIMIT, ImportInput, ImportReport } from '../../server/csv-import.ts';
import { errorResponses } from '../../server/http.ts';
import { CUSTOMER_COLUMNS, importCustomers } from './customers-import.ts';
import { INTERACTION_COLUMNS, importInteractions } from './interactions-import.ts';

export function registerCustomerImportRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  api.post(
    '/customers/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: `Import customers from CSV (${CUSTOMER_COLUMNS.join(', ')}); with dryRun (the default) nothing is written`,
        body: ImportInput,
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (request) => importCustomers(ctxOf(request), request.body),
  );
  api.post(
    '/interactions/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: `Import interactions from CSV (${INTERACTION_COLUMNS.join(', ')}); with dryRun (the default) nothing is written`,
        body: ImportInput,
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (request) => importInteractions(ctxOf(request), request.body),
  );
}
