import {
  Anchor,
  Badge,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconBook, IconClock, IconSchool } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type Assignment, KIND_LABELS, type ModuleKind, useModules, useMyTraining } from './api';
import { ManageTraining } from './ManageTraining';
import { ProgressPanel } from './ProgressPanel';
import { StatusBadge } from './StatusBadge';

type Tab = 'mine' | 'catalogue' | 'progress' | 'manage';

/** Training: my modules, the catalogue, and for managers and leaders progress and the catalogue editor. */
export function TrainingPage() {
  const me = useMe();
  const role = me.data?.employee.role;
  const canManage = role === 'admin' || role === 'leader';
  const canSeeProgress = canManage || role === 'manager';
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as Tab | null;
  const tab: Tab =
    asked === 'catalogue' || (asked === 'progress' && canSeeProgress) || (asked === 'manage' && canManage)
      ? asked
      : 'mine';
  return (
    <>
      <PageHeader
        title="Training"
        description="Modules for competency (skills, product knowledge) and for commitment (why we serve the way we do), with quizzes that check what stuck."
      />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'mine' ? { tab: value } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="mine">My training</Tabs.Tab>
          <Tabs.Tab value="catalogue">Catalogue</Tabs.Tab>
          {canSeeProgress && <Tabs.Tab value="progress">Progress</Tabs.Tab>}
          {canManage && <Tabs.Tab value="manage">Manage</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="mine">
          <MyTraining />
        </Tabs.Panel>
        <Tabs.Panel value="catalogue">
          <Catalogue />
        </Tabs.Panel>
        {canSeeProgress && (
          <Tabs.Panel value="progress">
            <ProgressPanel />
          </Tabs.Panel>
        )}
        {canManage && (
          <Tabs.Panel value="manage">
            <ManageTraining />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}

function MyTraining() {
  const mine = useMyTraining();
  if (mine.isPending) return <TableSkeleton label="Loading your training" />;
  if (mine.isError) return <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} />;
  const { due, done } = mine.data;
  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section" aria-labelledby="due-title">
        <Title order={2} size="h4" id="due-title">
          Training due
        </Title>
        {due.length === 0 ? (
          <EmptyPanel
            icon={<IconSchool aria-hidden />}
            title="Nothing due"
            description="When a module is assigned to you, it appears here. Browse the catalogue to learn something anyway."
          />
        ) : (
          <AssignmentTable rows={due} />
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="done-title">
        <Title order={2} size="h4" id="done-title">
          Done
        </Title>
        {done.length === 0 ? (
          <Text c="dimmed" size="sm">
            No completed modules yet.
          </Text>
        ) : (
          <AssignmentTable rows={done} />
        )}
      </Stack>
    </Stack>
  );
}

function AssignmentTable({ rows }: { rows: Assignment[] }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="sm" aria-label="Modules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Module</Table.Th>
            <Table.Th>Time</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Quiz</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor component={Link} to={`/training/modules/${a.moduleId}`}>
                  {a.moduleTitle}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {KIND_LABELS[a.moduleKind]}
                </Text>
              </Table.Td>
              <Table.Td>{a.estimatedMinutes} min</Table.Td>
              <Table.Td>
                {a.status === 'done' ? `Done ${formatDate(a.completedAt)}` : formatDate(a.dueDate) || '–'}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>{a.bestScore === null ? '–' : `${Math.round(a.bestScore * 100)} %`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Catalogue() {
  const modules = useModules();
  const [kind, setKind] = useState<'all' | ModuleKind>('all');
  if (modules.isPending) return <TableSkeleton label="Loading the catalogue" />;
  if (modules.isError) return <ErrorAlert error={modules.error} onRetry={() => modules.refetch()} />;
  const shown = modules.data.filter((m) => kind === 'all' || m.kind === kind);
  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label="Kind of module"
        value={kind}
        onChange={(v) => setKind(v as typeof kind)}
        data={[
          { value: 'all', label: 'All' },
          { value: 'competency', label: 'Competency' },
          { value: 'commitment', label: 'Commitment' },
        ]}
        w="fit-content"
      />
      {shown.length === 0 ? (
        <EmptyPanel
          icon={<IconBook aria-hidden />}
          title="No modules yet"
          description="Leaders add modules to the catalogue under Manage."
        />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {shown.map((m) => (
            <Card key={m.id} withBorder radius="md" padding="md">
              <Stack gap="xs" h="100%">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Anchor component={Link} to={`/training/modules/${m.id}`} fw={600}>
                    {m.title}
                  </Anchor>
                  <Badge variant="light" color={m.kind === 'competency' ? 'blue' : 'grape'}>
                    {KIND_LABELS[m.kind]}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
                  {m.summary}
                </Text>
                <Group gap="xs">
                  <Badge variant="default" leftSection={<IconClock size={12} aria-hidden />}>
                    {m.estimatedMinutes} min
                  </Badge>
                  {m.hasQuiz && <Badge variant="default">Quiz</Badge>}
                  {m.tags.map((t) => (
                    <Badge key={t} variant="outline" color="gray">
                      {t}
                    </Badge>
                  ))}
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
