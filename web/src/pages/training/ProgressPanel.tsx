import {
  Alert,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useState } from 'react';
import { useTeams } from '../../api/people';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type Effect, type Progress as ProgressData, useModuleEffect, useModules, useProgress } from './api';

const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);

function Rate({ value, label }: { value: number | null; label: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={(value ?? 0) * 100} w={80} aria-label={label} />
      <Text size="sm">{percent(value)}</Text>
    </Group>
  );
}

function CountHeaders() {
  return (
    <>
      <Table.Th>Assigned</Table.Th>
      <Table.Th>Completed</Table.Th>
      <Table.Th>Overdue</Table.Th>
      <Table.Th>Completion</Table.Th>
      <Table.Th>Average quiz</Table.Th>
    </>
  );
}

function CountCells({
  counts: c,
  name,
}: {
  counts: ProgressData['teams'][number] | ProgressData['people'][number];
  name: string;
}) {
  return (
    <>
      <Table.Td>{c.assigned}</Table.Td>
      <Table.Td>{c.completed}</Table.Td>
      <Table.Td c={c.overdue ? 'red' : undefined}>{c.overdue}</Table.Td>
      <Table.Td>
        <Rate value={c.completionRate} label={`Completion of ${name}`} />
      </Table.Td>
      <Table.Td>{percent(c.averageScore)}</Table.Td>
    </>
  );
}

/** Completion per team and person, and a module's effect on a team's customer scores. */
export function ProgressPanel() {
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const progress = useProgress(teamId);
  const teamOptions = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <Stack gap="xl">
      <Select
        label="Team"
        placeholder="All teams you can see"
        data={teamOptions}
        value={teamId}
        onChange={setTeamId}
        clearable
        searchable
        maw={320}
      />
      {progress.isPending ? (
        <TableSkeleton label="Loading progress" />
      ) : progress.isError ? (
        <ErrorAlert error={progress.error} onRetry={() => progress.refetch()} />
      ) : progress.data.people.length === 0 ? (
        <EmptyPanel
          icon={<IconChartBar aria-hidden />}
          title="Nothing assigned yet"
          description="Once modules are assigned, by hand or by a rule, completion shows here per team and person."
        />
      ) : (
        <>
          <Stack gap="xs" component="section" aria-labelledby="teams-progress">
            <Title order={2} size="h4" id="teams-progress">
              Teams
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Completion per team">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Team</Table.Th>
                    <Table.Th>People</Table.Th>
                    <CountHeaders />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {progress.data.teams.map((t) => (
                    <Table.Tr key={t.teamId}>
                      <Table.Td>{t.name}</Table.Td>
                      <Table.Td>{t.people}</Table.Td>
                      <CountCells counts={t} name={t.name} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="people-progress">
            <Title order={2} size="h4" id="people-progress">
              People
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Completion per person">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Teams</Table.Th>
                    <CountHeaders />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {progress.data.people.map((p) => (
                    <Table.Tr key={p.employeeId}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{p.teams.join(', ') || '–'}</Table.Td>
                      <CountCells counts={p} name={p.name} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </>
      )}
      <EffectSection teamOptions={teamOptions} />
    </Stack>
  );
}

function EffectSection({ teamOptions }: { teamOptions: { value: string; label: string }[] }) {
  const modules = useModules();
  const [moduleId, setModuleId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [weeks, setWeeks] = useState(6);
  const effect = useModuleEffect(moduleId, teamId, weeks);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="effect-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="effect-title">
          Effect on customer scores
        </Title>
        <Text size="sm" c="dimmed">
          A team's NPS in the weeks before and after it completed a module (when half of those assigned had
          completed it). Before and after is not cause and effect; a change is called significant only when it
          is larger than chance.
        </Text>
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Module"
            data={(modules.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
            value={moduleId}
            onChange={setModuleId}
            searchable
            w={260}
          />
          <Select label="Team" data={teamOptions} value={teamId} onChange={setTeamId} searchable w={220} />
          <NumberInput
            label="Weeks before and after"
            value={weeks}
            onChange={(v) => setWeeks(Math.min(26, Math.max(1, Number(v) || 6)))}
            min={1}
            max={26}
            w={180}
          />
        </Group>
        {effect.isFetching && !effect.data && <TableSkeleton rows={2} label="Loading the effect" />}
        {effect.isError && <ErrorAlert error={effect.error} />}
        {effect.data && <EffectResult effect={effect.data} />}
      </Stack>
    </Paper>
  );
}

function EffectResult({ effect }: { effect: Effect }) {
  const est = (e: Effect['before']) =>
    !e
      ? '–'
      : e.estimate.status === 'no_responses'
        ? 'no responses'
        : e.estimate.status === 'too_few_responses'
          ? `too few responses (n ${e.estimate.n})`
          : `${e.estimate.value} ± ${e.estimate.marginOfError} (n ${e.estimate.n})`;
  return (
    <Stack gap="xs">
      {effect.note && (
        <Alert color="gray" variant="light">
          {effect.note}
        </Alert>
      )}
      {effect.before && effect.after && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Before ({effect.before.from} to {effect.before.to})
            </Text>
            <Text fw={600}>{est(effect.before)}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              After ({effect.after.from} to {effect.after.to})
            </Text>
            <Text fw={600}>{est(effect.after)}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Change
            </Text>
            <Text
              fw={600}
              c={effect.direction === 'better' ? 'green' : effect.direction === 'worse' ? 'red' : undefined}
            >
              {effect.change === null ? '–' : `${effect.change > 0 ? '+' : ''}${effect.change}`}{' '}
              {effect.significant ? '(significant)' : '(not significant)'}
            </Text>
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}
