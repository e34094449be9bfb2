import { Alert, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconListDetails } from '@tabler/icons-react';
import { type Drivers, type QuestionResults, useDrivers, useQuestionResults } from '../../api/analytics';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { CHART_COLORS } from '../../components/charts/series';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { CsvLink } from './CsvLink';
import { DrillButton } from './DrillDown';
import { useAnalyticsFilters } from './useAnalyticsFilters';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function quadrantOf(d: Drivers['drivers'][number], importanceCut: number, performanceCut: number): string {
  const important = d.importance >= importanceCut;
  const strong = d.performance >= performanceCut;
  if (important && !strong) return 'Fix first';
  if (important && strong) return 'Keep it up';
  if (!important && strong) return 'Maintain';
  return 'Lower priority';
}

function DriversFigure({ drivers }: { drivers: Drivers }) {
  const { filters } = useAnalyticsFilters();
  const exportAction = (
    <CsvLink table="drivers" query={{ ...filters }} label="Export the key drivers as CSV" />
  );
  if (drivers.status !== 'ok') {
    const message =
      drivers.status === 'too_few_responses'
        ? `Key drivers need at least ${drivers.minimum} complete responses; this selection has ${drivers.responses}. Widen the dates or filters.`
        : drivers.status === 'no_drivers'
          ? 'This survey has no rating questions besides its main score, so there is nothing to compare.'
          : 'No survey has responses with these filters.';
    return (
      <Paper withBorder radius="md" p="md" component="section" aria-label="Key drivers">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Key drivers
            </Title>
            {exportAction}
          </Group>
          <Alert
            color="blue"
            variant="light"
            icon={<IconInfoCircle aria-hidden />}
            title="Not enough to show key drivers"
          >
            {message}
          </Alert>
        </Stack>
      </Paper>
    );
  }
  const list = drivers.drivers;
  // Quadrant lines at the average importance and performance of the drivers shown.
  const importanceCut = list.reduce((a, d) => a + d.importance, 0) / (list.length || 1);
  const performanceCut = list.reduce((a, d) => a + d.performance, 0) / (list.length || 1);
  const option: ChartOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const d = list[(p as { dataIndex: number }).dataIndex];
        return d
          ? `${d.label}<br/>Importance ${percent(d.importance)} · performance ${d.performance.toFixed(0)}/100`
          : '';
      },
    },
    grid: { left: 64, right: 32, top: 32, bottom: 56 },
    xAxis: {
      type: 'value',
      name: 'Performance (0–100)',
      nameLocation: 'middle',
      nameGap: 32,
      min: 0,
      max: 100,
    },
    yAxis: {
      type: 'value',
      name: 'Importance (share of R²)',
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        type: 'scatter',
        name: 'Drivers',
        data: list.map((d) => [d.performance, d.importance]),
        symbolSize: 14,
        itemStyle: { color: CHART_COLORS.primary },
        label: {
          show: true,
          position: 'right',
          formatter: (p) => {
            const text = list[p.dataIndex]?.label ?? '';
            return text.length > 28 ? `${text.slice(0, 27)}…` : text;
          },
        },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#868e96' },
          label: { show: false },
          data: [{ xAxis: performanceCut }, { yAxis: importanceCut }],
        },
      },
    ],
  };
  const summary = `Key drivers of the score (R² ${drivers.rSquared === null ? 'unknown' : drivers.rSquared.toFixed(2)}, ${drivers.responses} responses): ${list
    .map(
      (d) =>
        `${d.label}: importance ${percent(d.importance)}, performance ${d.performance.toFixed(0)} of 100, ${quadrantOf(d, importanceCut, performanceCut)}`,
    )
    .join('; ')}.`;
  return (
    <ChartFigure
      title="Key drivers: importance vs performance"
      summary={summary}
      option={option}
      height={380}
      actions={exportAction}
      note={
        <Text size="sm" c="dimmed">
          Importance is each question’s share of the explained variance (Johnson’s relative weights, which
          cope with correlated questions); R² {drivers.rSquared?.toFixed(2) ?? '—'} over {drivers.responses}{' '}
          responses. Top left: important but weak — fix first.
        </Text>
      }
      table={
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Key drivers" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Driver</Table.Th>
                <Table.Th scope="col">Importance</Table.Th>
                <Table.Th scope="col">Performance</Table.Th>
                <Table.Th scope="col">Correlation</Table.Th>
                <Table.Th scope="col">Quadrant</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((d) => (
                <Table.Tr key={d.key}>
                  <Table.Th scope="row">
                    {d.label}
                    {d.source === 'theme' ? ' (comment theme)' : ''}
                  </Table.Th>
                  <Table.Td>{percent(d.importance)}</Table.Td>
                  <Table.Td>{d.performance.toFixed(0)}/100</Table.Td>
                  <Table.Td>{d.correlation.toFixed(2)}</Table.Td>
                  <Table.Td>{quadrantOf(d, importanceCut, performanceCut)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      }
    />
  );
}

function distributionText(distribution: { value: string; count: number }[]): string {
  return distribution.map((d) => `${d.value}: ${d.count}`).join(' · ');
}

function QuestionTables({ results }: { results: QuestionResults }) {
  const { filters } = useAnalyticsFilters();
  const range = { from: results.filters.from, to: results.filters.to };
  if (results.surveys.length === 0)
    return (
      <EmptyPanel
        icon={<IconListDetails aria-hidden />}
        title="No responses in this period"
        description="Per-question results appear once customers answer a survey."
      />
    );
  return (
    <Stack gap="md">
      {results.surveys.map((survey) => (
        <Paper
          key={survey.surveyId}
          withBorder
          radius="md"
          p="md"
          component="section"
          aria-label={`Questions of ${survey.name}`}
        >
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h4">
                {survey.name}
              </Title>
              <Group gap="xs">
                <Text size="sm">
                  <DrillButton
                    spec={{
                      title: `All responses to ${survey.name}`,
                      query: { ...filters, ...range, surveyId: survey.surveyId },
                      n: survey.responses,
                    }}
                  >
                    {survey.responses} responses
                  </DrillButton>
                </Text>
                <CsvLink
                  table="questions"
                  query={{ ...filters, surveyId: survey.surveyId }}
                  label={`Export the results of ${survey.name} as CSV`}
                />
              </Group>
            </Group>
            <Table.ScrollContainer minWidth={620}>
              <Table aria-label={`Results of ${survey.name}`} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Question</Table.Th>
                    <Table.Th scope="col">Answered</Table.Th>
                    <Table.Th scope="col">Mean</Table.Th>
                    <Table.Th scope="col">Answers</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {survey.questions.map((q) => (
                    <Table.Tr key={q.questionId}>
                      <Table.Th scope="row">{q.label}</Table.Th>
                      <Table.Td>{q.answered}</Table.Td>
                      <Table.Td>{q.mean === null ? '—' : q.mean.toFixed(2)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {q.distribution.length ? distributionText(q.distribution) : 'Text answers'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

export function QuestionsDashboard() {
  const { filters } = useAnalyticsFilters();
  const drivers = useDrivers(filters);
  const questions = useQuestionResults(filters);
  return (
    <Stack gap="md" aria-busy={drivers.isFetching || questions.isFetching}>
      {drivers.isPending ? (
        <TableSkeleton label="Loading key drivers" />
      ) : drivers.isError ? (
        <ErrorAlert
          error={drivers.error}
          title="Could not load key drivers"
          onRetry={() => drivers.refetch()}
        />
      ) : (
        <DriversFigure drivers={drivers.data} />
      )}
      {questions.isPending ? (
        <TableSkeleton label="Loading per-question results" />
      ) : questions.isError ? (
        <ErrorAlert
          error={questions.error}
          title="Could not load per-question results"
          onRetry={() => questions.refetch()}
        />
      ) : (
        <QuestionTables results={questions.data} />
      )}
    </Stack>
  );
}
