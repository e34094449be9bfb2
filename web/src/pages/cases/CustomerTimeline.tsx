import { Anchor, Badge, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconGift, IconLifebuoy, IconMessage, IconPhoneCall } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { formatDateTime } from '../../components/format';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type TimelineEntry, useCustomerTimeline } from './casesApi';

const KINDS: Record<TimelineEntry['kind'], { label: string; color: string; icon: ReactNode }> = {
  interaction: { label: 'Interaction', color: 'gray', icon: <IconPhoneCall size={18} /> },
  response: { label: 'Response', color: 'blue', icon: <IconMessage size={18} /> },
  case: { label: 'Case', color: 'orange', icon: <IconLifebuoy size={18} /> },
  goodwill: { label: 'Goodwill', color: 'teal', icon: <IconGift size={18} /> },
};

function linkOf(e: TimelineEntry): string | null {
  if (e.kind === 'interaction') return `/interactions/${e.id}`;
  if (e.kind === 'response') return `/responses/${e.id}`;
  return e.caseId ? `/cases/${e.caseId}` : null;
}

/**
 * Everything that happened with one customer, newest first: interactions, survey responses, cases
 * and goodwill (cases and goodwill only for people who may see cases). An ordered list of links,
 * so it reads in order with a screen reader and each entry is one Tab stop.
 */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const timeline = useCustomerTimeline(customerId);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h4" mb="md" id="timeline-heading">
        Timeline
      </Title>
      {timeline.isPending ? (
        <TableSkeleton rows={3} label="Loading the timeline" />
      ) : timeline.isError ? (
        <ErrorAlert
          error={timeline.error}
          title="Could not load the timeline"
          onRetry={() => timeline.refetch()}
        />
      ) : timeline.data.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing yet. Interactions, survey answers, cases and goodwill for this customer appear here.
        </Text>
      ) : (
        <Stack
          gap={0}
          component="ol"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-labelledby="timeline-heading"
        >
          {timeline.data.items.map((e) => {
            const kind = KINDS[e.kind];
            const link = linkOf(e);
            const title = e.title.replaceAll('_', ' ');
            return (
              <Group
                key={`${e.kind}-${e.id}`}
                component="li"
                wrap="nowrap"
                align="flex-start"
                gap="md"
                py="sm"
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              >
                <ThemeIcon variant="light" radius="xl" size={32} color={kind.color} aria-hidden>
                  {kind.icon}
                </ThemeIcon>
                <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs">
                    <Badge variant="light" color={kind.color} size="sm">
                      {kind.label}
                    </Badge>
                    {link ? (
                      <Anchor component={RouterLink} to={link} fw={600}>
                        {title}
                      </Anchor>
                    ) : (
                      <Text fw={600}>{title}</Text>
                    )}
                  </Group>
                  {e.detail && (
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {e.kind === 'response' ? `“${e.detail}”` : e.detail}
                    </Text>
                  )}
                  <Text size="sm" c="dimmed" component="time" dateTime={e.at}>
                    {formatDateTime(e.at)}
                  </Text>
                </Stack>
              </Group>
            );
          })}
        </Stack>
      )}
      {timeline.data && timeline.data.items.length >= 200 && (
        <Text size="sm" c="dimmed" mt="sm">
          Showing the latest 200 entries.
        </Text>
      )}
    </Paper>
  );
}
