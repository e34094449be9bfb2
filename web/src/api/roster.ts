import { useCsvImport } from './imports';
import { peopleKeys, teamKeys } from './people';
import type { RosterReport } from './types';

export function useRosterImport(deactivateMissing: boolean) {
  return useCsvImport<RosterReport>('/api/v1/roster/import', [peopleKeys.all, teamKeys.all], {
    deactivateMissing,
  });
}
