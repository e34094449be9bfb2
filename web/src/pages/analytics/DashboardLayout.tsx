import { Button, Group, NativeSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Outlet, Link as RouterLink, useLocation } from 'react-router-dom';
import { api } from '../../api/client';
import { useTeams } from '../../api/people';
import { useSurveys } from '../../api/surveys';
import { CHANNEL_LABELS, INTERACTION_CHANNELS } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { DrillDownProvider } from './DrillDown';
import { useAnalyticsFilters } from './useAnalyticsFilters';

const BASE = '/analytics/dashboards';
const PAGES = [
  {
    path: BASE,
    label: 'Overview',
    title: 'Organisation overview',
    description: 'NPS, CSAT and CES with their margins of error, change, targets, trend and volume.',
  },
  {
    path: `${BASE}/teams`,
    label: 'Teams',
    title: 'Team comparison',
    description:
      'Every team’s score with its interval, ranked fairly: small samples are pulled toward the mean.',
  },
  {
    path: `${BASE}/employees`,
    label: 'Employees',
    title: 'Employee scores',
    description:
      'Fair rankings beside raw scores and sample sizes, and what customers said about each person.',
  },
  {
    path: `${BASE}/questions`,
    label: 'Questions & drivers',
    title: 'Questions and key drivers',
    description: 'Results per survey question, and which questions move the score most.',
  },
];

/** The customer segments in use, largest first; the filter chooses one of them. */
function SegmentSelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const segments = useQuery({
    queryKey: ['customers', 'segments'],
    queryFn: ({ signal }) =>
      api.get<{ items: { segment: string; customers: number }[] }>('/api/v1/customers/segments', { signal }),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
  const data = (segments.data ?? []).map((s) => ({
    value: s.segment,
    label: `${s.segment} (${s.customers})`,
  }));
  // A segment in the address that is not (or no longer) in use still shows, so it can be cleared.
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: value });
  return (
    <Select
      label="Segment"
      placeholder={segments.isPending ? 'Loading…' : data.length === 0 ? 'No segments' : 'Any segment'}
      data={data}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      searchable
      clearable
      nothingFoundMessage="No such segment"
      w={{ base: '100%', xs: 180 }}
    />
  );
}

export function FilterBar() {
  const { filters, set, clear, filtered } = useAnalyticsFilters();
  const teams = useTeams();
  const surveys = useSurveys();
  return (
    <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label="Dashboard filters">
      <TextInput
        label="From"
        type="date"
        value={filters.from ?? ''}
        onChange={(event) => set({ from: event.currentTarget.value })}
        w={{ base: '100%', xs: 160 }}
      />
      <TextInput
        label="To"
        type="date"
        value={filters.to ?? ''}
        onChange={(event) => set({ to: event.currentTarget.value })}
        w={{ base: '100%', xs: 160 }}
      />
      <NativeSelect
        label="Team"
        value={filters.teamId ?? ''}
        onChange={(event) => set({ teamId: event.currentTarget.value })}
        data={[
          { value: '', label: 'All teams' },
          ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
        ]}
        w={{ base: '100%', xs: 200 }}
      />
      <NativeSelect
        label="Channel"
        value={filters.channel ?? ''}
        onChange={(event) => set({ channel: event.currentTarget.value })}
        data={[
          { value: '', label: 'All channels' },
          ...INTERACTION_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c })),
        ]}
        w={{ base: '100%', xs: 160 }}
      />
      <NativeSelect
        label="Survey"
        value={filters.surveyId ?? ''}
        onChange={(event) => set({ surveyId: event.currentTarget.value })}
        data={[
          { value: '', label: 'All surveys' },
          ...(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
        w={{ base: '100%', xs: 220 }}
      />
      <SegmentSelect value={filters.segment ?? ''} onChange={(segment) => set({ segment })} />
      {filtered && (
        <Button variant="subtle" onClick={clear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

/** Header, page tabs and filters shared by every dashboard page; the filters travel between tabs. */
export function DashboardLayout() {
  const location = useLocation();
  const { search } = useAnalyticsFilters();
  const page = PAGES.find((p) => p.path === location.pathname.replace(/\/$/, '')) ?? PAGES[0];
  const current = page?.path ?? BASE;
  return (
    <DrillDownProvider>
      <PageHeader title={page?.title ?? 'Dashboards'} description={page?.description} />
      <Stack gap="md">
        <Group gap="xs" component="nav" aria-label="Dashboards" wrap="wrap">
          {PAGES.map((tab) => (
            <Button
              key={tab.path}
              component={RouterLink}
              to={`${tab.path}${search}`}
              variant={tab.path === current ? 'filled' : 'default'}
              aria-current={tab.path === current ? 'page' : undefined}
              size="sm"
            >
              {tab.label}
            </Button>
          ))}
        </Group>
        <FilterBar />
        <Text size="xs" c="dimmed">
          Dates are your organisation’s local days; without dates, the last 12 months.
        </Text>
        <Outlet />
      </Stack>
    </DrillDownProvider>
  );
}
