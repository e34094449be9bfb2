import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useAuditEvents } from '../../api/audit';
import type { AuditEvent } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

const ACTOR_LABELS: Record<AuditEvent['actorType'], string> = {
  user: 'Person',
  api_key: 'API key',
  system: 'System',
};

function actorOf(event: AuditEvent): string {
  if (event.actorType === 'system') return 'System';
  return event.actorName ?? event.actorId ?? 'Unknown';
}

export function AuditLogPage() {
  const events = useAuditEvents();
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Sign-ins, changes to people and teams, imports and API keys, newest first."
      />
      {events.isPending ? (
        <TableSkeleton label="Loading audit log" />
      ) : events.isError ? (
        <ErrorAlert
          error={events.error}
          title="Could not load the audit log"
          onRetry={() => events.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyPanel
          icon={<IconHistory aria-hidden />}
          title="Nothing recorded yet"
          description="Events appear here as people use Serviceloop."
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" striped aria-label="Audit events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Time</Table.Th>
                  <Table.Th scope="col">Actor</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Target</Table.Th>
                  <Table.Th scope="col">IP</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at)}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{actorOf(event)}</Text>
                        {event.actorType !== 'user' && (
                          <Badge size="xs" variant="light" color="gray">
                            {ACTOR_LABELS[event.actorType]}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Code>{event.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {event.targetType ? (
                        <Text size="sm">
                          {event.targetType}
                          {event.targetId && (
                            <Text span size="xs" c="dimmed" ff="monospace">
                              {' '}
                              {event.targetId}
                            </Text>
                          )}
                        </Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{event.ip ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">
              Showing {rows.length} {rows.length === 1 ? 'event' : 'events'}
            </Text>
            {events.hasNextPage && (
              <Button
                variant="default"
                onClick={() => events.fetchNextPage()}
                loading={events.isFetchingNextPage}
              >
                Load more
              </Button>
            )}
          </Group>
        </>
      )}
    </>
  );
}
