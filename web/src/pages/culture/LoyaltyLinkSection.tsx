import { Alert, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  ANONYMITY_MESSAGE,
  CONSTRUCT_LABELS,
  type Construct,
  type LinkConstruct,
  type LinkMetric,
  type LoyaltyLink,
  useLoyaltyLink,
} from './pulseApi';

const METRIC_LABELS: Record<LinkMetric, string> = { nps: 'Customer NPS', csat: 'Customer CSAT (%)' };

function scatterOption(data: LoyaltyLink): ChartOption {
  const range: [number, number] = data.metric === 'nps' ? [-100, 100] : [0, 100];
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const point = data.points[(p as { dataIndex: number }).dataIndex];
        return point
          ? `${point.name}<br/>Culture ${point.culture.toFixed(2)} (n = ${point.cultureResponses})<br/>${METRIC_LABELS[data.metric]} ${point.customer} (n = ${point.customerResponses})`
          : '';
      },
    },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    xAxis: {
      type: 'value',
      name: 'Culture (mean agreement, 1–5)',
      nameLocation: 'middle',
      nameGap: 32,
      min: 1,
      max: 5,
    },
    yAxis: {
      type: 'value',
      name: METRIC_LABELS[data.metric],
      nameLocation: 'middle',
      nameGap: 44,
      min: range[0],
      max: range[1],
    },
    series: [
      {
        type: 'scatter',
        name: 'Teams',
        symbolSize: 14,
        data: data.points.map((p) => [p.culture, p.customer]),
        label: { show: true, position: 'right', formatter: (p) => data.points[p.dataIndex]?.name ?? '' },
      },
    ],
  };
}

const fixed = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** The service-profit chain on the pulse's results: culture against customer scores, team by team. */
export function LoyaltyLinkSection({ pulseId, constructs }: { pulseId: string; constructs: Construct[] }) {
  const [construct, setConstruct] = useState<LinkConstruct>('overall');
  const [metric, setMetric] = useState<LinkMetric>('nps');
  const link = useLoyaltyLink(pulseId, construct, metric);
  const controls = (
    <Group gap="sm" align="flex-end">
      <Select
        label="Culture score"
        data={[
          { value: 'overall', label: 'Overall (all constructs asked)' },
          ...constructs.map((c) => ({ value: c, label: CONSTRUCT_LABELS[c] })),
        ]}
        value={construct}
        onChange={(v) => v && setConstruct(v as LinkConstruct)}
        allowDeselect={false}
        w={280}
      />
      <Select
        label="Customer score"
        data={[
          { value: 'nps', label: 'NPS' },
          { value: 'csat', label: 'CSAT' },
        ]}
        value={metric}
        onChange={(v) => v && setMetric(v as LinkMetric)}
        allowDeselect={false}
        maw={160}
      />
    </Group>
  );
  if (link.isPending)
    return (
      <Stack>
        {controls}
        <TableSkeleton rows={3} label="Loading the link to loyalty" />
      </Stack>
    );
  if (link.isError) return <ErrorAlert error={link.error} onRetry={() => link.refetch()} />;
  const data = link.data;
  const c = data.correlation;
  const clear = c.status === 'positive' || c.status === 'negative';
  return (
    <Stack gap="sm">
      {controls}
      <Alert variant="light" color={clear ? 'blue' : 'gray'} role="status" title="What the figures say">
        {data.message}
      </Alert>
      <ChartFigure
        title="Culture against customer scores, by team"
        summary={`${data.message} ${data.points.map((p) => `${p.name}: culture ${p.culture}, ${METRIC_LABELS[data.metric]} ${p.customer}`).join('; ')}`}
        option={scatterOption(data)}
        note={
          <Text size="sm" c="dimmed">
            One point per team (teams without sub-teams), culture from this pulse, customers'{' '}
            {data.metric.toUpperCase()} from {data.period.from} to {data.period.to}. Pearson's r ={' '}
            {fixed(c.r)}, 95 % interval {fixed(c.low)} to {fixed(c.high)} ({c.n} teams). Teams with fewer than{' '}
            {data.minGroupSize} pulse answers, or fewer than {data.minCustomerResponses} customer answers, are
            left out.
          </Text>
        }
        table={
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Culture against customer scores, by team" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Team</Table.Th>
                  <Table.Th scope="col">Culture (1–5)</Table.Th>
                  <Table.Th scope="col">Pulse answers</Table.Th>
                  <Table.Th scope="col">{METRIC_LABELS[data.metric]}</Table.Th>
                  <Table.Th scope="col">Customer answers</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.points.map((p) => (
                  <Table.Tr key={p.teamId}>
                    <Table.Th scope="row">{p.name}</Table.Th>
                    <Table.Td>{p.culture.toFixed(2)}</Table.Td>
                    <Table.Td>{p.cultureResponses}</Table.Td>
                    <Table.Td>
                      {p.customer}
                      {p.customerMarginOfError !== null && ` ± ${Math.round(p.customerMarginOfError)}`}
                    </Table.Td>
                    <Table.Td>{p.customerResponses}</Table.Td>
                  </Table.Tr>
                ))}
                {data.excluded.map((e) => (
                  <Table.Tr key={e.teamId}>
                    <Table.Th scope="row">{e.name}</Table.Th>
                    <Table.Td colSpan={4}>
                      {e.reason === 'anonymity'
                        ? ANONYMITY_MESSAGE
                        : `Fewer than ${data.minCustomerResponses} customer answers in the period`}
                    </Table.Td>
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
