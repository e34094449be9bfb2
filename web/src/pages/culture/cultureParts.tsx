import {
  Alert,
  Button,
  Group,
  MultiSelect,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useTeams } from '../../api/people';
import type { ChartOption } from '../../components/charts/echarts';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

// Pieces the culture pages share: the surveys waiting for the reader, the answer scales, the
// guarded heatmap and the form that opens an anonymous survey (a pulse, an internal round).

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

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** What every anonymous culture survey is opened with: a title, its window and who is asked. */
export interface SurveyWindow {
  title: string;
  opensAt: string;
  closesAt: string;
  audienceTeamIds: string[];
}

interface SurveyWindowFormProps {
  /** The form's heading and accessible name, e.g. "Schedule a pulse". */
  heading: string;
  defaultTitle: string;
  submitLabel: string;
  /** Said once the survey is created, e.g. "Pulse scheduled." */
  doneMessage: string;
  mutation: { isPending: boolean; isError: boolean; isSuccess: boolean; error: unknown };
  /** The fields of this kind of survey, shown under the window and the audience. */
  children: ReactNode;
  canSubmit: boolean;
  onSubmit: (window: SurveyWindow) => void;
}

/**
 * The form that opens an anonymous survey: title, opening and closing days (two weeks from today by
 * default), who is asked (everyone when empty), then the survey's own fields, its error or success
 * message and the submit button.
 */
export function SurveyWindowForm({
  heading,
  defaultTitle,
  submitLabel,
  doneMessage,
  mutation,
  children,
  canSubmit,
  onSubmit,
}: SurveyWindowFormProps) {
  const teams = useTeams();
  const today = new Date();
  const [title, setTitle] = useState(defaultTitle);
  const [opens, setOpens] = useState(isoDay(today));
  const [closes, setCloses] = useState(isoDay(new Date(today.getTime() + 14 * 86_400_000)));
  const [audience, setAudience] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      title,
      opensAt: new Date(`${opens}T00:00:00`).toISOString(),
      closesAt: new Date(`${closes}T23:59:00`).toISOString(),
      audienceTeamIds: audience,
    });
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label={heading}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {heading}
        </Title>
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
        <Group grow>
          <TextInput
            type="date"
            label="Opens"
            value={opens}
            onChange={(e) => setOpens(e.currentTarget.value)}
            required
          />
          <TextInput
            type="date"
            label="Closes"
            value={closes}
            onChange={(e) => setCloses(e.currentTarget.value)}
            required
          />
        </Group>
        <MultiSelect
          label="Who is asked"
          description="Everyone when empty; a team includes the teams below it."
          placeholder={audience.length === 0 ? 'Everyone' : undefined}
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={audience}
          onChange={setAudience}
          searchable
          clearable
        />
        {children}
        {mutation.isError && (
          <Text c="red" size="sm">
            {errorMessage(mutation.error)}
          </Text>
        )}
        {mutation.isSuccess && (
          <Text c="green" size="sm" role="status">
            {doneMessage}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={mutation.isPending} disabled={!canSubmit}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
