import { Badge, Group, NativeSelect, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { type TeamComparison, useTeamComparison } from '../../api/analytics';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { CHART_COLORS, errorBarSeries } from '../../components/charts/series';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert } from '../../components/QueryStatus';
import { CsvLink } from './CsvLink';
import { DrillButton, type DrillSpec, useOpenDrill } from './DrillDown';
import { formatValue, intervalText, METRIC_LABELS, periodLabel, periodRange, reportable } from './format';
import { DashboardSkeleton } from './OverviewDashboard';
import { choiceParam, useAnalyticsFilters } from './useAnalyticsFilters';

const METRICS = ['nps', 'csat', 'ces', 'score'] as const;
const INTERVALS = ['month', 'week'] as const;
const MIN_SAMPLE = 30;

type TeamRow = TeamComparison['teams'][number];

export function MetricSelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <NativeSelect
      label="Metric"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
      w={140}
    />
  );
}

export function RankCell({ rank, minN }: { rank: number | null; minN: number }) {
  if (rank !== null) return <Text fw={700}>#{rank}</Text>;
  return (
    <Badge variant="light" color="gray" c="gray.8" title={`Fewer than ${minN} answers: not ranked`}>
      Unranked (n {'<'} {minN})
    </Badge>
  );
}

export function TeamsDashboard() {
  const { filters, params, set } = useAnalyticsFilters();
  const metric = choiceParam(params, 'metric', METRICS, 'nps');
  const interval = choiceParam(params, 'interval', INTERVALS, 'month');
  const comparison = useTeamComparison(filters, metric, interval);
  const openDrill = useOpenDrill();

  const controls = (
    <Group gap="md" align="flex-end" wrap="wrap">
      <MetricSelect value={metric} onChange={(m) => set({ metric: m === 'nps' ? null : m })} />
    </Group>
  );
  if (comparison.isPending) return <DashboardSkeleton label="Loading the team comparison" />;
  if (comparison.isError)
    return (
      <Stack>
        {controls}
        <ErrorAlert
          error={comparison.error}
          title="Could not load the team comparison"
          onRetry={() => comparison.refetch()}
        />
      </Stack>
    );
  const data = comparison.data;
  const label = METRIC_LABELS[metric];
  const range = { from: data.filters.from, to: data.filters.to };
  const teamQuery = (team: TeamRow) => ({
    ...filters,
    ...range,
    teamId: team.teamId ?? undefined,
    // A team's figure counts its own answers, not its sub-teams'.
    subTeams: 'exclude' as const,
    metric,
    category: 'scored' as const,
  });
  // "No team" has no id to filter on, so it has no drill-down.
  const teamSpec = (team: TeamRow): DrillSpec | null =>
    team.teamId ? { title: `${label}, ${team.name}`, query: teamQuery(team), n: team.raw.n } : null;
  const cellSpec = (team: TeamRow, period: string, n: number): DrillSpec | null =>
    team.teamId
      ? {
          title: `${label}, ${team.name}, ${periodLabel(period, interval)}`,
          query: { ...teamQuery(team), ...periodRange(period, interval, range) },
          n,
        }
      : null;
  const withAnswers = data.teams.filter((t) => t.raw.n > 0);

  if (withAnswers.length === 0)
    return (
      <Stack>
        {controls}
        <EmptyPanel
          icon={<IconUsersGroup aria-hidden />}
          title="No responses in this period"
          description={`No team has ${label} answers with these filters. Widen the dates or clear the filters.`}
        />
      </Stack>
    );

  const ranked = withAnswers;
  const barOption: ChartOption = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: [`Raw ${label}`, 'Fair (shrunk) estimate', '95 % interval'] },
    grid: { left: 180, right: 32, top: 16, bottom: 48 },
    xAxis: { type: 'value', name: label, scale: metric === 'ces' || metric === 'score' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: ranked.map((t) => (t.rank === null ? `${t.name} (unranked)` : `#${t.rank} ${t.name}`)),
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: `Raw ${label}`,
        data: ranked.map((t) => ({
          value: t.raw.value,
          itemStyle: { color: t.rank === null ? '#c3c8cf' : CHART_COLORS.primary },
        })),
        itemStyle: { color: CHART_COLORS.primary },
        barMaxWidth: 18,
      },
      {
        type: 'scatter',
        name: 'Fair (shrunk) estimate',
        data: ranked.map((t) => t.shrunk),
        symbol: 'diamond',
        symbolSize: 13,
        z: 20,
        itemStyle: { color: CHART_COLORS.accent },
      },
      errorBarSeries(
        '95 % interval',
        ranked.map((t) =>
          t.raw.low !== null && t.raw.high !== null ? { low: t.raw.low, high: t.raw.high } : null,
        ),
        true,
      ),
    ],
  };
  const barSummary = `${label} by team, ranked on shrunk estimates: ${ranked
    .map(
      (t) =>
        `${t.rank === null ? 'unranked' : `rank ${t.rank}`} ${t.name} raw ${formatValue(metric, t.raw.value)}, shrunk ${formatValue(metric, t.shrunk)}, n ${t.raw.n}`,
    )
    .join('; ')}.`;

  const heatTeams = withAnswers;
  const heatData: [number, number, number | null][] = [];
  heatTeams.forEach((team, y) => {
    team.series.forEach((point, x) => {
      heatData.push([x, y, reportable(point.estimate) ? point.estimate.value : null]);
    });
  });
  const bounds =
    metric === 'nps' ? [-100, 100] : metric === 'csat' ? [0, 100] : metric === 'ces' ? [1, 7] : [0, 10];
  const heatOption: ChartOption = {
    tooltip: { position: 'top' },
    grid: { left: 180, right: 24, top: 16, bottom: 72 },
    xAxis: {
      type: 'category',
      data: data.periods.map((p) => periodLabel(p, interval)),
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: heatTeams.map((t) => t.name),
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    visualMap: {
      min: bounds[0],
      max: bounds[1],
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: {
        color: metric === 'ces' ? ['#2b8a3e', '#f1f3f5', '#c92a2a'] : ['#c92a2a', '#f1f3f5', '#1c5fb8'],
      },
    },
    series: [
      {
        type: 'heatmap',
        name: label,
        data: heatData,
        label: {
          show: data.periods.length <= 12,
          formatter: (p) => {
            const value = (p.value as (number | null)[])[2];
            return value === null || value === undefined ? '' : String(Math.round(value));
          },
        },
      },
    ],
  };
  const heatSummary = `${label} by team by ${interval}: ${heatTeams
    .map(
      (t) =>
        `${t.name}: ${t.series
          .map(
            (s) =>
              `${periodLabel(s.period, interval)} ${reportable(s.estimate) ? formatValue(metric, s.estimate.value) : s.estimate.n ? `too few (n ${s.estimate.n})` : 'none'}`,
          )
          .join(', ')}`,
    )
    .join('; ')}.`;
  const exportQuery = { ...filters, metric, interval };

  return (
    <Stack gap="md" aria-busy={comparison.isFetching}>
      {controls}
      <ChartFigure
        title={`${label} by team`}
        summary={barSummary}
        option={barOption}
        height={Math.max(220, ranked.length * 36 + 72)}
        onClick={(event) => {
          const team = ranked[event.dataIndex];
          const spec = team && teamSpec(team);
          if (spec) openDrill(spec);
        }}
        note={
          <Text size="sm" c="dimmed">
            Ranked on the fair estimate (diamond), which pulls small teams toward the organisation’s mean so a
            few lucky answers never top the board. Teams with fewer than {MIN_SAMPLE} answers are listed,
            unranked (grey).
          </Text>
        }
        actions={<CsvLink table="teams" query={exportQuery} label="Export the team comparison as CSV" />}
        table={
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label={`${label} by team`} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Rank</Table.Th>
                  <Table.Th scope="col">Team</Table.Th>
                  <Table.Th scope="col">Fair estimate</Table.Th>
                  <Table.Th scope="col">Raw {label}</Table.Th>
                  <Table.Th scope="col">95 % interval</Table.Th>
                  <Table.Th scope="col">n</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.teams.map((team) => {
                  const spec = teamSpec(team);
                  return (
                    <Table.Tr key={team.teamId ?? team.name}>
                      <Table.Td>
                        <RankCell rank={team.rank} minN={MIN_SAMPLE} />
                      </Table.Td>
                      <Table.Th scope="row">{team.name}</Table.Th>
                      <Table.Td>{formatValue(metric, team.shrunk)}</Table.Td>
                      <Table.Td>{team.raw.n > 0 ? formatValue(metric, team.raw.value) : '—'}</Table.Td>
                      <Table.Td>{intervalText(team.raw)}</Table.Td>
                      <Table.Td>
                        {spec && team.raw.n > 0 ? (
                          <DrillButton spec={spec}>{team.raw.n}</DrillButton>
                        ) : (
                          team.raw.n
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        }
      />
      <ChartFigure
        title={`${label} by team by ${interval}`}
        summary={heatSummary}
        option={heatOption}
        height={Math.max(240, heatTeams.length * 32 + 110)}
        onClick={(event) => {
          const [x, y] = (event.value as number[]) ?? [];
          const team = heatTeams[y ?? -1];
          const period = data.periods[x ?? -1];
          const point = team?.series[x ?? -1];
          const spec = team && period && point ? cellSpec(team, period, point.estimate.n) : null;
          if (spec) openDrill(spec);
        }}
        note={
          <Group gap="md" wrap="wrap">
            <SegmentedControl
              size="xs"
              aria-label="Heatmap interval"
              value={interval}
              onChange={(value) => set({ interval: value === 'month' ? null : value })}
              data={[
                { value: 'month', label: 'Monthly' },
                { value: 'week', label: 'Weekly' },
              ]}
            />
            <Text size="xs" c="dimmed">
              Empty cells have fewer than {MIN_SAMPLE} answers.
            </Text>
          </Group>
        }
        table={
          <Table.ScrollContainer minWidth={Math.max(600, data.periods.length * 90 + 160)}>
            <Table aria-label={`${label} by team by ${interval}`} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Team</Table.Th>
                  {data.periods.map((p) => (
                    <Table.Th scope="col" key={p}>
                      {periodLabel(p, interval)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {heatTeams.map((team) => (
                  <Table.Tr key={team.teamId ?? team.name}>
                    <Table.Th scope="row">{team.name}</Table.Th>
                    {team.series.map((point) => {
                      const spec = cellSpec(team, point.period, point.estimate.n);
                      const text = reportable(point.estimate)
                        ? formatValue(metric, point.estimate.value)
                        : point.estimate.n
                          ? `few (n ${point.estimate.n})`
                          : '—';
                      return (
                        <Table.Td key={point.period}>
                          {spec && point.estimate.n > 0 ? (
                            <DrillButton spec={spec}>{text}</DrillButton>
                          ) : (
                            text
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        }
      />
    </Stack>
  );
}
