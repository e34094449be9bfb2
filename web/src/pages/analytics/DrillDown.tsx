import { Anchor, Button, Drawer, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { type DrillDownQuery, useDrillDown } from '../../api/analytics';
import { useTeams } from '../../api/people';
import { useEmployeeNames } from '../../api/responses';
import type { SurveyKind } from '../../api/types';
import { CHANNEL_LABELS } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ErrorAlert } from '../../components/QueryStatus';
import { ScoreBadge } from '../../components/ScoreBadge';
import { CsvLink } from './CsvLink';

export interface DrillSpec {
  /** What the figure is, e.g. "NPS detractors, Jan 2026". */
  title: string;
  query: DrillDownQuery;
  /** The figure's n, when it has one: shown beside the list's count. */
  n?: number;
  /** Why the list may differ from the figure, when it can. */
  note?: string;
}

const DrillContext = createContext<(spec: DrillSpec) => void>(() => {});

/** Opens the list of responses behind a figure (see DrillDownProvider). */
export const useOpenDrill = () => useContext(DrillContext);

/** Holds the drill-down drawer for every dashboard page below it. */
export function DrillDownProvider({ children }: { children: ReactNode }) {
  const [spec, setSpec] = useState<DrillSpec | null>(null);
  const open = useCallback((next: DrillSpec) => setSpec(next), []);
  return (
    <DrillContext.Provider value={open}>
      {children}
      <Drawer
        opened={spec !== null}
        onClose={() => setSpec(null)}
        position="right"
        size="lg"
        title={spec ? `Responses behind: ${spec.title}` : ''}
        aria-label="Responses behind the figure"
      >
        {spec && <DrillDownList spec={spec} />}
      </Drawer>
    </DrillContext.Provider>
  );
}

function excerpt(text: string, length = 280): string {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

/** The responses behind one figure, newest first, each linking to its detail page. */
export function DrillDownList({ spec, compact = false }: { spec: DrillSpec; compact?: boolean }) {
  const drill = useDrillDown(spec.query);
  const teams = useTeams();
  const employees = useEmployeeNames();
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const items = drill.data?.pages.flatMap((page) => page.items) ?? [];
  const total = drill.data?.pages[0]?.total;

  if (drill.isPending)
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading responses">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={64} radius="md" />
        ))}
      </Stack>
    );
  if (drill.isError)
    return (
      <ErrorAlert error={drill.error} title="Could not load the responses" onRetry={() => drill.refetch()} />
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Text fw={600} role="status" data-drill-total={total}>
          {total === 1 ? '1 response' : `${total ?? 0} responses`}
          {spec.n !== undefined && (
            <Text span c="dimmed" fw={400} size="sm">
              {' '}
              (the figure’s n is {spec.n})
            </Text>
          )}
        </Text>
        <CsvLink table="responses" query={{ ...spec.query }} label="Export these responses as CSV" />
      </Group>
      {spec.note && (
        <Text size="sm" c="dimmed">
          {spec.note}
        </Text>
      )}
      {items.length === 0 ? (
        <EmptyPanel
          icon={<IconMessages aria-hidden />}
          title="No responses in this period"
          description="Nothing matches this figure with the current filters."
        />
      ) : (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="Responses"
        >
          {items.map((item) => (
            <Paper key={item.id} withBorder radius="md" p={compact ? 'xs' : 'sm'} component="li">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="wrap">
                    <ScoreBadge score={item.score} kind={item.surveyKind as SurveyKind} />
                    <Text size="xs" c="dimmed">
                      {formatDateTime(item.submittedAt)}
                      {item.channel ? ` · ${CHANNEL_LABELS[item.channel] ?? item.channel}` : ''}
                      {item.teamId ? ` · ${teamNames.get(item.teamId) ?? 'Team'}` : ''}
                      {item.employeeIds.length > 0
                        ? ` · ${item.employeeIds.map((id) => employees.data?.get(id) ?? 'Unknown').join(', ')}`
                        : ''}
                    </Text>
                  </Group>
                  {item.comment ? (
                    <Text size="sm">{excerpt(item.comment)}</Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      No comment
                    </Text>
                  )}
                </Stack>
                <Anchor
                  component={RouterLink}
                  to={`/responses/${item.id}`}
                  size="sm"
                  style={{ whiteSpace: 'nowrap' }}
                >
                  Open<span className="sr-only"> response from {formatDateTime(item.submittedAt)}</span>
                </Anchor>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Showing {items.length} of {total ?? 0}
        </Text>
        {drill.hasNextPage && (
          <Button variant="default" onClick={() => drill.fetchNextPage()} loading={drill.isFetchingNextPage}>
            Load more
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** A number that opens the responses behind it: a real button, so keyboards reach it. */
export function DrillButton({
  spec,
  children,
  label,
}: {
  spec: DrillSpec;
  children: ReactNode;
  label?: string;
}) {
  const open = useOpenDrill();
  return (
    <Anchor
      component="button"
      type="button"
      onClick={() => open(spec)}
      inherit
      aria-label={label ?? `${spec.title}: show the responses`}
      style={{ textDecoration: 'underline dotted', textUnderlineOffset: 3 }}
    >
      {children}
    </Anchor>
  );
}
