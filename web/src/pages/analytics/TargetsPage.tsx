import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTarget } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import {
  type Comparator,
  type Target,
  type TargetInput,
  type TargetMetric,
  useCreateTarget,
  useDeleteTarget,
  useTargets,
  useUpdateTarget,
} from '../../api/analytics';
import { useMe } from '../../api/auth';
import { ApiError, errorMessage, validationIssues } from '../../api/client';
import { useTeams } from '../../api/people';
import { EChart } from '../../components/charts/EChart';
import type { ChartOption } from '../../components/charts/echarts';
import { CHART_COLORS } from '../../components/charts/series';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { CsvLink } from './CsvLink';
import { estimateText, formatValue, intervalText, METRIC_LABELS, periodLabel, reportable } from './format';
import { TargetStatusBadge, targetGoal } from './ScoreCard';

const FORBIDDEN_MESSAGE =
  'Only leaders and admins can set targets. Ask one of them to add or change this target.';

function friendlyError(error: unknown): string {
  return error instanceof ApiError && error.status === 403 ? FORBIDDEN_MESSAGE : errorMessage(error);
}

function Sparkline({ target }: { target: Target }) {
  const values = target.trend.map((t) => (t.estimate.n > 0 ? t.estimate.value : null));
  const option: ChartOption = {
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category' as const, show: false, data: target.trend.map((t) => t.period) },
    yAxis: { type: 'value' as const, show: false, scale: true },
    series: [
      {
        type: 'line' as const,
        data: values,
        symbol: 'none',
        lineStyle: { width: 2, color: CHART_COLORS.primary },
        connectNulls: true,
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { type: 'dashed' as const, color: '#868e96' },
          data: [{ yAxis: target.value }],
        },
      },
    ],
  };
  const summary = target.trend
    .filter((t) => t.estimate.n > 0)
    .map((t) => `${periodLabel(t.period, 'month')} ${formatValue(target.metric, t.estimate.value)}`)
    .join(', ');
  return (
    <div style={{ width: 140 }}>
      <EChart
        option={option}
        height={40}
        ariaLabel={`Trend of the last 12 months: ${summary || 'no responses'}; target ${formatValue(target.metric, target.value)}`}
      />
    </div>
  );
}

interface FormState {
  name: string;
  metric: TargetMetric;
  scope: 'org' | 'team';
  teamId: string;
  comparator: Comparator;
  value: number | string;
  dueDate: string;
}

