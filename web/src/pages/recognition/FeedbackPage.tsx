import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMessageDots } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useAllEmployees } from '../../api/people';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { useCoverage, useGiveFeedback, usePraiseAction, usePraiseSuggestions } from './api';
import { CoachingSection } from './CoachingSection';

function GiveFeedback() {
  const me = useMe();
  const people = useAllEmployees();
  const give = useGiveFeedback();
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [kind, setKind] = useState<'praise' | 'to_improve'>('praise');
  const [message, setMessage] = useState('');
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb="sm">
        Give feedback
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!employeeId || !message.trim()) return;
          give.mutate(
            { employeeId, kind, message: message.trim() },
            {
              onSuccess: () => {
                setMessage('');
                notifications.show({ message: 'Feedback sent privately.', color: 'teal' });
              },
            },
          );
        }}
      >
        <Stack gap="sm">
          <Select
            label="To"
            data={(people.data ?? [])
              .filter((p) => p.id !== me.data?.employee.id)
              .map((p) => ({ value: p.id, label: p.name }))}
            value={employeeId}
            onChange={setEmployeeId}
            searchable
            required
          />
          <SegmentedControl
            aria-label="Kind of feedback"
            value={kind}
            onChange={(v) => setKind(v as 'praise' | 'to_improve')}
            data={[
              { value: 'praise', label: 'Praise' },
              { value: 'to_improve', label: 'To improve' },
            ]}
          />
          <Textarea
            label="Feedback"
            description="Immediate and factual: what happened, what it led to, what to keep or change."
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            autosize
            minRows={3}
            required
            error={give.isError ? errorMessage(give.error) : undefined}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={give.isPending}>
              Send privately
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Suggestions() {
  const suggestions = usePraiseSuggestions();
  const act = usePraiseAction();
  if (!suggestions.data || suggestions.data.length === 0) return null;
  return (
    <section aria-labelledby="suggestions-heading">
      <Title order={2} size="h3" mb="sm" id="suggestions-heading">
        Customers praised your people
      </Title>
      <Stack gap="sm">
        {suggestions.data.map((p) => (
          <Paper key={p.id} withBorder radius="md" p="md">
            <Text>
              <b>{p.customerName ?? 'A customer'}</b> about{' '}
              <Anchor component={RouterLink} to={`/recognition/people/${p.employee.id}`}>
                {p.employee.name}
              </Anchor>
              : <i>“{p.quote}”</i>
            </Text>
            <Group mt="xs" gap="xs">
              <Button
                size="xs"
                onClick={() => act.mutate({ id: p.id, action: 'recognise' })}
                loading={act.isPending}
              >
                Recognise this
              </Button>
              <Button size="xs" variant="default" onClick={() => act.mutate({ id: p.id, action: 'dismiss' })}>
                Dismiss
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </section>
  );
}

const days = (d: number | null) =>
  d === null ? 'never' : d === 0 ? 'today' : d === 1 ? '1 day' : `${d} days`;

/** Feedback & coaching: give feedback, act on customer praise, and see who has gone without. */
export function FeedbackPage() {
  const me = useMe();
  const canSeeCoverage = me.data && me.data.employee.role !== 'employee';
  const coverage = useCoverage();
  return (
    <>
      <PageHeader
        title="Feedback & coaching"
        description="Feedback is every employee's right: immediate, factual, and private to the person, who gave it and their managers."
      />
      <Stack gap="lg">
        <GiveFeedback />
        {canSeeCoverage && <Suggestions />}
        <CoachingSection />
        {canSeeCoverage && (
          <section aria-labelledby="coverage-heading">
            <Title order={2} size="h3" mb={4} id="coverage-heading">
              Coverage
            </Title>
            {coverage.data && (
              <Text size="sm" c="dimmed" mb="sm">
                Nudged after {coverage.data.nudgeDays} days without feedback or recognition. Median time from
                evidence to feedback:{' '}
                {coverage.data.medianImmediacyHours === null
                  ? '—'
                  : `${coverage.data.medianImmediacyHours} h`}
                .
              </Text>
            )}
            {coverage.isPending ? (
              <TableSkeleton label="Loading coverage" />
            ) : coverage.isError ? (
              <ErrorAlert
                error={coverage.error}
                title="Could not load coverage"
                onRetry={() => coverage.refetch()}
              />
            ) : coverage.data.rows.length === 0 ? (
              <EmptyPanel
                icon={<IconMessageDots aria-hidden />}
                title="Nobody reports to you"
                description="Coverage lists the people in the teams you manage."
              />
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table aria-label="Feedback coverage" verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Person</Table.Th>
                      <Table.Th scope="col">Team</Table.Th>
                      <Table.Th scope="col">Last feedback</Table.Th>
                      <Table.Th scope="col">Last recognition</Table.Th>
                      <Table.Th scope="col">Feedback (90 days)</Table.Th>
                      <Table.Th scope="col">Immediacy</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {coverage.data.rows.map((r) => (
                      <Table.Tr key={r.employee.id}>
                        <Table.Td>
                          <Group gap="xs">
                            <Anchor component={RouterLink} to={`/recognition/people/${r.employee.id}`}>
                              {r.employee.name}
                            </Anchor>
                            {r.nudge && (
                              <Badge color="orange" variant="light" size="sm">
                                Nudge
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>{r.teams.map((t) => t.name).join(', ')}</Table.Td>
                        <Table.Td title={formatDate(r.lastFeedbackAt)}>{days(r.daysSinceFeedback)}</Table.Td>
                        <Table.Td title={formatDate(r.lastRecognitionAt)}>
                          {days(r.daysSinceRecognition)}
                        </Table.Td>
                        <Table.Td>{r.feedbackCount90d}</Table.Td>
                        <Table.Td>
                          {r.medianImmediacyHours === null ? '—' : `${r.medianImmediacyHours} h`}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </section>
        )}
      </Stack>
    </>
  );
}
