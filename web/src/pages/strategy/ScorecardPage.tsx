import {
  Anchor,
  Badge,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { ROLE_LABELS } from '../../api/types';
import { ChartFigure } from '../../components/charts/ChartFigure';
import type { ChartOption } from '../../components/charts/echarts';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { estimateText, formatChange, METRIC_LABELS, periodLabel } from '../analytics/format';
import {
  type Acknowledgement,
  type CultureFigure,
  type Scorecard,
  type ScorecardAction,
  type ScorecardSummary,
  useScorecard,
  useScorecards,
} from './api';

const WINDOWS = ['3', '6', '12'];

/** The actions shown in the list, in the order the seeds ask for them. */
const LIST_ACTIONS: { key: ScorecardAction; label: string }[] = [
  { key: 'kudos_given', label: 'Kudos' },
  { key: 'feedback_given', label: 'Feedback' },
  { key: 'one_on_ones_held', label: '1:1s' },
  { key: 'cases_owned', label: 'Cases owned' },
  { key: 'cases_stepped_in', label: 'Cases unblocked' },
  { key: 'announcements', label: 'Announcements' },
  { key: 'action_plan_updates', label: 'Action updates' },
];

/** The actions drawn on the chart: one bar each per month (counts of a similar size). */
const CHART_ACTIONS: ScorecardAction[] = [
  'kudos_given',
  'feedback_given',
  'one_on_ones_held',
  'cases_stepped_in',
  'announcements',
  'action_plan_updates',
];

const percent = (a: Acknowledgement) => (a.rate === null ? '—' : `${Math.round(a.rate * 100)} %`);
const hours = (h: number | null) => (h === null ? '—' : h < 48 ? `${h} h` : `${Math.round(h / 24)} days`);

function LeaderList({
  items,
  selected,
  onSelect,
}: {
  items: ScorecardSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="leaders-heading">
      <Title order={2} size="h4" mb="sm" id="leaders-heading">
        Leaders and managers
      </Title>
      <Table.ScrollContainer minWidth={980}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={200}>Person</Table.Th>
              {LIST_ACTIONS.map((a) => (
                <Table.Th key={a.key} ta="right">
                  {a.label}
                </Table.Th>
              ))}
              <Table.Th ta="right">Feedback after (median)</Table.Th>
              <Table.Th ta="right">Teams acknowledged</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.person.id} aria-selected={item.person.id === selected}>
                <Table.Td>
                  <Anchor
                    component="button"
                    type="button"
                    fw={item.person.id === selected ? 700 : 500}
                    onClick={() => onSelect(item.person.id)}
                    aria-current={item.person.id === selected ? 'true' : undefined}
                  >
                    {item.person.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {ROLE_LABELS[item.person.role]}
                    {item.teams.length > 0 ? ` · ${item.teams.map((t) => t.name).join(', ')}` : ''}
                  </Text>
                </Table.Td>
                {LIST_ACTIONS.map((a) => (
                  <Table.Td key={a.key} ta="right">
                    {item.totals[a.key]}
                  </Table.Td>
                ))}
                <Table.Td ta="right">{hours(item.feedbackMedianHours)}</Table.Td>
                <Table.Td ta="right">{percent(item.acknowledgement)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Tile({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function ActionsChart({ card }: { card: Scorecard }) {
  const months = card.months.map((m) => periodLabel(m, 'month'));
  const shown = card.actions.filter((a) => CHART_ACTIONS.includes(a.key));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    series: shown.map((a) => ({ type: 'bar', name: a.label, data: a.byMonth })),
  };
  const busiest = [...shown].sort((a, b) => b.total - a.total)[0];
  const summary =
    busiest && busiest.total > 0
      ? `${card.person.name}'s visible actions per month, ${months[0]} to ${months.at(-1)}. Most frequent: ${busiest.label.toLowerCase()}, ${busiest.total} in all.`
      : `${card.person.name} has no recorded actions between ${months[0]} and ${months.at(-1)}.`;
  return (
    <ChartFigure
      title="Visible actions by month"
      summary={summary}
      option={option}
      height={300}
      table={
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Action</Table.Th>
                {months.map((m) => (
                  <Table.Th key={m} ta="right">
                    {m}
                  </Table.Th>
                ))}
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.actions.map((a) => (
                <Table.Tr key={a.key}>
                  <Table.Td>{a.label}</Table.Td>
                  {a.byMonth.map((n, i) => (
                    <Table.Td key={card.months[i]} ta="right">
                      {n}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={600}>
                    {a.total}
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td>Feedback after its evidence (median)</Table.Td>
                {card.immediacy.byMonth.map((m, i) => (
                  <Table.Td key={card.months[i]} ta="right">
                    {hours(m.medianHours)}
                  </Table.Td>
                ))}
                <Table.Td ta="right" fw={600}>
                  {hours(card.feedbackMedianHours)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>Teams acknowledged</Table.Td>
                {card.acknowledgementByMonth.map((a, i) => (
                  <Table.Td key={card.months[i]} ta="right">
                    {percent(a)}
                  </Table.Td>
                ))}
                <Table.Td ta="right" fw={600}>
                  {percent(card.acknowledgement)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      }
    />
  );
}

function cultureText(f: CultureFigure | null) {
  if (!f) return 'No released pulse result';
  return `${f.meanAgreement === null ? '—' : f.meanAgreement.toFixed(2)} of 5 · eNPS ${f.enps > 0 ? '+' : ''}${Math.round(f.enps)} (${f.responses} answers, ${f.title})`;
}

function TeamOutcomes({ card }: { card: Scorecard }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="outcomes-heading">
      <Title order={2} size="h4" id="outcomes-heading">
        Their teams' customers and culture
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Customer scores over the same months against the months before; culture from the newest pulse whose
        results the anonymity guard released for the team.
      </Text>
      {card.teamOutcomes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {card.person.name} manages no team, so there are no team scores to link.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th>Customers</Table.Th>
                <Table.Th>Culture pulse</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.teamOutcomes.map((t) => (
                <Table.Tr key={t.team.id}>
                  <Table.Td fw={600}>{t.team.name}</Table.Td>
                  <Table.Td>
                    {t.customer.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No customer responses
                      </Text>
                    ) : (
                      t.customer.map((c) => (
                        <Text size="sm" key={c.current.metric}>
                          {METRIC_LABELS[c.current.metric]} {estimateText(c.current)}{' '}
                          {c.change.change !== null && (
                            <Badge
                              size="sm"
                              variant="light"
                              color={
                                !c.change.significant
                                  ? 'gray'
                                  : c.change.direction === 'better'
                                    ? 'teal'
                                    : 'red'
                              }
                            >
                              {formatChange(c.current.metric, c.change.change)}{' '}
                              {c.change.significant ? 'significant' : 'not significant'}
                            </Badge>
                          )}
                        </Text>
                      ))
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{cultureText(t.culture.current)}</Text>
                    {t.culture.previous && (
                      <Text size="xs" c="dimmed">
                        Before: {cultureText(t.culture.previous)}
                      </Text>
                    )}
                    {t.culture.withheld > 0 && (
                      <Text size="xs" c="dimmed">
                        {t.culture.withheld} newer pulse{t.culture.withheld === 1 ? '' : 's'} withheld: too
                        few answers to protect anonymity.
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function Card({ id, months }: { id: string; months: number }) {
  const card = useScorecard(id, months);
  if (card.isPending) return <TableSkeleton rows={6} label="Loading the scorecard" />;
  if (card.error) return <ErrorAlert error={card.error} onRetry={() => card.refetch()} />;
  const c = card.data;
  const total = (key: ScorecardAction) => c.totals[key];
  return (
    <Stack gap="md" component="article" aria-labelledby="card-heading">
      <div>
        <Title order={2} size="h3" id="card-heading">
          {c.person.name}
        </Title>
        <Text size="sm" c="dimmed">
          {ROLE_LABELS[c.person.role]} · {formatDate(c.period.from)} to {formatDate(c.period.to)}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Tile
          label="Kudos given"
          value={total('kudos_given')}
          hint={`${total('effort_kudos_given')} for effort`}
        />
        <Tile
          label="Feedback given"
          value={total('feedback_given')}
          hint={`median ${hours(c.feedbackMedianHours)} after the event`}
        />
        <Tile label="1:1s held" value={total('one_on_ones_held')} />
        <Tile
          label="Cases"
          value={total('cases_owned')}
          hint={`owned · ${total('cases_stepped_in')} colleagues' unblocked`}
        />
        <Tile
          label="Actions on pulses"
          value={total('action_plans')}
          hint={`plans · ${total('action_plan_updates')} updates`}
        />
        <Tile
          label="Teams acknowledged"
          value={percent(c.acknowledgement)}
          hint={`${c.acknowledgement.acknowledged} of ${c.acknowledgement.asked} asked`}
        />
      </SimpleGrid>
      <ActionsChart card={c} />
      <TeamOutcomes card={c} />
    </Stack>
  );
}

/**
 * The leadership scorecard: leaders' visible actions ("commander-in-chief": leaders who live the
 * priority), month by month, beside their teams' customer and culture scores.
 */
export function ScorecardPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const months = Number(WINDOWS.includes(params.get('months') ?? '') ? params.get('months') : '6');
  const list = useScorecards(months);
  const myId = me.data?.employee.id ?? null;
  const items = list.data?.items ?? [];
  const requested = params.get('person');
  const selected =
    requested ?? (items.some((i) => i.person.id === myId) ? myId : (items[0]?.person.id ?? myId));
  const update = (changes: Record<string, string>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) next.set(key, value);
      return next;
    });

  return (
    <Stack gap="lg">
      <PageHeader
        title="Leadership scorecard"
        description="The visible actions that show a leader lives the customer priority: recognition and feedback given (and how soon), 1:1s, cases owned and unblocked, announcements, actions on pulse results, and whether their teams acknowledged the strategy."
        actions={
          <SegmentedControl
            aria-label="Months shown"
            value={String(months)}
            onChange={(value) => update({ months: value })}
            data={WINDOWS.map((w) => ({ value: w, label: `${w} months` }))}
          />
        }
      />
      {list.isPending ? (
        <TableSkeleton label="Loading leaders" />
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : items.length > 0 ? (
        <LeaderList items={items} selected={selected} onSelect={(id) => update({ person: id })} />
      ) : (
        <EmptyPanel
          icon={<IconTrophy size={24} aria-hidden />}
          title="No scorecards to show you"
          description="Scorecards are for leaders and managers. You see your own card below; leaders see their reports' cards."
        />
      )}
      {selected && <Card id={selected} months={months} />}
      <Group>
        <Text size="xs" c="dimmed">
          Counts come from what happened in Serviceloop. Who sees a card: its leader, the people who manage
          them, and admins.
        </Text>
      </Group>
    </Stack>
  );
}
