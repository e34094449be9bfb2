import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { peopleKeys, teamKeys } from './people';
import type { RosterReport } from './types';

export interface RosterImportInput {
  csv: string;
  dryRun: boolean;
  deactivateMissing: boolean;
}

export function useRosterImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RosterImportInput) => api.post<RosterReport>('/api/v1/roster/import', input),
    onSuccess: (report) => {
      if (report.dryRun) return;
      queryClient.invalidateQueries({ queryKey: peopleKeys.all });
      queryClient.invalidateQueries({ queryKey: teamKeys.all });
    },
  });
}
