import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChartBar, IconTable } from '@tabler/icons-react';
import { type ReactNode, useId, useState } from 'react';
import { EChart } from './EChart';
import type { ChartOption, ECElementEvent } from './echarts';

interface ChartFigureProps {
  title: string;
  /** A sentence or two with the numbers the chart shows, read by screen readers. */
  summary: string;
  option: ChartOption;
  /** The same numbers as a table (with drill-down buttons), shown instead of the chart on request. */
  table: ReactNode;
  height?: number;
  onClick?: (event: ECElementEvent) => void;
  actions?: ReactNode;
  note?: ReactNode;
}

/** A titled chart with its accessible alternatives: a hidden text summary and a table toggle. */
export function ChartFigure({
  title,
  summary,
  option,
  table,
  height,
  onClick,
  actions,
  note,
}: ChartFigureProps) {
  const [asTable, setAsTable] = useState(false);
  const summaryId = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {title}
          </Title>
          <Group gap="xs">
            {actions}
            <Button
              size="xs"
              variant="default"
              leftSection={
                asTable ? <IconChartBar size={14} aria-hidden /> : <IconTable size={14} aria-hidden />
              }
              onClick={() => setAsTable((value) => !value)}
              aria-pressed={asTable}
            >
              {asTable ? 'Show chart' : 'Show table'}
            </Button>
          </Group>
        </Group>
        {note}
        <p id={summaryId} className="sr-only" data-chart-summary>
          {summary}
        </p>
        {asTable ? (
          table
        ) : (
          <EChart
            option={option}
            ariaLabel={title}
            describedBy={summaryId}
            height={height}
            onClick={onClick}
          />
        )}
        {!asTable && onClick && (
          <Text size="xs" c="dimmed">
            Click a bar, point or cell to see the responses behind it, or use the table.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
