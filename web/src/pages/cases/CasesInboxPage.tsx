import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconBell, IconChecks, IconLifebuoy, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  type CaseFilters,
  type CaseSummary,
  formatMoney,
  GOODWILL_LABELS,
  OUTCOME_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  useCaseReport,
  useCases,
  useDecideGoodwill,
  useMarkRead,
  useNotifications,
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

function NotificationsPanel() {
  const list = useNotifications();
  const markRead = useMarkRead();
  if (list.isPending) return <TableSkeleton rows={3} label="Loading notifications" />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (list.data.items.length === 0)
    return (
      <EmptyPanel
        icon={<IconBell aria-hidden />}
        title="No notifications"
        description="You are told here (and by email) when a case is assigned to you, is due soon, is escalated, or needs your approval."
      />
    );
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChecks size={14} aria-hidden />}
          disabled={list.data.unread === 0}
          onClick={() => markRead.mutate({ all: true })}
        >
          Mark all read
        </Button>
      </Group>
      {list.data.items.map((n) => (
        <Paper
          key={n.id}
          withBorder
          p="sm"
          radius="sm"
          bg={n.readAt ? undefined : 'var(--mantine-color-blue-light)'}
        >
          <Group justify="space-between" wrap="wrap">
            <Stack gap={0}>
              <Text fw={n.readAt ? 400 : 600} size="sm">
                {n.caseId ? (
                  <Anchor
                    component={RouterLink}
                    to={`/cases/${n.caseId}`}
                    onClick={() => markRead.mutate({ ids: [n.id] })}
                  >
                    {n.title}
                  </Anchor>
                ) : (
                  n.title
                )}
              </Text>
              {n.body && (
                <Text size="xs" c="dimmed">
                  {n.body}
                </Text>
              )}
            </Stack>
            <Text size="xs" c="dimmed">
              {formatDateTime(n.createdAt)}
            </Text>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

function ReportPanel() {
  const report = useCaseReport();
  if (report.isPending) return <TableSkeleton rows={3} label="Loading the report" />;
  if (report.isError) return <ErrorAlert error={report.error} />;
  const r = report.data;
  const stat = (label: string, value: string) => (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Cases opened in the last 90 days.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {stat('Opened', String(r.opened))}
        {stat('Recovery rate', pct(r.recoveryRate))}
        {stat(
          'Median time to first contact',
          r.medianHoursToFirstContact === null ? '—' : `${r.medianHoursToFirstContact.toFixed(1)} business h`,
        )}
        {stat('Recovered / retained / lost', `${r.recovered} / ${r.retained} / ${r.lost}`)}
        {stat('Goodwill granted', formatMoney(r.goodwill.approvedTotal, r.goodwill.currency))}
        {stat(
          'Goodwill per recovered customer',
          r.goodwill.perRecoveredCustomer === null
            ? '—'
            : formatMoney(r.goodwill.perRecoveredCustomer, r.goodwill.currency),
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {(
          [
            ['Deadline compliance by team', r.byTeam],
            ['Deadline compliance by owner', r.byOwner],
          ] as const
        ).map(([title, rows]) => (
          <Paper withBorder p="md" radius="md" key={title}>
            <Title order={3} size="h5" mb="xs">
              {title}
            </Title>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Cases</Table.Th>
                  <Table.Th>On time</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id ?? row.name}>
                    <Table.Td>{row.name}</Table.Td>
                    <Table.Td>{row.cases}</Table.Td>
                    <Table.Td>{pct(row.compliance)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        ))}
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            Top root causes
          </Title>
          {r.topRootCauses.length === 0 ? (
            <Text size="sm" c="dimmed">
              No root causes tagged yet.
            </Text>
          ) : (
            <Stack gap={4}>
              {r.topRootCauses.map((c) => (
                <Group key={c.rootCause} justify="space-between">
                  <Text size="sm">{c.rootCause}</Text>
                  <Text size="sm" fw={600}>
                    {c.cases}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

export function CasesInboxPage() {
  const me = useMe();
  const role = me.data?.employee.role;
  const [scope, setScope] = useState<CaseFilters['scope']>('mine');
  const [status, setStatus] = useState<CaseFilters['status']>('open');
  const notifications = useNotifications();
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
            <Tabs.Tab value="notifications">
              Notifications{notifications.data?.unread ? ` (${notifications.data.unread})` : ''}
            </Tabs.Tab>
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
          <Tabs.Panel value="notifications" pt="md">
            <NotificationsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="report" pt="md">
            <ReportPanel />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
