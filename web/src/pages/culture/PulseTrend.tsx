import { Table, Text } from '@mantine/core';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { ANONYMITY_MESSAGE, CONSTRUCT_LABELS, type Construct, useTrend } from './pulseApi';

/**
 * One group's construct scores across pulses (the organisation, or a team): a line per construct,
 * broken where a pulse did not ask about it or the anonymity guard withheld the group.
 */
export function PulseTrend({ teamId, groupName }: { teamId: string | null; groupName: string }) {
  const trend = useTrend(teamId);
  if (trend.isPending) return <TableSkeleton rows={3} label="Loading the trend" />;
  if (trend.error) return <ErrorAlert error={trend.error} onRetry={() => trend.refetch()} />;
  const points = trend.data.points;
  const constructs = (Object.keys(CONSTRUCT_LABELS) as Construct[]).filter((c) =>
    points.some((p) => p.cell.status === 'ok' && p.cell.constructs[c]?.status === 'ok'),
  );
  const meanOf = (p: (typeof points)[number], c: Construct) => {
    const f = p.cell.status === 'ok' ? p.cell.constructs[c] : undefined;
    return f?.status === 'ok' ? Math.round(f.mean * 100) / 100 : null;
  };
  const labels = points.map((p) => p.opensAt.slice(0, 10));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', min: 1, max: 5, name: 'Mean agreement' },
    series: constructs.map((c) => ({
      type: 'line',
      name: CONSTRUCT_LABELS[c],
      connectNulls: false,
      data: points.map((p) => meanOf(p, c)),
    })),
  };
  const withheld = points.filter((p) => p.cell.status !== 'ok').length;
  const released = points.filter((p) => p.cell.status === 'ok');
  const last = released.at(-1);
  const summary =
    points.length === 0
      ? `No pulse has opened yet for ${groupName}.`
      : `${groupName} over ${points.length} pulses; ${withheld} withheld to protect anonymity.${
          last
            ? ` Latest shown (${last.title}): ${constructs
                .map((c) => `${CONSTRUCT_LABELS[c]} ${meanOf(last, c)?.toFixed(2) ?? 'not asked'}`)
                .join(', ')}.`
            : ''
        }`;
  return (
    <ChartFigure
      title={`Trend: ${groupName}`}
      summary={summary}
      option={option}
      height={300}
      note={
        withheld > 0 ? (
          <Text size="sm" c="dimmed">
            {withheld} of {points.length} pulses are not shown for {groupName}:{' '}
            {ANONYMITY_MESSAGE.toLowerCase()}.
          </Text>
        ) : undefined
      }
      table={
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={`Trend: ${groupName}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Pulse</Table.Th>
                <Table.Th scope="col">Responses</Table.Th>
                <Table.Th scope="col">eNPS</Table.Th>
                {constructs.map((c) => (
                  <Table.Th scope="col" key={c}>
                    {CONSTRUCT_LABELS[c]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={p.pulseId}>
                  <Table.Th scope="row">
                    {p.title} ({p.opensAt.slice(0, 10)})
                  </Table.Th>
                  {p.cell.status === 'ok' ? (
                    <>
                      <Table.Td>{p.cell.responses}</Table.Td>
                      <Table.Td>{p.cell.enps}</Table.Td>
                      {constructs.map((c) => (
                        <Table.Td key={c}>{meanOf(p, c)?.toFixed(2) ?? '—'}</Table.Td>
                      ))}
                    </>
                  ) : (
                    <Table.Td colSpan={constructs.length + 2}>{ANONYMITY_MESSAGE}</Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      }
    />
  );
}
