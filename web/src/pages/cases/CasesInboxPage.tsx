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
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconLifebuoy, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { CaseReportPanel } from './CaseReportPanel';
import {
  type CaseFilters,
  type CaseSummary,
  GOODWILL_LABELS,
  OUTCOME_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  useCases,
  useDecideGoodwill,
  usePendingGoodwill,
} from './casesApi';

export function CaseStatusBadge({ c }: { c: Pick<CaseSummary, 'status' | 'overdue' | 'outcome'> }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={STATUS_COLORS[c.status]} variant="light">
        {STATUS_LABELS[c.status]}
      </Badge>
      {c.overdue && (
        <Badge color="red" variant="filled">
          Overdue
        </Badge>
      )}
      {c.outcome && <Badge variant="outline">{OUTCOME_LABELS[c.outcome]}</Badge>}
    </Group>
  );
}

/** The deadline that matters now: first contact while new, resolution until resolved. */
export function nextDue(c: CaseSummary): string | null {
  if (c.status === 'new') return c.firstContactDue;
  if (c.status === 'contacted') return c.resolutionDue;
  return null;
}

function CaseTable({ filters }: { filters: CaseFilters }) {
  const cases = useCases(filters);
  if (cases.isPending) return <TableSkeleton label="Loading cases" />;
  if (cases.isError) return <ErrorAlert error={cases.error} onRetry={() => void cases.refetch()} />;
  if (cases.data.items.length === 0)
    return (
      <EmptyPanel
        icon={<IconLifebuoy aria-hidden />}
        title="No cases here"
        description="Cases open when a customer answers negatively (see the trigger rules), or when someone opens one by hand on a response or a customer."
      />
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.data.items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={RouterLink} to={`/cases/${c.id}`}>
                  {c.customer?.name ?? c.customer?.email ?? 'Unknown customer'}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.reason}</Table.Td>
              <Table.Td>
                <CaseStatusBadge c={c} />
              </Table.Td>
              <Table.Td>{c.owner?.name ?? <Text c="dimmed">Unassigned</Text>}</Table.Td>
              <Table.Td>
                {formatDateTime(nextDue(c))}
                {c.escalationLevel > 0 && (
                  <Text size="xs" c="red">
                    Escalated (level {c.escalationLevel})
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {cases.data.truncated && (
        <Text size="sm" c="dimmed" mt="xs">
          Showing the first 200; narrow the list with the filters.
        </Text>
      )}
    </Table.ScrollContainer>
  );
}

function Approvals() {
  const pending = usePendingGoodwill();
  const decide = useDecideGoodwill();
  if (pending.isPending || pending.isError || pending.data.items.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        Goodwill waiting for your approval
      </Title>
      <Stack gap="xs">
        {pending.data.items.map((g) => (
          <Group key={g.id} justify="space-between" wrap="wrap">
            <Text size="sm">
              {GOODWILL_LABELS[g.kind]} of <strong>{g.amount.toFixed(2)}</strong> requested by{' '}
              {g.requestedBy?.name ?? 'someone'} —{' '}
              <Anchor component={RouterLink} to={`/cases/${g.caseId}`}>
                open the case
              </Anchor>
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => decide.mutate({ id: g.id, approve: true })}
                loading={decide.isPending}
              >
                Approve
              </Button>
              <Button size="xs" variant="default" onClick={() => decide.mutate({ id: g.id, approve: false })}>
                Reject
              </Button>
            </Group>
          </Group>
        ))}
        {decide.isError && (
          <Text c="red" size="sm" role="alert">
            {errorMessage(decide.error)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function CasesInboxPage() {
  const me = useMe();
  const role = me.data?.employee.role;
  const [scope, setScope] = useState<CaseFilters['scope']>('mine');
  const [status, setStatus] = useState<CaseFilters['status']>('open');
  const canAdmin = role === 'admin' || role === 'leader';
  return (
    <>
      <PageHeader
        title="Cases"
        description="Every unhappy customer gets an owner, a deadline and a recovery. Overdue cases come first."
        actions={
          canAdmin && (
            <Button
              component={RouterLink}
              to="/cases/settings"
              variant="default"
              leftSection={<IconSettings size={16} aria-hidden />}
            >
              Rules and limits
            </Button>
          )
        }
      />
      <Stack>
        <Approvals />
        <Tabs defaultValue="inbox" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="inbox">Inbox</Tabs.Tab>
            {role !== 'employee' && <Tabs.Tab value="report">Report</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="inbox" pt="md">
            <Stack>
              <Group wrap="wrap" gap="md">
                <SegmentedControl
                  aria-label="Whose cases"
                  value={scope}
                  onChange={(v) => setScope(v as CaseFilters['scope'])}
                  data={[
                    { value: 'mine', label: 'Mine' },
                    { value: 'team', label: 'My team’s' },
                    { value: 'watching', label: 'Watching' },
                    ...(role === 'employee' ? [] : [{ value: 'all', label: 'All' }]),
                  ]}
                />
                <Select
                  label="Status"
                  w={180}
                  value={status}
                  onChange={(v) => setStatus((v ?? 'open') as CaseFilters['status'])}
                  allowDeselect={false}
                  data={[
                    { value: 'open', label: 'Open (new or contacted)' },
                    { value: 'new', label: 'New' },
                    { value: 'contacted', label: 'Contacted' },
                    { value: 'resolved', label: 'Resolved' },
                    { value: 'closed', label: 'Closed' },
                    { value: 'any', label: 'Any status' },
                  ]}
                />
              </Group>
              <CaseTable filters={{ scope, status }} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="report" pt="md">
            <CaseReportPanel />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
