import { Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { type Interval, type Metric, type Overview, useOverview } from '../../api/analytics';
import { CHANNEL_LABELS } from '../../api/types';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { CHART_COLORS, intervalBandSeries } from '../../components/charts/series';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert } from '../../components/QueryStatus';
import { CsvLink } from './CsvLink';
import { DrillButton, type DrillSpec, useOpenDrill } from './DrillDown';
import { estimateText, formatValue, METRIC_LABELS, periodLabel, periodRange, reportable } from './format';
import { ScoreCard } from './ScoreCard';
import { choiceParam, useAnalyticsFilters } from './useAnalyticsFilters';

const MIN_SAMPLE = 30;
const INTERVALS = ['month', 'week'] as const;
const METRICS = ['nps', 'csat', 'ces', 'score'] as const;

export function DashboardSkeleton({ label }: { label: string }) {
  return (
    <Stack gap="md" aria-busy="true" aria-label={label}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={180} radius="md" />
        ))}
      </SimpleGrid>
      <Skeleton height={320} radius="md" />
    </Stack>
  );
}

function TrendFigure({
  overview,
  metric,
  interval,
  onMetric,
  onInterval,
}: {
  overview: Overview;
  metric: Metric;
  interval: Interval;
  onMetric: (metric: Metric) => void;
  onInterval: (interval: Interval) => void;
}) {
  const { filters } = useAnalyticsFilters();
  const openDrill = useOpenDrill();
  const range = { from: overview.filters.from, to: overview.filters.to };
  const points = overview.trend.map((point) => {
    const estimate = point.scores.find((s) => s.metric === metric);
    const label = periodLabel(point.period, interval);
    const days = periodRange(point.period, interval, range);
    return {
      ...point,
      label,
      estimate,
      scoreSpec: {
        title: `${METRIC_LABELS[metric]}, ${label}`,
        query: { ...filters, ...days, metric, category: 'scored' },
        n: estimate?.n ?? 0,
      } satisfies DrillSpec,
      volumeSpec: {
        title: `All responses, ${label}`,
        query: { ...filters, ...days },
        n: point.responses,
      } satisfies DrillSpec,
    };
  });
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: [METRIC_LABELS[metric], '95 % interval', 'Responses'] },
    grid: { left: 48, right: 56, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: [
      { type: 'value', name: METRIC_LABELS[metric], scale: metric !== 'nps' && metric !== 'csat' },
      { type: 'value', name: 'Responses', splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: 'Responses',
        yAxisIndex: 1,
        data: points.map((p) => p.responses),
        itemStyle: { color: CHART_COLORS.volume },
        barMaxWidth: 28,
      },
      ...intervalBandSeries(
        '95 % interval',
        points.map((p) =>
          p.estimate && reportable(p.estimate) && p.estimate.low !== null && p.estimate.high !== null
            ? { low: p.estimate.low, high: p.estimate.high }
            : null,
        ),
      ),
      {
        type: 'line',
        name: METRIC_LABELS[metric],
        data: points.map((p) => (p.estimate && reportable(p.estimate) ? p.estimate.value : null)),
        itemStyle: { color: CHART_COLORS.primary },
        lineStyle: { width: 2.5 },
        symbolSize: 8,
        connectNulls: false,
      },
    ],
  };
  const summary = `${METRIC_LABELS[metric]} by ${interval}: ${points
    .map(
      (p) =>
        `${p.label} ${p.estimate ? estimateText(p.estimate, MIN_SAMPLE) : 'no responses'}, ${p.responses} responses`,
    )
    .join('; ')}.`;
  const metrics = overview.scores.map((s) => s.metric);
  return (
    <ChartFigure
      title={`Trend by ${interval}`}
      summary={summary}
      option={option}
      onClick={(event) => {
        const point = points[event.dataIndex];
        if (!point) return;
        openDrill(event.seriesType === 'bar' ? point.volumeSpec : point.scoreSpec);
      }}
      note={
        <Group gap="md" wrap="wrap">
          <SegmentedControl
            size="xs"
            aria-label="Trend metric"
            value={metric}
            onChange={(value) => onMetric(value as Metric)}
            data={metrics.map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
          />
          <SegmentedControl
            size="xs"
            aria-label="Trend interval"
            value={interval}
            onChange={(value) => onInterval(value as Interval)}
            data={[
              { value: 'month', label: 'Monthly' },
              { value: 'week', label: 'Weekly' },
            ]}
          />
        </Group>
      }
      actions={<CsvLink table="trend" query={{ ...filters, interval }} label="Export the trend as CSV" />}
      table={
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label={`${METRIC_LABELS[metric]} by ${interval}`} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Period</Table.Th>
                <Table.Th scope="col">{METRIC_LABELS[metric]}</Table.Th>
                <Table.Th scope="col">95 % interval</Table.Th>
                <Table.Th scope="col">n</Table.Th>
                <Table.Th scope="col">Responses</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={p.period}>
                  <Table.Th scope="row">{p.label}</Table.Th>
                  <Table.Td>
                    {p.estimate && reportable(p.estimate)
                      ? formatValue(metric, p.estimate.value)
                      : p.estimate?.n
                        ? 'Too few responses'
                        : '—'}
                  </Table.Td>
                  <Table.Td>
                    {p.estimate && reportable(p.estimate)
                      ? `${formatValue(metric, p.estimate.low)} to ${formatValue(metric, p.estimate.high)}`
                      : '—'}
                  </Table.Td>
                  <Table.Td>
                    <DrillButton spec={p.scoreSpec}>{p.estimate?.n ?? 0}</DrillButton>
                  </Table.Td>
                  <Table.Td>
                    <DrillButton spec={p.volumeSpec}>{p.responses}</DrillButton>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      }
    />
  );
}

