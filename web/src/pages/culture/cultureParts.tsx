import { Alert, Group, Radio, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { ChartOption } from '../../components/charts/echarts';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

// Pieces the culture pages share: the surveys waiting for the reader, the answer scales and the
// guarded heatmap.

/** The anonymous surveys waiting for the signed-in person, each as a form, and a thank-you once sent. */
export function WaitingSurveys<T extends { id: string }>(props: {
  query: UseQueryResult<{ items: T[] }>;
  loadingLabel: string;
  thanks: string;
  empty: { icon: ReactNode; title: string; description: string };
  form: (survey: T, onAnswered: () => void) => ReactNode;
}) {
  const { query } = props;
  const [thanked, setThanked] = useState(false);
  if (query.isPending) return <TableSkeleton rows={3} label={props.loadingLabel} />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => query.refetch()} />;
  return (
    <Stack gap="md">
      {thanked && (
        <Alert color="green" variant="light" role="status">
          {props.thanks}
        </Alert>
      )}
      {query.data.items.length === 0
        ? !thanked && <EmptyPanel {...props.empty} />
        : query.data.items.map((s) => <div key={s.id}>{props.form(s, () => setThanked(true))}</div>)}
    </Stack>
  );
}

const ZERO_TO_TEN = Array.from({ length: 11 }, (_, i) => String(i));
const AGREEMENT = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'];

interface ScaleQuestionProps {
  label: string;
  description?: string;
  value: string | null;
  onChange: (value: string) => void;
}

/** A 0–10 recommendation question (eNPS, internal NPS). */
export function RecommendQuestion({ label, value, onChange }: Omit<ScaleQuestionProps, 'description'>) {
  return (
    <Radio.Group
      label={label}
      description="0 = not at all likely, 10 = extremely likely"
      value={value}
      onChange={onChange}
      required
    >
      <Group gap="sm" mt="xs" wrap="wrap">
        {ZERO_TO_TEN.map((v) => (
          <Radio key={v} value={v} label={v} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/** A 1–5 agreement statement. */
export function AgreementQuestion({ label, description, value, onChange }: ScaleQuestionProps) {
  return (
    <Radio.Group label={label} description={description} value={value} onChange={onChange} required>
      <Group gap="md" mt="xs" wrap="wrap">
        {AGREEMENT.map((text, i) => (
          <Radio key={text} value={String(i + 1)} label={text} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/**
 * A heatmap of `rows` × `columns` where a cell the anonymity guard refused is null and drawn "—".
 * `points` are [column, row, value].
 */
export function guardedHeatmapOption(input: {
  columns: string[];
  rows: string[];
  points: [number, number, number | null][];
  name: string;
  range: [number, number];
  format: (value: number) => string;
}): ChartOption {
  return {
    tooltip: { position: 'top' },
    grid: { left: 180, right: 24, top: 16, bottom: 96 },
    xAxis: { type: 'category', data: input.columns, axisLabel: { rotate: 30 } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: input.rows,
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    visualMap: {
      min: input.range[0],
      max: input.range[1],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#c92a2a', '#f1f3f5', '#1c5fb8'] },
    },
    series: [
      {
        type: 'heatmap',
        name: input.name,
        data: input.points,
        label: {
          show: true,
          formatter: (p) => {
            const value = (p.value as (number | null)[])[2];
            return value === null || value === undefined ? '—' : input.format(value);
          },
        },
      },
    ],
  };
}
