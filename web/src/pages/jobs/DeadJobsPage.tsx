import { Badge, Code, Table, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useDeadJobs } from '../../api/jobs';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

const QUEUE_LABELS: Record<string, string> = {
  'send-invitation': 'Send invitation',
  'send-reminder': 'Send reminder',
};

export function DeadJobsPage() {
  const jobs = useDeadJobs();
  return (
    <>
      <PageHeader
        title="Failed jobs"
        description="Background work (sending invitations and reminders) that failed every attempt. Jobs are retried with backoff; after five failures they stop and are listed here."
      />
      {jobs.isPending ? (
        <TableSkeleton label="Loading failed jobs" />
      ) : jobs.isError ? (
        <ErrorAlert error={jobs.error} title="Could not load failed jobs" onRetry={() => jobs.refetch()} />
      ) : jobs.data.length === 0 ? (
        <EmptyPanel
          icon={<IconCircleCheck aria-hidden />}
          title="No failed jobs"
          description="Every invitation and reminder went out or is waiting for its time."
        />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" aria-label="Failed jobs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Queue</Table.Th>
                <Table.Th scope="col" ta="right">
                  Attempts
                </Table.Th>
                <Table.Th scope="col">Last error</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Last run</Table.Th>
                <Table.Th scope="col">Gave up</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.map((job) => (
                <Table.Tr key={job.id}>
                  <Table.Td>
                    <Badge variant="light" color="gray" tt="none">
                      {QUEUE_LABELS[job.queue] ?? job.queue}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{job.attempts}</Table.Td>
                  <Table.Td maw={420}>
                    {job.lastError ? (
                      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                        {job.lastError}
                      </Code>
                    ) : (
                      <Text size="sm" c="dimmed">
                        No error recorded
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.createdAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.runAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.deadAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