function ChannelFigure({ overview }: { overview: Overview }) {
  const { filters } = useAnalyticsFilters();
  const openDrill = useOpenDrill();
  const range = { from: overview.filters.from, to: overview.filters.to };
  const rows = overview.volume.byChannel.map((c) => ({
    ...c,
    label: c.channel ? (CHANNEL_LABELS[c.channel] ?? c.channel) : 'No channel',
    // Responses without a channel cannot be singled out by the channel filter.
    spec: c.channel
      ? ({
          title: `Responses by ${CHANNEL_LABELS[c.channel] ?? c.channel}`,
          query: { ...filters, ...range, channel: c.channel },
          n: c.responses,
        } satisfies DrillSpec)
      : null,
  }));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 96, right: 24, top: 16, bottom: 32 },
    xAxis: { type: 'value', name: 'Responses', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [
      {
        type: 'bar',
        name: 'Responses',
        data: rows.map((r) => r.responses),
        itemStyle: { color: CHART_COLORS.primary },
        barMaxWidth: 24,
      },
    ],
  };
  return (
    <ChartFigure
      title="Responses by channel"
      summary={`Responses by channel: ${rows.map((r) => `${r.label} ${r.responses}`).join(', ')}.`}
      option={option}
      height={Math.max(160, rows.length * 44 + 48)}
      onClick={(event) => {
        const spec = rows[event.dataIndex]?.spec;
        if (spec) openDrill(spec);
      }}
      table={
        <Table aria-label="Responses by channel" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Channel</Table.Th>
              <Table.Th scope="col">Responses</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.label}>
                <Table.Th scope="row">{r.label}</Table.Th>
                <Table.Td>
                  {r.spec ? <DrillButton spec={r.spec}>{r.responses}</DrillButton> : r.responses}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

function VolumePanel({ overview }: { overview: Overview }) {
  const { volume } = overview;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Volume and response rate">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Responses
          </Text>
          <Text fz={28} fw={700} data-volume-responses>
            {volume.responses.toLocaleString()}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Response rate
          </Text>
          <Text fz={28} fw={700}>
            {volume.responseRate === null ? '—' : `${(volume.responseRate * 100).toFixed(1)}%`}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Invitations answered
          </Text>
          <Text fz={28} fw={700}>
            {volume.invitationsAnswered.toLocaleString()} / {volume.invitationsSent.toLocaleString()}
          </Text>
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

export function OverviewDashboard() {
  const { filters, params, set } = useAnalyticsFilters();
  const interval = choiceParam(params, 'interval', INTERVALS, 'month');
  const overview = useOverview(filters, interval);

  if (overview.isPending) return <DashboardSkeleton label="Loading the overview" />;
  if (overview.isError)
    return (
      <ErrorAlert
        error={overview.error}
        title="Could not load the overview"
        onRetry={() => overview.refetch()}
      />
    );
  const data = overview.data;
  const available = data.scores.map((s) => s.metric);
  const metric = choiceParam(params, 'metric', METRICS, available[0] ?? 'nps');
  const range = { from: data.filters.from, to: data.filters.to };
  const pinned = { ...filters, ...range };

  return (
    <Stack gap="md" aria-busy={overview.isFetching}>
      <Text size="sm" c="dimmed">
        {data.filters.from} to {data.filters.to} ({data.filters.timeZone}), compared with{' '}
        {data.previousPeriod.from} to {data.previousPeriod.to}.
        {data.filters.source === 'raw' && ' Segment filter: computed from raw responses.'}
      </Text>
      {data.volume.responses === 0 && data.scores.every((s) => s.current.n === 0) ? (
        <EmptyPanel
          icon={<IconChartBar aria-hidden />}
          title="No responses in this period"
          description="Widen the dates or clear the filters. Scores appear as soon as customers answer."
        />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: Math.min(3, Math.max(1, data.scores.length)) }}>
            {data.scores.map((card) => (
              <ScoreCard key={card.metric} card={card} filters={pinned} minSample={MIN_SAMPLE} />
            ))}
          </SimpleGrid>
          <VolumePanel overview={data} />
          <TrendFigure
            overview={data}
            metric={available.includes(metric) ? metric : (available[0] ?? 'nps')}
            interval={interval}
            onMetric={(m) => set({ metric: m })}
            onInterval={(i) => set({ interval: i === 'month' ? null : i })}
          />
          <ChannelFigure overview={data} />
        </>
      )}
    </Stack>
  );
}
