import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Outlet, Link as RouterLink, useLocation } from 'react-router-dom';
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

/** The segment box updates the address when the person is done typing (Enter or leaving the field). */
function SegmentInput({ value, onCommit }: { value: string; onCommit: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <TextInput
      label="Segment"
      placeholder="Any segment"
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => draft.trim() !== value && onCommit(draft.trim())}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onCommit(draft.trim());
      }}
      w={{ base: '100%', xs: 160 }}
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
      <SegmentInput value={filters.segment ?? ''} onCommit={(segment) => set({ segment })} />
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
