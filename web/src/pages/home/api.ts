import { useQuery } from '@tanstack/react-query';
import type { Target } from '../../api/analytics';
import { api } from '../../api/client';
import type { CaseSummary } from '../cases/casesApi';
import type { Feedback, Praise, WallStory } from '../recognition/api';
import type { Announcement } from '../strategy/api';
import type { Assignment } from '../training/api';

// Shape of GET /api/v1/home (see /api/openapi.json, tag "home").

/** A short list and how many there are in all (`more`: at least that many). */
export interface Few<T> {
  items: T[];
  total: number;
  more: boolean;
}

export interface Home {
  person: { id: string; name: string };
  acknowledgements: Few<Announcement>;
  cases: Few<CaseSummary> & { overdue: number };
  praise: Praise[];
  kudos: WallStory[];
  feedback: Few<Feedback> & { unacknowledged: number };
  training: Few<Assignment> & { overdue: number };
  teams: { id: string; name: string; targets: Target[] }[];
  organisationTargets: Target[];
}

export const useHome = () =>
  useQuery({
    queryKey: ['home'],
    queryFn: ({ signal }) => api.get<Home>('/api/v1/home', { signal }),
  });
