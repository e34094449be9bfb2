import { Anchor, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { useRef } from 'react';
import {
  type AnalyticsFilters,
  type Metric,
  useEmployeeMonthly,
  useEmployeeScores,
} from '../../api/analytics';
import { useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { CHART_COLORS, errorBarSeries } from '../../components/charts/series';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { CsvLink } from './CsvLink';
import { DrillButton, DrillDownList, type DrillSpec, useOpenDrill } from './DrillDown';
import {
  estimateText,
  formatValue,
  intervalText,
  METRIC_LABELS,
  periodLabel,
  periodRange,
  reportable,
} from './format';
import { MetricSelect, RankCell } from './TeamsDashboard';
import { choiceParam, useAnalyticsFilters } from './useAnalyticsFilters';

const METRICS = ['nps', 'csat', 'ces', 'score'] as const;
const MIN_N_CHOICES = ['5', '10', '20', '30', '50'] as const;
const MIN_SAMPLE = 30;

function EmployeeDetail({
  employeeId,
  filters,
  metric,
}: {
  employeeId: string;
  filters: AnalyticsFilters;
  metric: Metric;
}) {
  const monthly = useEmployeeMonthly(employeeId, filters, metric);
  const openDrill = useOpenDrill();
  if (monthly.isPending) return <TableSkeleton label="Loading the person’s scores" rows={4} />;
  if (monthly.isError)
    return (
      <ErrorAlert
        error={monthly.error}
        title="Could not load the person’s scores"
        onRetry={() => monthly.refetch()}
      />
    );
  const data = monthly.data;
  const label = METRIC_LABELS[metric];
  const range = { from: data.filters.from, to: data.filters.to };
  const base = { ...filters, ...range, employeeId, metric, category: 'scored' as const };
  const months = data.months.map((m) => ({
    ...m,
    label: periodLabel(m.period, 'month'),
    spec: {
      title: `${label}, ${data.name}, ${periodLabel(m.period, 'month')}`,
      query: { ...base, ...periodRange(m.period, 'month', range) },
      n: m.estimate.n,
    } satisfies DrillSpec,
  }));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: [label, '95 % interval'] },
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: months.map((m) => m.label) },
    yAxis: { type: 'value', name: label, scale: metric === 'ces' || metric === 'score' },
    series: [
      {
        type: 'line',
        name: label,
        // Months under the minimum sample are drawn hollow: the value is shown but not to be trusted.
        data: months.map((m) => ({
          value: m.estimate.n > 0 ? m.estimate.value : null,
          symbol: reportable(m.estimate) ? 'circle' : 'emptyCircle',
        })),
        symbolSize: 9,
        itemStyle: { color: CHART_COLORS.primary },
        connectNulls: false,
      },
      errorBarSeries(
        '95 % interval',
        months.map((m) =>
          m.estimate.n > 0 && m.estimate.low !== null && m.estimate.high !== null
            ? { low: m.estimate.low, high: m.estimate.high }
            : null,
        ),
        false,
      ),
    ],
  };
  const summary = `${data.name}, ${label} by month: ${months
    .map((m) => `${m.label} ${estimateText(m.estimate, MIN_SAMPLE)}`)
    .join('; ')}. Whole period: ${estimateText(data.total, MIN_SAMPLE)}.`;
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md" component="section" aria-label={`${data.name} in total`}>
        <Title order={2} size="h4">
          {data.name}
        </Title>
        <Text>
          {label} over the period: <strong>{estimateText(data.total, MIN_SAMPLE)}</strong>
          {data.total.status === 'ok' && ` · 95 % interval ${intervalText(data.total)}`}
        </Text>
      </Paper>
      <ChartFigure
        title={`${data.name}: ${label} by month`}
        summary={summary}
        option={option}
        onClick={(event) => {
          const month = months[event.dataIndex];
          if (month && month.estimate.n > 0) openDrill(month.spec);
        }}
        note={
          <Text size="sm" c="dimmed">
            Hollow points have fewer than {MIN_SAMPLE} answers; read them with their wide intervals.
          </Text>
        }
        actions={
          <CsvLink
            table="employee-monthly"
            query={{ ...filters, employeeId, metric }}
            label={`Export ${data.name}’s monthly scores as CSV`}
          />
        }
        table={
          <Table aria-label={`${data.name}: ${label} by month`} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Month</Table.Th>
                <Table.Th scope="col">{label}</Table.Th>
                <Table.Th scope="col">95 % interval</Table.Th>
                <Table.Th scope="col">n</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((m) => (
                <Table.Tr key={m.period}>
                  <Table.Th scope="row">{m.label}</Table.Th>
                  <Table.Td>{m.estimate.n > 0 ? formatValue(metric, m.estimate.value) : '—'}</Table.Td>
                  <Table.Td>{intervalText(m.estimate)}</Table.Td>
                  <Table.Td>
                    {m.estimate.n > 0 ? <DrillButton spec={m.spec}>{m.estimate.n}</DrillButton> : 0}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      />
      <Paper
        withBorder
        radius="md"
        p="md"
        component="section"
        aria-label={`What customers said about ${data.name}`}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            What customers said about {data.name}
          </Title>
          <DrillDownList spec={{ title: `${label}, ${data.name}`, query: base, n: data.total.n }} compact />
        </Stack>
      </Paper>
    </Stack>
  );
}

export function EmployeesDashboard() {
  const { filters, params, set } = useAnalyticsFilters();
  const me = useMe();
  const metric = choiceParam(params, 'metric', METRICS, 'nps');
  const minN = Number(choiceParam(params, 'minN', MIN_N_CHOICES, '10'));
  const selected = params.get('employeeId');
  const scores = useEmployeeScores(filters, metric, minN);
  const label = METRIC_LABELS[metric];
  const detail = useRef<HTMLDivElement>(null);
  // Without analytics access (employees), people still see their own scores.
  const ownOnly = scores.error instanceof ApiError && scores.error.status === 403;
  const employeeId = ownOnly ? (me.data?.employee.id ?? null) : selected;

  const rankingTable = () => {
    if (scores.isPending) return <TableSkeleton label="Loading employee scores" />;
    if (scores.isError)
      return (
        <ErrorAlert
          error={scores.error}
          title="Could not load employee scores"
          onRetry={() => scores.refetch()}
        />
      );
    const rows = scores.data.employees;
    const range = { from: scores.data.filters.from, to: scores.data.filters.to };
    if (rows.length === 0)
      return (
        <EmptyPanel
          icon={<IconUser aria-hidden />}
          title="No responses in this period"
          description={`Nobody has ${label} answers with these filters.`}
        />
      );
    return (
      <Paper withBorder radius="md" p="md" component="section" aria-label="Fair ranking">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h4">
              Fair ranking
            </Title>
            <CsvLink
              table="employees"
              query={{ ...filters, metric, minN }}
              label="Export the employee ranking as CSV"
            />
          </Group>
          <Text size="sm" c="dimmed">
            Ranked on the fair estimate, shrunk toward the person’s team mean (organisation mean{' '}
            {formatValue(metric, scores.data.organisationMean)}), so one lucky answer never tops the board.
            Nobody with fewer than {minN} answers is ranked.
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Employee ranking" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Rank</Table.Th>
                  <Table.Th scope="col">Person</Table.Th>
                  <Table.Th scope="col">Team</Table.Th>
                  <Table.Th scope="col">Fair estimate</Table.Th>
                  <Table.Th scope="col">Raw {label}</Table.Th>
                  <Table.Th scope="col">95 % interval</Table.Th>
                  <Table.Th scope="col">n</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.employeeId} aria-selected={row.employeeId === selected}>
                    <Table.Td>
                      <RankCell rank={row.rank} minN={minN} />
                    </Table.Td>
                    <Table.Th scope="row">
                      <Anchor
                        component="button"
                        type="button"
                        onClick={() => {
                          set({ employeeId: row.employeeId });
                          // The person's scores open below the ranking; bring them into view.
                          requestAnimationFrame(() =>
                            detail.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
                          );
                        }}
                        fw={row.employeeId === selected ? 700 : 500}
                      >
                        {row.name}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{row.teamName ?? '—'}</Table.Td>
                    <Table.Td>{row.rank === null ? '—' : formatValue(metric, row.shrunk)}</Table.Td>
                    <Table.Td>{formatValue(metric, row.raw.value)}</Table.Td>
                    <Table.Td>{intervalText(row.raw)}</Table.Td>
                    <Table.Td>
                      <DrillButton
                        spec={{
                          title: `${label}, ${row.name}`,
                          query: {
                            ...filters,
                            ...range,
                            employeeId: row.employeeId,
                            metric,
                            category: 'scored',
                          },
                          n: row.raw.n,
                        }}
                      >
                        {row.raw.n}
                      </DrillButton>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Paper>
    );
  };

  return (
    <Stack gap="md" aria-busy={scores.isFetching}>
      <Group gap="md" align="flex-end" wrap="wrap">
        <MetricSelect value={metric} onChange={(m) => set({ metric: m === 'nps' ? null : m })} />
        {!ownOnly && (
          <NativeSelect
            label="Rank from"
            value={String(minN)}
            onChange={(event) =>
              set({ minN: event.currentTarget.value === '10' ? null : event.currentTarget.value })
            }
            data={MIN_N_CHOICES.map((n) => ({ value: n, label: `${n} answers` }))}
            w={150}
          />
        )}
      </Group>
      {ownOnly ? (
        <Text size="sm" c="dimmed">
          Your own scores. Rankings of others are for managers and leaders.
        </Text>
      ) : (
        rankingTable()
      )}
      {employeeId ? (
        <div ref={detail} style={{ scrollMarginTop: 72 }}>
          <EmployeeDetail employeeId={employeeId} filters={filters} metric={metric} />
        </div>
      ) : (
        !ownOnly &&
        scores.isSuccess &&
        scores.data.employees.length > 0 && (
          <Text size="sm" c="dimmed">
            Choose a person in the ranking to see their monthly scores and what customers said about them.
          </Text>
        )
      )}
    </Stack>
  );
}
