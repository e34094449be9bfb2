import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { customerKeys, interactionKeys } from './customers';
import { responseKeys } from './responses';
import type { ImportReport } from './types';

export interface CsvImportInput {
  csv: string;
  dryRun: boolean;
}

/**
 * A CSV import endpoint (`{csv, dryRun, …}` → report). `extra` is merged into every body (e.g. the
 * survey of a response import); after a real import the given queries are refreshed.
 */
export function useCsvImport<R extends ImportReport = ImportReport>(
  path: string,
  invalidate: QueryKey[],
  extra: Record<string, unknown> = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CsvImportInput) => api.post<R>(path, { ...input, ...extra }),
    onSuccess: (report) => {
      if (report.dryRun) return;
      for (const queryKey of invalidate) queryClient.invalidateQueries({ queryKey });
    },
  });
}

export function useCustomerImport() {
  return useCsvImport('/api/v1/customers/import', [customerKeys.all]);
}

export function useInteractionImport() {
  return useCsvImport('/api/v1/interactions/import', [interactionKeys.all, customerKeys.all]);
}

export function useResponseImport(surveyId: string) {
  return useCsvImport('/api/v1/responses/import', [responseKeys.all, customerKeys.all], { surveyId });
}
