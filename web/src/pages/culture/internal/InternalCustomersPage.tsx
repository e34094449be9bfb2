import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconBuildingCommunity, IconLock } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useMe } from '../../../api/auth';
import { useTeams } from '../../../api/people';
import { ChartFigure } from '../../../components/charts/ChartFigure';
import type { ChartOption } from '../../../components/charts/echarts';
import { EmptyPanel } from '../../../components/EmptyPanel';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../../components/QueryStatus';
import {
  AgreementQuestion,
  guardedHeatmapOption,
  RecommendQuestion,
  SurveyWindowForm,
  WaitingSurveys,
} from '../cultureParts';
import { ANONYMITY_MESSAGE } from '../pulseApi';
import {
  type Dimension,
  type InternalCell,
  type InternalMatrix,
  type InternalRating,
  type InternalRound,
  type OpenInternalRound,
  useAnswerInternalRound,
  useCloseInternalRound,
  useCreateInternalRound,
  useInternalMatrix,
  useInternalRounds,
  useOpenInternalRounds,
} from './internalApi';

type Draft = Partial<Record<'nps' | Dimension, string>> & { comment?: string };

function ProviderQuestions({
  round,
  provider,
  draft,
  onChange,
}: {
  round: OpenInternalRound;
  provider: { id: string; name: string };
  draft: Draft;
  onChange: (draft: Draft) => void;
}) {
  const fill = (text: string) => text.replaceAll('{team}', provider.name);
  return (
    <Fieldset legend={provider.name}>
      <Stack gap="sm">
        <RecommendQuestion
          label={fill(round.npsQuestion)}
          value={draft.nps ?? null}
          onChange={(nps) => onChange({ ...draft, nps })}
        />
        {round.items.map((item) => (
          <AgreementQuestion
            key={item.dimension}
            label={fill(item.text)}
            description={item.label}
            value={draft[item.dimension] ?? null}
            onChange={(value) => onChange({ ...draft, [item.dimension]: value })}
          />
        ))}
        <Textarea
          label={`Anything ${provider.name} should know? (optional, anonymous)`}
          value={draft.comment ?? ''}
          onChange={(e) => onChange({ ...draft, comment: e.currentTarget.value })}
          autosize
          minRows={2}
          maxLength={4000}
        />
      </Stack>
    </Fieldset>
  );
}