function TargetForm({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const teams = useTeams();
  const create = useCreateTarget();
  const update = useUpdateTarget();
  const mutation = target ? update : create;
  const [form, setForm] = useState<FormState>(() => ({
    name: target?.name ?? '',
    metric: target?.metric ?? 'nps',
    scope: target?.scope ?? 'org',
    teamId: target?.teamId ?? '',
    comparator: target?.comparator ?? '>=',
    value: target?.value ?? 50,
    dueDate: target?.dueDate ?? '',
  }));
  const issues = validationIssues(mutation.error);
  const change = (updates: Partial<FormState>) => setForm((f) => ({ ...f, ...updates }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const value = Number(form.value);
    const done = {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: target ? 'Target saved.' : 'Target created.' });
        onClose();
      },
    };
    if (target)
      update.mutate(
        {
          id: target.id,
          name: form.name.trim() || null,
          comparator: form.comparator,
          value,
          dueDate: form.dueDate,
        },
        done,
      );
    else {
      const input: TargetInput = {
        name: form.name.trim() || null,
        metric: form.metric,
        scope: form.scope,
        teamId: form.scope === 'team' ? form.teamId || null : null,
        comparator: form.comparator,
        value,
        dueDate: form.dueDate,
      };
      create.mutate(input, done);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {mutation.isError && issues.size === 0 && (
          <Alert color="red" variant="light" role="alert" title="Could not save the target">
            {friendlyError(mutation.error)}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="Optional, e.g. “Strategy 2027”"
          value={form.name}
          onChange={(e) => change({ name: e.currentTarget.value })}
          error={issues.get('name')}
          maxLength={200}
        />
        <Group grow align="flex-start">
          <NativeSelect
            label="Metric"
            value={form.metric}
            disabled={target !== null}
            onChange={(e) => change({ metric: e.currentTarget.value as TargetMetric })}
            data={(['nps', 'csat', 'ces'] as const).map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
          />
          <NativeSelect
            label="Scope"
            value={form.scope}
            disabled={target !== null}
            onChange={(e) => change({ scope: e.currentTarget.value as 'org' | 'team' })}
            data={[
              { value: 'org', label: 'Organisation' },
              { value: 'team', label: 'One team' },
            ]}
          />
        </Group>
        {form.scope === 'team' && (
          <NativeSelect
            label="Team"
            required
            value={form.teamId}
            disabled={target !== null}
            onChange={(e) => change({ teamId: e.currentTarget.value })}
            error={issues.get('teamId')}
            data={[
              { value: '', label: 'Choose a team' },
              ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
            ]}
          />
        )}
        <Group grow align="flex-start">
          <NativeSelect
            label="Goal"
            value={form.comparator}
            onChange={(e) => change({ comparator: e.currentTarget.value as Comparator })}
            data={[
              { value: '>=', label: 'At least (≥)' },
              { value: '<=', label: 'At most (≤)' },
            ]}
          />
          <NumberInput
            label="Value"
            required
            min={-100}
            max={100}
            decimalScale={2}
            value={form.value}
            onChange={(value) => change({ value })}
            error={issues.get('value')}
          />
        </Group>
        <TextInput
          label="Due date"
          type="date"
          required
          value={form.dueDate}
          onChange={(e) => change({ dueDate: e.currentTarget.value })}
          error={issues.get('dueDate')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {target ? 'Save target' : 'Create target'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TargetsPage() {
  const me = useMe();
  const targets = useTargets();
  const teams = useTeams();
  const remove = useDeleteTarget();
  const [editing, setEditing] = useState<Target | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Target | null>(null);
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const role = me.data?.employee.role;
  const canManage = role === 'admin' || role === 'leader';

  return (
    <>
      <PageHeader
        title="Targets"
        description="Metric targets from the strategy, with the current value, its interval, the trend and whether each is on track."
        actions={
          <Group gap="sm">
            <CsvLink table="targets" query={{}} label="Export targets as CSV" />
            {canManage && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
                New target
              </Button>
            )}
          </Group>
        }
      />
      {targets.isPending ? (
        <TableSkeleton label="Loading targets" />
      ) : targets.isError ? (
        <ErrorAlert error={targets.error} title="Could not load targets" onRetry={() => targets.refetch()} />
      ) : targets.data.length === 0 ? (
        <EmptyPanel
          icon={<IconTarget aria-hidden />}
          title="No targets yet"
          description="Set a target such as “NPS ≥ 50 by 30 June 2027”; every dashboard then shows how far you are from it."
          action={
            canManage && (
              <Button variant="default" onClick={() => setEditing('new')}>
                New target
              </Button>
            )
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={980}>
          <Table aria-label="Targets" verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Target</Table.Th>
                <Table.Th scope="col">Scope</Table.Th>
                <Table.Th scope="col">Current (last 3 months)</Table.Th>
                <Table.Th scope="col">Trend</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Projection at due date</Table.Th>
                {canManage && <Table.Th scope="col">Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {targets.data.map((target) => {
                const goal = targetGoal(target);
                return (
                  <Table.Tr key={target.id}>
                    <Table.Th scope="row">
                      <Text fw={600} size="sm">
                        {target.name ?? goal}
                      </Text>
                      {target.name && (
                        <Text size="xs" c="dimmed">
                          {goal}
                        </Text>
                      )}
                    </Table.Th>
                    <Table.Td>
                      {target.scope === 'org'
                        ? 'Organisation'
                        : (teamNames.get(target.teamId ?? '') ?? 'Team')}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{estimateText(target.current)}</Text>
                      {reportable(target.current) && (
                        <Text size="xs" c="dimmed">
                          95 % {intervalText(target.current)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Sparkline target={target} />
                    </Table.Td>
                    <Table.Td>
                      <TargetStatusBadge status={target.status} />
                    </Table.Td>
                    <Table.Td>
                      {target.projection ? (
                        <Text size="sm">
                          {formatValue(target.metric, target.projection.value)}{' '}
                          <Text span size="xs" c="dimmed">
                            (95 % {formatValue(target.metric, target.projection.low)} to{' '}
                            {formatValue(target.metric, target.projection.high)})
                          </Text>
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(target)}
                            aria-label={`Edit ${target.name ?? goal}`}
                          >
                            Edit
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => {
                              remove.reset();
                              setDeleting(target);
                            }}
                            aria-label={`Delete ${target.name ?? goal}`}
                          >
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New target' : 'Edit target'}
      >
        {editing !== null && (
          <TargetForm target={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete target?">
        <Stack gap="sm">
          <Text size="sm">The target disappears from every dashboard. This cannot be undone.</Text>
          {remove.isError && (
            <Alert color="red" variant="light" role="alert">
              {friendlyError(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                deleting &&
                remove.mutate(deleting.id, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: 'Target deleted.' });
                    setDeleting(null);
                  },
                })
              }
            >
              Delete target
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
