import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Radio,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconTemperature } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMe } from '../../../api/auth';
import { errorMessage } from '../../../api/client';
import { ChartFigure } from '../../../components/charts/ChartFigure';
import type { ChartOption } from '../../../components/charts/echarts';
import { EmptyPanel } from '../../../components/EmptyPanel';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../../components/QueryStatus';
import { CONSTRUCT_LABELS } from '../pulseApi';
import {
  type Assessment,
  type ClimateEvidence,
  type ClimateQuestions,
  type EvidenceItem,
  useAssessment,
  useAssessments,
  useClimateEvidence,
  useClimateQuestions,
  usePerceptionGap,
  useStartAssessment,
  useUpdateAssessment,
} from './climateApi';

/** The twelve climate questions with evidence, the history of assessments and the perception gap. */
export function ClimatePage() {
  const me = useMe();
  const role = me.data?.employee.role;
  const isLeader = role === 'leader' || role === 'admin';
  const assessments = useAssessments();
  const myDraft = assessments.data?.find((a) => a.status === 'draft' && a.leader.id === me.data?.employee.id);
  const start = useStartAssessment();

  return (
    <>
      <PageHeader
        title="Climate self-assessment"
        description="Most people think they are doing OK. Rate the twelve climate questions, see the evidence from Serviceloop's own data beside each, and compare your view with your customers' and employees'."
        actions={
          isLeader &&
          !myDraft && (
            <Button onClick={() => start.mutate()} loading={start.isPending}>
              Start a new assessment
            </Button>
          )
        }
      />
      {start.isError && <ErrorAlert error={start.error} />}
      <Tabs defaultValue="questions" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="questions">Questions and evidence</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="gap">Perception gap</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="questions">
          <Questionnaire assessmentId={myDraft?.id ?? null} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <History />
        </Tabs.Panel>
        <Tabs.Panel value="gap">
          <GapChart />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

type Draft = Record<string, { rating: number | null; notes: string }>;

function Questionnaire({ assessmentId }: { assessmentId: string | null }) {
  const questions = useClimateQuestions();
  const evidence = useClimateEvidence();
  const assessment = useAssessment(assessmentId);
  if (questions.isPending || evidence.isPending || (assessmentId && assessment.isPending))
    return <TableSkeleton rows={6} label="Loading the questions" />;
  if (questions.isError) return <ErrorAlert error={questions.error} onRetry={() => questions.refetch()} />;
  if (evidence.isError) return <ErrorAlert error={evidence.error} onRetry={() => evidence.refetch()} />;
  return (
    <QuestionList questions={questions.data} evidence={evidence.data} assessment={assessment.data ?? null} />
  );
}

function QuestionList({
  questions,
  evidence,
  assessment,
}: {
  questions: ClimateQuestions;
  evidence: ClimateEvidence;
  assessment: Assessment | null;
}) {
  const [draft, setDraft] = useState<Draft>({});
  useEffect(() => {
    if (!assessment) return;
    setDraft(
      Object.fromEntries(
        assessment.answers.map((a) => [a.questionKey, { rating: a.rating, notes: a.notes ?? '' }]),
      ),
    );
  }, [assessment]);
  const update = useUpdateAssessment(assessment?.id ?? '');
  const editable = Boolean(assessment?.canEdit);
  const rated = questions.questions.filter((q) => draft[q.key]?.rating != null).length;
  const save = (status?: 'completed') =>
    update.mutate({
      answers: questions.questions.map((q) => ({
        questionKey: q.key,
        rating: draft[q.key]?.rating ?? null,
        notes: draft[q.key]?.notes || null,
      })),
      ...(status ? { status } : {}),
    });
  const evidenceOf = (key: string) => evidence.questions.find((q) => q.questionKey === key)?.evidence ?? [];
  return (
    <Stack gap="md">
      {editable ? (
        <Text size="sm" c="dimmed">
          Your assessment of {assessment?.assessedOn}: {rated} of {questions.questions.length} rated. Evidence
          covers {evidence.period.from} to {evidence.period.to}.
        </Text>
      ) : (
        <Alert variant="light" color="gray">
          The questions and the evidence from Serviceloop's data ({evidence.period.from} to{' '}
          {evidence.period.to}). Leaders start an assessment to rate them.
        </Alert>
      )}
      {questions.questions.map((q, index) => (
        <Paper key={q.key} withBorder radius="md" p="md" component="section" aria-labelledby={`q-${q.key}`}>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="xs">
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Title order={2} size="h5" id={`q-${q.key}`}>
                    {index + 1}. {q.text}
                  </Title>
                  <Badge variant="light" size="sm">
                    {CONSTRUCT_LABELS[q.construct]}
                  </Badge>
                </Group>
                {editable ? (
                  <>
                    <Radio.Group
                      label="Maturity"
                      value={draft[q.key]?.rating == null ? '' : String(draft[q.key]?.rating)}
                      onChange={(v) =>
                        setDraft((d) => ({
                          ...d,
                          [q.key]: { notes: d[q.key]?.notes ?? '', rating: Number(v) },
                        }))
                      }
                    >
                      <Stack gap={6} mt={4}>
                        {questions.levels.map((l) => (
                          <Radio
                            key={l.level}
                            value={String(l.level)}
                            label={`${l.level} ${l.name}`}
                            description={q.levels[l.level - 1]}
                          />
                        ))}
                      </Stack>
                    </Radio.Group>
                    <Textarea
                      label="Notes"
                      autosize
                      minRows={1}
                      maxLength={5000}
                      value={draft[q.key]?.notes ?? ''}
                      onChange={(e) => {
                        const notes = e.currentTarget.value;
                        setDraft((d) => ({ ...d, [q.key]: { rating: d[q.key]?.rating ?? null, notes } }));
                      }}
                    />
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    From “{q.levels[0]}” (1) to “{q.levels[4]}” (5).
                  </Text>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <EvidenceList items={evidenceOf(q.key)} />
            </Grid.Col>
          </Grid>
        </Paper>
      ))}
      {editable && (
        <Group justify="flex-end" pos="sticky" bottom={0} py="sm" bg="var(--mantine-color-body)">
          {update.isError && (
            <Text c="red" size="sm" role="alert">
              {errorMessage(update.error)}
            </Text>
          )}
          <Button variant="default" onClick={() => save()} loading={update.isPending}>
            Save draft
          </Button>
          <Button
            onClick={() => save('completed')}
            loading={update.isPending}
            disabled={rated < questions.questions.length}
          >
            Complete assessment
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function EvidenceList({ items }: { items: EvidenceItem[] }) {
  return (
    <Stack gap="xs" aria-label="Evidence from Serviceloop">
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        Evidence
      </Text>
      {items.map((e) => (
        <div key={e.key}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {e.label}
            </Text>
            {e.status === 'not_measured_yet' ? (
              <Badge color="gray" variant="outline" size="sm">
                Not measured yet
              </Badge>
            ) : e.value === null ? (
              <Badge color="gray" variant="light" size="sm">
                No data
              </Badge>
            ) : (
              <Badge variant="light" size="sm">
                {e.value} {e.unit}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {e.sentence}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function History() {
  const assessments = useAssessments();
  if (assessments.isPending) return <TableSkeleton label="Loading assessments" />;
  if (assessments.isError)
    return <ErrorAlert error={assessments.error} onRetry={() => assessments.refetch()} />;
  if (assessments.data.length === 0)
    return (
      <EmptyPanel
        icon={<IconTemperature aria-hidden />}
        title="No assessments yet"
        description="A leader starts one; repeat it every few months to see how the climate moves."
      />
    );
  const constructs = assessments.data[0]?.byConstruct.map((c) => c.construct) ?? [];
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Leader</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Mean (1–5)</Table.Th>
            {constructs.map((c) => (
              <Table.Th key={c}>{CONSTRUCT_LABELS[c]}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assessments.data.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.assessedOn}</Table.Td>
              <Table.Td>{a.leader.name}</Table.Td>
              <Table.Td>{a.status === 'completed' ? 'Completed' : `Draft (${a.answered}/12)`}</Table.Td>
              <Table.Td>{a.meanRating ?? '–'}</Table.Td>
              {a.byConstruct.map((c) => (
                <Table.Td key={c.construct}>{c.rating ?? '–'}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function GapChart() {
  const gap = usePerceptionGap();
  const option = useMemo<ChartOption | null>(() => {
    if (!gap.data) return null;
    const rows = gap.data.constructs;
    const series = (name: string, pick: (r: (typeof rows)[number]) => number | null) => ({
      type: 'bar' as const,
      name,
      data: rows.map((r) => pick(r)),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', min: 0, max: 100, name: '0–100' },
      series: [
        series('Leaders', (r) => r.leaders.score),
        series('Employees', (r) => r.employees.score),
        series('Customers', (r) => r.customers.score),
      ],
    };
  }, [gap.data]);
  if (gap.isPending) return <TableSkeleton label="Loading the perception gap" />;
  if (gap.isError) return <ErrorAlert error={gap.error} onRetry={() => gap.refetch()} />;
  const rows = gap.data.constructs;
  const cell = (c: { score: number | null; note: string }) => (
    <Table.Td title={c.note}>
      {c.score ?? (
        <Text span size="xs" c="dimmed">
          {c.note}
        </Text>
      )}
    </Table.Td>
  );
  const summary = rows
    .map(
      (r) =>
        `${r.label}: leaders ${r.leaders.score ?? 'none'}, employees ${r.employees.score ?? 'not available'}, customers ${r.customers.score ?? 'none'}`,
    )
    .join('; ');
  return (
    <Stack gap="md">
      {rows.every((r) => r.leaders.score === null) && (
        <Alert variant="light" color="gray">
          No completed leader assessment yet: the leaders' column fills in once one is completed.
        </Alert>
      )}
      {option && (
        <ChartFigure
          title="Leaders, employees and customers per construct"
          summary={summary}
          option={option}
          note={
            <Text size="sm" c="dimmed">
              All on 0–100: ratings and agreement (1–5) map 1→0 and 5→100; NPS (−100…100) is halved; CES is
              reversed. Employees' scores are the organisation's figures from the newest pulse that asked,
              only where the anonymity guard releases them. Period {gap.data.period.from} to{' '}
              {gap.data.period.to}.
            </Text>
          }
          table={
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Construct</Table.Th>
                    <Table.Th>Leaders</Table.Th>
                    <Table.Th>Employees</Table.Th>
                    <Table.Th>Customers</Table.Th>
                    <Table.Th>Gap</Table.Th>
                    <Table.Th>
                      <span className="sr-only">Act</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.construct}>
                      <Table.Td>{r.label}</Table.Td>
                      {cell(r.leaders)}
                      {cell(r.employees)}
                      {cell(r.customers)}
                      <Table.Td>{r.gap ?? '–'}</Table.Td>
                      <Table.Td>
                        <Button
                          component={Link}
                          to={`/culture/action-plans?construct=${r.construct}`}
                          size="xs"
                          variant="subtle"
                        >
                          Plan an action
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          }
        />
      )}
    </Stack>
  );
}