function RoundForm({ round, onAnswered }: { round: OpenInternalRound; onAnswered: () => void }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const answer = useAnswerInternalRound();
  const fields = ['nps', ...round.items.map((i) => i.dimension)] as const;
  const complete =
    chosen.length > 0 && chosen.every((id) => fields.every((f) => drafts[id]?.[f] !== undefined));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    const ratings: InternalRating[] = chosen.map((id) => {
      const d = drafts[id] ?? {};
      const comment = d.comment?.trim();
      return {
        providerTeamId: id,
        nps: Number(d.nps),
        reliability: Number(d.reliability),
        assurance: Number(d.assurance),
        tangibles: Number(d.tangibles),
        empathy: Number(d.empathy),
        responsiveness: Number(d.responsiveness),
        ...(comment ? { comment } : {}),
      };
    });
    answer.mutate({ roundId: round.id, ratings }, { onSuccess: onAnswered });
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label={round.title}>
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {round.title}
          </Title>
          <Text size="sm" c="dimmed">
            Open until {new Date(round.closesAt).toLocaleDateString()}
          </Text>
        </Group>
        <Alert icon={<IconLock aria-hidden />} variant="light" color="blue">
          Your ratings are stored without your name. Results are shown only for groups large enough that
          nobody can be singled out. Your own team is not on the list.
        </Alert>
        <Checkbox.Group
          label="Which teams' service do you use?"
          description="Rate only the teams you work with."
          value={chosen}
          onChange={setChosen}
        >
          <Group gap="md" mt="xs" wrap="wrap">
            {round.providers.map((p) => (
              <Checkbox key={p.id} value={p.id} label={p.name} />
            ))}
          </Group>
        </Checkbox.Group>
        {round.providers
          .filter((p) => chosen.includes(p.id))
          .map((p) => (
            <ProviderQuestions
              key={p.id}
              round={round}
              provider={p}
              draft={drafts[p.id] ?? {}}
              onChange={(draft) => setDrafts((current) => ({ ...current, [p.id]: draft }))}
            />
          ))}
        {answer.isError && <ErrorAlert error={answer.error} title="Your ratings were not sent" />}
        <Group>
          <Button type="submit" disabled={!complete} loading={answer.isPending}>
            Send my ratings
          </Button>
          {!complete && (
            <Text size="sm" c="dimmed">
              Choose at least one team and answer every question about it to send.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function MyRounds() {
  return (
    <WaitingSurveys
      query={useOpenInternalRounds()}
      loadingLabel="Loading your internal-service surveys"
      thanks="Thank you: your ratings are recorded anonymously."
      empty={{
        icon: <IconBuildingCommunity aria-hidden />,
        title: 'No internal-service survey waiting for you',
        description: 'When a round opens you will find the teams to rate here.',
      }}
      form={(r, onAnswered) => <RoundForm round={r} onAnswered={onAnswered} />}
    />
  );
}

/** What the matrix shows: internal NPS, or the mean of one SERVQUAL dimension. */
type Measure = 'nps' | Dimension;

const cellText = (cell: InternalCell | undefined, measure: Measure) =>
  cell?.status !== 'ok'
    ? ANONYMITY_MESSAGE
    : measure === 'nps'
      ? `NPS ${cell.nps} ± ${Math.round(cell.npsMarginOfError)} (n = ${cell.responses})`
      : `${cell.servqual[measure].toFixed(2)} (n = ${cell.responses})`;

/** Identical comments once each, with how many people wrote them (the list arrives sorted). */
function countSame(items: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const c of items) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts];
}

function matrixOption(data: InternalMatrix, measure: Measure, name: string): ChartOption {
  const points: [number, number, number | null][] = [];
  data.providers.forEach((p, x) => {
    [p.total, ...p.cells].forEach((cell, y) => {
      points.push([
        x,
        y,
        cell.status !== 'ok' ? null : measure === 'nps' ? cell.nps : cell.servqual[measure],
      ]);
    });
  });
  return guardedHeatmapOption({
    columns: data.providers.map((p) => p.name),
    rows: ['All raters', ...data.departments.map((d) => d.name)],
    points,
    name,
    range: measure === 'nps' ? [-100, 100] : [1, 5],
    format: measure === 'nps' ? String : (value) => value.toFixed(1),
  });
}

function Matrix({ rounds, manages }: { rounds: InternalRound[]; manages: boolean }) {
  const started = rounds.filter((r) => r.status !== 'scheduled');
  const [chosen, setChosen] = useState<string | null>(null);
  const roundId = chosen ?? started[0]?.id ?? null;
  const matrix = useInternalMatrix(roundId);
  const close = useCloseInternalRound();
  const [measure, setMeasure] = useState<Measure>('nps');
  if (started.length === 0)
    return (
      <EmptyPanel
        icon={<IconBuildingCommunity aria-hidden />}
        title="No results yet"
        description="The matrix appears here once an internal-service round has opened."
      />
    );
  const round = started.find((r) => r.id === roundId);
  const select = (
    <Group align="flex-end" gap="sm">
      <Select
        label="Round"
        data={started.map((r) => ({ value: r.id, label: `${r.title} (${r.opensAt.slice(0, 10)})` }))}
        value={roundId}
        onChange={setChosen}
        allowDeselect={false}
        w={420}
      />
      {manages && round?.status === 'open' && (
        <Button variant="default" loading={close.isPending} onClick={() => close.mutate(round.id)}>
          Close round
        </Button>
      )}
      {round?.status === 'open' && (
        <Text size="sm" c="dimmed">
          Open until {new Date(round.closesAt).toLocaleDateString()}: figures may still change.
        </Text>
      )}
    </Group>
  );
  if (matrix.isPending)
    return (
      <Stack>
        {select}
        <TableSkeleton label="Loading the matrix" />
      </Stack>
    );
  if (matrix.isError) return <ErrorAlert error={matrix.error} onRetry={() => matrix.refetch()} />;
  const data = matrix.data;
  if (data.providers.length === 0)
    return (
      <Stack>
        {select}
        <EmptyPanel
          icon={<IconBuildingCommunity aria-hidden />}
          title="No team of yours is rated in this round"
          description="Managers see how the teams they manage are rated."
        />
      </Stack>
    );
  const measureName =
    measure === 'nps'
      ? 'Internal NPS'
      : (data.dimensions.find((d) => d.dimension === measure)?.label ?? measure);
  const title = `${measureName} by rating department`;
  const summary = data.providers
    .map(
      (p) =>
        `${p.name}: all raters ${cellText(p.total, measure)}; ${data.departments
          .map((d, i) => `from ${d.name} ${cellText(p.cells[i], measure)}`)
          .join(', ')}`,
    )
    .join('. ');
  return (
    <Stack gap="md">
      {select}
      <ChartFigure
        title={title}
        summary={summary}
        option={matrixOption(data, measure, measureName)}
        actions={
          <Select
            aria-label="Measure"
            size="xs"
            data={[
              { value: 'nps', label: 'Internal NPS' },
              ...data.dimensions.map((d) => ({ value: d.dimension, label: d.label })),
            ]}
            value={measure}
            onChange={(v) => v && setMeasure(v as Measure)}
            allowDeselect={false}
            w={160}
          />
        }
        height={Math.max(240, (data.departments.length + 1) * 36 + 140)}
        note={
          <Text size="sm" c="dimmed">
            {measure === 'nps'
              ? 'Internal NPS (−100 to 100) with its 95 % margin of error.'
              : `Mean agreement (1–5) with the ${measureName.toLowerCase()} statement.`}{' '}
            Columns are the teams rated, rows the departments of the people who rated them. Groups with fewer
            than {data.minGroupSize} ratings — or whose figures would let someone work out a smaller group —
            are left blank.
          </Text>
        }
        table={
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label={title} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Rated by</Table.Th>
                  {data.providers.map((p) => (
                    <Table.Th scope="col" key={p.id}>
                      {p.name}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">All raters</Table.Th>
                  {data.providers.map((p) => (
                    <Table.Td key={p.id}>{cellText(p.total, measure)}</Table.Td>
                  ))}
                </Table.Tr>
                {data.departments.map((d, i) => (
                  <Table.Tr key={d.id}>
                    <Table.Th scope="row">{d.name}</Table.Th>
                    {data.providers.map((p) => (
                      <Table.Td key={p.id}>{cellText(p.cells[i], measure)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        }
      />
      <Paper withBorder radius="md" p="md" component="section" aria-label="SERVQUAL by provider">
        <Title order={3} size="h4" mb="sm">
          Service quality by provider
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Mean agreement on 1–5 over every rater of the team, one statement per SERVQUAL dimension.
        </Text>
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="SERVQUAL means by provider" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Provider</Table.Th>
                <Table.Th scope="col">Ratings</Table.Th>
                {data.dimensions.map((d) => (
                  <Table.Th scope="col" key={d.dimension}>
                    {d.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.providers.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Th scope="row">{p.name}</Table.Th>
                  {p.total.status === 'ok' ? (
                    <>
                      <Table.Td>{p.total.responses}</Table.Td>
                      {data.dimensions.map((d) => (
                        <Table.Td key={d.dimension}>
                          {p.total.status === 'ok' ? p.total.servqual[d.dimension].toFixed(2) : ''}
                        </Table.Td>
                      ))}
                    </>
                  ) : (
                    <Table.Td colSpan={data.dimensions.length + 1}>{ANONYMITY_MESSAGE}</Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder radius="md" p="md" component="section" aria-label="Comments by provider">
        <Title order={3} size="h4" mb="sm">
          Comments
        </Title>
        <Stack gap="sm">
          {data.providers.map((p) => (
            <Stack key={p.id} gap={4}>
              <Text fw={600}>{p.name}</Text>
              {p.comments.status !== 'ok' ? (
                <Text size="sm">
                  {ANONYMITY_MESSAGE}: comments are shown from {data.minCommentGroupSize} people who
                  commented.
                </Text>
              ) : p.comments.items.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No comments.
                </Text>
              ) : (
                countSame(p.comments.items).map(([c, n]) => (
                  <Text key={c} size="sm">
                    “{c}”{n > 1 && ` ×${n}`}
                  </Text>
                ))
              )}
            </Stack>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}

function CreateRound() {
  const teams = useTeams();
  const create = useCreateInternalRound();
  const [providers, setProviders] = useState<string[]>([]);
  return (
    <SurveyWindowForm
      heading="Open a round"
      defaultTitle="Internal service survey"
      submitLabel="Open round"
      doneMessage="Round opened."
      mutation={create}
      canSubmit={providers.length > 0}
      onSubmit={(window) =>
        create.mutate({ ...window, providerTeamIds: providers }, { onSuccess: () => setProviders([]) })
      }
    >
      <MultiSelect
        label="Teams to be rated"
        description="Nobody rates their own team."
        data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={providers}
        onChange={setProviders}
        searchable
        required
      />
    </SurveyWindowForm>
  );
}

export function InternalCustomersPage() {
  const me = useMe();
  const role = me.data?.employee.role;
  const seesResults = role === 'admin' || role === 'leader' || role === 'manager';
  const manages = role === 'admin' || role === 'leader';
  const rounds = useInternalRounds(seesResults);
  return (
    <Stack gap="xl">
      <PageHeader
        title="Internal customers"
        description="Teams rate the service they get from each other, as external customers would: internal NPS and the five SERVQUAL dimensions."
      />
      <Stack gap="sm" component="section" aria-label="Teams to rate">
        <Title order={2} size="h3">
          Teams to rate
        </Title>
        <MyRounds />
      </Stack>
      {seesResults && (
        <Stack gap="sm" component="section" aria-label="Results">
          <Title order={2} size="h3">
            Results
          </Title>
          {rounds.isPending ? (
            <TableSkeleton label="Loading rounds" />
          ) : rounds.isError ? (
            <ErrorAlert error={rounds.error} />
          ) : (
            <Matrix rounds={rounds.data.items} manages={manages} />
          )}
        </Stack>
      )}
      {manages && (
        <Stack gap="sm" component="section" aria-label="Run rounds">
          <Title order={2} size="h3">
            Run rounds
          </Title>
          <CreateRound />
        </Stack>
      )}
    </Stack>
  );
}
