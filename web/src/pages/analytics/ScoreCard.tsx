import { Badge, Divider, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight } from '@tabler/icons-react';
import type { AnalyticsFilters, DrillCategory, ScoreCardData, Target } from '../../api/analytics';
import { formatDate } from '../../components/format';
import { DrillButton } from './DrillDown';
import {
  formatChange,
  formatValue,
  intervalText,
  METRIC_HINTS,
  METRIC_LABELS,
  marginText,
  TARGET_STATUS,
} from './format';

const SLICES: Partial<Record<ScoreCardData['metric'], { category: DrillCategory; label: string }[]>> = {
  nps: [
    { category: 'promoter', label: 'Promoters' },
    { category: 'passive', label: 'Passives' },
    { category: 'detractor', label: 'Detractors' },
  ],
  csat: [
    { category: 'satisfied', label: 'Satisfied' },
    { category: 'unsatisfied', label: 'Not satisfied' },
  ],
};

/** A target's goal in words, e.g. "NPS ≥ +50.0 by Jun 30, 2027". */
export const targetGoal = (target: Target) =>
  `${METRIC_LABELS[target.metric]} ${target.comparator === '>=' ? '≥' : '≤'} ${formatValue(target.metric, target.value)} by ${formatDate(target.dueDate)}`;

/** On track, off track…: a word, in a colour with AA contrast (never colour alone). */
export function TargetStatusBadge({ status }: { status: Target['status'] }) {
  const { color, label } = TARGET_STATUS[status];
  return (
    <Badge color={color} variant="light" c={color === 'yellow' ? '#5c4200' : `${color}.9`}>
      {label}
    </Badge>
  );
}

export function TargetLine({ target }: { target: Target }) {
  const metric = target.metric;
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {target.name ?? 'Target'}: {targetGoal(target)}
        </Text>
        <TargetStatusBadge status={target.status} />
      </Group>
      {target.projection && (
        <Text size="xs" c="dimmed">
          Projected {formatValue(metric, target.projection.value)} (95 %{' '}
          {formatValue(metric, target.projection.low)} to {formatValue(metric, target.projection.high)}) on{' '}
          {formatDate(target.projection.at)}
        </Text>
      )}
    </Stack>
  );
}

/** One metric: value with its margin of error, n, change against the previous period, targets. */
export function ScoreCard({
  card,
  filters,
  minSample,
}: {
  card: ScoreCardData;
  filters: AnalyticsFilters;
  minSample: number;
}) {
  const { metric, current, change } = card;
  const label = METRIC_LABELS[metric];
  const scoredQuery = { ...filters, metric, category: 'scored' as const };
  const ChangeIcon =
    change.direction === 'better'
      ? IconArrowUpRight
      : change.direction === 'worse'
        ? IconArrowDownRight
        : IconArrowRight;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={`${label} score`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700}>{label}</Text>
          <Text size="xs" c="dimmed" ta="right">
            {METRIC_HINTS[metric]}
          </Text>
        </Group>
        {current.status === 'no_responses' ? (
          <Text fz={28} fw={700} c="dimmed">
            No responses
          </Text>
        ) : current.status === 'too_few_responses' ? (
          <Stack gap={0}>
            <Text fz={24} fw={700}>
              Too few responses
            </Text>
            <Text size="sm" c="dimmed">
              A score needs at least {minSample} answers.
            </Text>
          </Stack>
        ) : (
          <Group gap="xs" align="baseline" wrap="wrap">
            <Text fz={36} fw={700} lh={1.1} data-score-value>
              {formatValue(metric, current.value)}
            </Text>
            <Text c="dimmed">{marginText(current)}</Text>
          </Group>
        )}
        <Text size="sm">
          n ={' '}
          <DrillButton spec={{ title: `${label}, all scored answers`, query: scoredQuery, n: current.n }}>
            <span data-score-n>{current.n}</span>
          </DrillButton>
          {current.status === 'ok' && (
            <Text span c="dimmed" size="sm">
              {' '}
              · 95 % interval {intervalText(current)}
            </Text>
          )}
        </Text>
        {SLICES[metric] && current.n > 0 && (
          <Group gap="sm" wrap="wrap">
            {SLICES[metric]?.map((slice) => (
              <Text size="sm" key={slice.category}>
                <DrillButton
                  spec={{
                    title: `${label} ${slice.label.toLowerCase()}`,
                    query: { ...filters, metric, category: slice.category },
                  }}
                >
                  {slice.label}
                </DrillButton>
              </Text>
            ))}
          </Group>
        )}
        {change.change !== null && current.status === 'ok' && card.previous.status === 'ok' ? (
          <Group gap={6} wrap="nowrap">
            <ChangeIcon size={16} aria-hidden />
            <Text size="sm">
              {formatChange(metric, change.change)} vs the previous period —{' '}
              {change.significant ? (
                <Text span fw={700} size="sm">
                  significant ({change.direction})
                </Text>
              ) : (
                'not a significant change'
              )}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            No comparison:{' '}
            {card.previous.status === 'no_responses'
              ? 'no responses in the previous period'
              : card.previous.status === 'too_few_responses'
                ? 'too few responses in the previous period'
                : 'too few responses in this period'}
          </Text>
        )}
        {card.targets.length > 0 && (
          <>
            <Divider />
            {card.targets.map((target) => (
              <TargetLine key={target.id} target={target} />
            ))}
          </>
        )}
      </Stack>
    </Paper>
  );
}
