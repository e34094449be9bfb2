import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload, IconHeartbeat, IconLock } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { ChartFigure } from '../../components/charts/ChartFigure';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  AgreementQuestion,
  guardedHeatmapOption,
  RecommendQuestion,
  SurveyWindowForm,
  WaitingSurveys,
} from './cultureParts';
import { LoyaltyLinkSection } from './LoyaltyLinkSection';
import { PulseTrend } from './PulseTrend';
import {
  ANONYMITY_MESSAGE,
  type Cell,
  CONSTRUCT_LABELS,
  CONSTRUCTS,
  type Construct,
  type OpenPulse,
  type Pulse,
  type Statement,
  useAnswerPulse,
  useComments,
  useCreatePulse,
  useHeatmap,
  useOpenPulses,
  usePulses,
  useSaveStatement,
  useStatements,
} from './pulseApi';

function AnswerForm({ pulse, onAnswered }: { pulse: OpenPulse; onAnswered: () => void }) {
  const [scores, setScores] = useState<Record<string, string>>({});
  const [enps, setEnps] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const answer = useAnswerPulse();
  const complete = pulse.statements.every((s) => scores[s.id]) && enps !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    answer.mutate(
      {
        pulseId: pulse.id,
        scores: pulse.statements.map((s) => ({ statementId: s.id, score: Number(scores[s.id]) })),
        enps: Number(enps),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      },
      { onSuccess: onAnswered },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label={pulse.title}>
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {pulse.title}
          </Title>
          <Text size="sm" c="dimmed">
            Open until {new Date(pulse.closesAt).toLocaleDateString()}
          </Text>
        </Group>
        <Alert icon={<IconLock aria-hidden />} variant="light" color="blue">
          Your answers are stored without your name. Results are shown only for groups large enough that
          nobody can be singled out.
        </Alert>
        {pulse.statements.map((s, index) => (
          <AgreementQuestion
            key={s.id}
            label={`${index + 1}. ${s.text}`}
            description={CONSTRUCT_LABELS[s.construct]}
            value={scores[s.id] ?? null}
            onChange={(value) => setScores((current) => ({ ...current, [s.id]: value }))}
          />
        ))}
        <RecommendQuestion label={pulse.enpsQuestion} value={enps} onChange={setEnps} />
        <Textarea
          label={pulse.commentPrompt}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={4000}
        />
        {answer.isError && <ErrorAlert error={answer.error} title="Your answers were not sent" />}
        <Group>
          <Button type="submit" disabled={!complete} loading={answer.isPending}>
            Send my answers
          </Button>
          {!complete && (
            <Text size="sm" c="dimmed">
              Answer every statement and the recommendation question to send.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function MyPulses() {
  return (
    <WaitingSurveys
      query={useOpenPulses()}
      loadingLabel="Loading your pulses"
      thanks="Thank you: your answers are recorded anonymously."
      empty={{
        icon: <IconHeartbeat aria-hidden />,
        title: 'No pulse waiting for you',
        description: 'When a culture pulse opens you will find it here and be reminded by email.',
      }}
      form={(p, onAnswered) => <AnswerForm pulse={p} onAnswered={onAnswered} />}
    />
  );
}

const figureText = (cell: Cell, c: Construct) => {
  if (cell.status !== 'ok') return ANONYMITY_MESSAGE;
  const f = cell.constructs[c];
  return f?.status !== 'ok'
    ? ANONYMITY_MESSAGE
    : `${f.mean.toFixed(2)} (${Math.round(f.favourable)} % favourable)`;
};

const ORGANISATION = 'organisation';

function Results({ pulses }: { pulses: Pulse[] }) {
  const started = pulses.filter((p) => p.status !== 'scheduled');
  const [chosen, setChosen] = useState<string | null>(null);
  // The group the trend and comments are for: the organisation, or one team.
  const [group, setGroup] = useState<string>(ORGANISATION);
  const teamId = group === ORGANISATION ? null : group;
  const pulseId = chosen ?? started[0]?.id ?? null;
  const heatmap = useHeatmap(pulseId);
  const comments = useComments(pulseId, teamId);
  if (started.length === 0)
    return (
      <EmptyPanel
        icon={<IconHeartbeat aria-hidden />}
        title="No results yet"
        description="Results appear here once a pulse has opened."
      />
    );
  const select = (
    <Select
      label="Pulse"
      data={started.map((p) => ({ value: p.id, label: `${p.title} (${p.opensAt.slice(0, 10)})` }))}
      value={pulseId}
      onChange={setChosen}
      allowDeselect={false}
      maw={420}
    />
  );
  if (heatmap.isPending)
    return (
      <Stack>
        {select}
        <TableSkeleton label="Loading results" />
      </Stack>
    );
  if (heatmap.isError) return <ErrorAlert error={heatmap.error} onRetry={() => heatmap.refetch()} />;
  const data = heatmap.data;
  const rows = [data.organisation, ...data.teams];
  const groupName = rows.find((r) => (r.teamId ?? ORGANISATION) === group)?.name ?? data.organisation.name;
  const points: [number, number, number | null][] = [];
  rows.forEach((row, y) => {
    data.constructs.forEach((c, x) => {
      const f = row.status === 'ok' ? row.constructs[c] : undefined;
      points.push([x, y, f && f.status === 'ok' ? f.mean : null]);
    });
  });
  const option = guardedHeatmapOption({
    columns: data.constructs.map((c) => CONSTRUCT_LABELS[c]),
    rows: rows.map((r) => r.name),
    points,
    name: 'Mean agreement',
    range: [1, 5],
    format: (value) => value.toFixed(1),
  });
  const suppressed = rows.filter((r) => r.status !== 'ok');
  const summary = rows
    .map(
      (r) =>
        `${r.name}: ${r.status === 'ok' ? data.constructs.map((c) => `${CONSTRUCT_LABELS[c]} ${figureText(r, c)}`).join(', ') : ANONYMITY_MESSAGE}`,
    )
    .join('; ');
  return (
    <Stack gap="md">
      {select}
      <ChartFigure
        title="Constructs by team"
        actions={
          <Button
            component="a"
            href={`/api/v1/culture/pulses/${data.pulseId}/export`}
            download="pulse-results.csv"
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} aria-hidden />}
          >
            CSV
          </Button>
        }
        summary={summary}
        option={option}
        height={Math.max(240, rows.length * 36 + 120)}
        note={
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Mean agreement on 1–5 (4–5 is favourable). Groups with fewer than {data.minGroupSize} responses
              — or whose figures would let someone work out a smaller group — are not shown.
            </Text>
            {suppressed.map((r) => (
              <Text size="sm" key={r.teamId ?? 'org'}>
                <strong>{r.name}</strong>: {ANONYMITY_MESSAGE}
              </Text>
            ))}
          </Stack>
        }
        table={
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Constructs by team" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Group</Table.Th>
                  <Table.Th scope="col">Responses</Table.Th>
                  <Table.Th scope="col">eNPS</Table.Th>
                  {data.constructs.map((c) => (
                    <Table.Th scope="col" key={c}>
                      {CONSTRUCT_LABELS[c]}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.teamId ?? 'org'}>
                    <Table.Th scope="row">{r.name}</Table.Th>
                    {r.status === 'ok' ? (
                      <>
                        <Table.Td>
                          {r.responses}
                          {r.responseRate !== null && ` (${Math.round(r.responseRate)} %)`}
                        </Table.Td>
                        <Table.Td>{r.enps}</Table.Td>
                        {data.constructs.map((c) => (
                          <Table.Td key={c}>{figureText(r, c)}</Table.Td>
                        ))}
                      </>
                    ) : (
                      <Table.Td colSpan={data.constructs.length + 2}>{ANONYMITY_MESSAGE}</Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        }
      />
      <Select
        label="Trend and comments for"
        data={[
          { value: ORGANISATION, label: data.organisation.name },
          ...data.teams.flatMap((t) => (t.teamId ? [{ value: t.teamId, label: t.name }] : [])),
        ]}
        value={group}
        onChange={(value) => setGroup(value ?? ORGANISATION)}
        allowDeselect={false}
        searchable
        maw={420}
      />
      <PulseTrend teamId={teamId} groupName={groupName} />
      <Paper withBorder radius="md" p="md" component="section" aria-label="Comments">
        <Title order={3} size="h4" mb="sm">
          Comments: {groupName}
        </Title>
        {comments.isPending ? (
          <TableSkeleton rows={2} label="Loading comments" />
        ) : comments.isError ? (
          <ErrorAlert error={comments.error} />
        ) : comments.data.status !== 'ok' ? (
          <Text size="sm">
            {ANONYMITY_MESSAGE}: comments are shown from {comments.data.minCommentGroupSize} people who
            commented.
          </Text>
        ) : (
          <Stack gap="xs">
            <Group gap="xs">
              {comments.data.themes.map((t) => (
                <Badge key={t.key} variant="light">
                  {t.label} · {t.count}
                </Badge>
              ))}
            </Group>
            {comments.data.comments.map((c) => (
              <Text key={c} size="sm">
                “{c}”
              </Text>
            ))}
          </Stack>
        )}
      </Paper>
      {pulseId && (
        <Stack gap="sm" component="section" aria-label="Link to loyalty">
          <Title order={3} size="h4">
            Link to loyalty
          </Title>
          <Text size="sm" c="dimmed">
            The service-profit chain: do teams with a stronger culture have more loyal customers?
          </Text>
          <LoyaltyLinkSection pulseId={pulseId} constructs={data.constructs} />
        </Stack>
      )}
    </Stack>
  );
}

function SchedulePulse() {
  const create = useCreatePulse();
  const [constructs, setConstructs] = useState<string[]>(CONSTRUCTS);
  const [recurrence, setRecurrence] = useState<Pulse['recurrence']>('monthly');
  return (
    <SurveyWindowForm
      heading="Schedule a pulse"
      defaultTitle="Monthly culture pulse"
      submitLabel="Schedule"
      doneMessage="Pulse scheduled."
      mutation={create}
      canSubmit={constructs.length > 0}
      onSubmit={(window) => create.mutate({ ...window, constructs: constructs as Construct[], recurrence })}
    >
      <Checkbox.Group label="Constructs" value={constructs} onChange={setConstructs}>
        <Group gap="sm" mt="xs">
          {CONSTRUCTS.map((c) => (
            <Checkbox key={c} value={c} label={CONSTRUCT_LABELS[c]} />
          ))}
        </Group>
      </Checkbox.Group>
      <Radio.Group
        label="Repeat"
        description="A subset rotates: the next pulse asks the next constructs."
        value={recurrence}
        onChange={(v) => setRecurrence(v as Pulse['recurrence'])}
      >
        <Group gap="md" mt="xs">
          <Radio value="none" label="Once" />
          <Radio value="monthly" label="Monthly" />
          <Radio value="quarterly" label="Quarterly" />
        </Group>
      </Radio.Group>
    </SurveyWindowForm>
  );
}

/**
 * One statement of the bank: asked or not, and reworded in place. Pulses keep the wording they were
 * asked with, so rewording changes future pulses only.
 */
function StatementRow({ statement: s }: { statement: Statement }) {
  const save = useSaveStatement();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <Table.Tr>
      <Table.Td>{CONSTRUCT_LABELS[s.construct]}</Table.Td>
      <Table.Td c={s.retired ? 'dimmed' : undefined}>
        {draft === null ? (
          s.text
        ) : (
          <TextInput
            aria-label={`New wording for “${s.text}”`}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            error={save.error ? errorMessage(save.error) : undefined}
            data-autofocus
          />
        )}
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={`Ask “${s.text}”`}
          checked={!s.retired}
          onChange={(e) => save.mutate({ id: s.id, retired: !e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        {draft === null ? (
          <Button size="compact-xs" variant="default" onClick={() => setDraft(s.text)}>
            Reword<span className="sr-only"> “{s.text}”</span>
          </Button>
        ) : (
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-xs"
              loading={save.isPending}
              disabled={draft.trim().length < 5 || draft.trim() === s.text}
              onClick={() =>
                save.mutate({ id: s.id, text: draft.trim() }, { onSuccess: () => setDraft(null) })
              }
            >
              Save
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setDraft(null)}>
              Cancel
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function StatementBank() {
  const bank = useStatements(true);
  const save = useSaveStatement();
  const [construct, setConstruct] = useState<Construct>('strategy');
  const [text, setText] = useState('');
  if (bank.isPending) return <TableSkeleton label="Loading the statement bank" />;
  if (bank.isError) return <ErrorAlert error={bank.error} />;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Statement bank">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Statement bank
        </Title>
        <Table.ScrollContainer minWidth={600}>
          <Table striped aria-label="Statements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Construct</Table.Th>
                <Table.Th scope="col">Statement</Table.Th>
                <Table.Th scope="col">In use</Table.Th>
                <Table.Th scope="col">Wording</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bank.data.items.map((s) => (
                <StatementRow key={s.id} statement={s} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group
          component="form"
          align="flex-end"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            save.mutate({ construct, text }, { onSuccess: () => setText('') });
          }}
        >
          <Select
            label="Construct"
            data={CONSTRUCTS.map((c) => ({ value: c, label: CONSTRUCT_LABELS[c] }))}
            value={construct}
            onChange={(v) => v && setConstruct(v as Construct)}
            allowDeselect={false}
          />
          <TextInput
            label="New statement"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" disabled={text.trim().length < 5} loading={save.isPending}>
            Add
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function PulsePage() {
  const me = useMe();
  const role = me.data?.employee.role;
  const seesResults = role === 'admin' || role === 'leader' || role === 'manager';
  const manages = role === 'admin' || role === 'leader';
  const pulses = usePulses(seesResults);
  return (
    <Stack gap="xl">
      <PageHeader
        title="Culture pulse"
        description="An anonymous pulse on the seven constructs of a customer-focused service culture."
      />
      <Stack gap="sm" component="section" aria-label="Your pulses">
        <Title order={2} size="h3">
          Your pulses
        </Title>
        <MyPulses />
      </Stack>
      {seesResults && (
        <Stack gap="sm" component="section" aria-label="Results">
          <Title order={2} size="h3">
            Results
          </Title>
          {pulses.isPending ? (
            <TableSkeleton label="Loading pulses" />
          ) : pulses.isError ? (
            <ErrorAlert error={pulses.error} />
          ) : (
            <Results pulses={pulses.data.items} />
          )}
        </Stack>
      )}
      {manages && (
        <Stack gap="sm" component="section" aria-label="Run pulses">
          <Title order={2} size="h3">
            Run pulses
          </Title>
          <SchedulePulse />
          <StatementBank />
        </Stack>
      )}
    </Stack>
  );
}
