import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useAllEmployees, useTeams } from '../../api/people';
import { formatDateTime } from '../../components/format';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  KIND_LABELS,
  type ModuleInput,
  type ModuleKind,
  type Quiz,
  type QuizQuestion,
  useAssign,
  useCreatePath,
  useCreateRule,
  useModule,
  useModules,
  usePaths,
  useRules,
  useRunRules,
  useSaveModule,
  useUpdateRule,
} from './api';

/** The catalogue editor, paths, assignment by hand and by rule (training:manage). */
export function ManageTraining() {
  return (
    <Stack gap="xl">
      <ModulesSection />
      <AssignSection />
      <RulesSection />
      <PathsSection />
    </Stack>
  );
}

function Section({
  title,
  action,
  children,
}: {
  title: string;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  const id = `manage-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function ModulesSection() {
  const modules = useModules(true);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  return (
    <Section
      title="Modules"
      action={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          New module
        </Button>
      }
    >
      {modules.isPending ? (
        <TableSkeleton label="Loading modules" />
      ) : modules.isError ? (
        <ErrorAlert error={modules.error} />
      ) : modules.data.length === 0 ? (
        <Text c="dimmed">No modules yet: add the first one.</Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-label="Modules in the catalogue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Time</Table.Th>
                <Table.Th>Quiz</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Edit</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {modules.data.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    {m.title} {!m.active && <Badge color="gray">Inactive</Badge>}
                  </Table.Td>
                  <Table.Td>{KIND_LABELS[m.kind]}</Table.Td>
                  <Table.Td>{m.estimatedMinutes} min</Table.Td>
                  <Table.Td>{m.hasQuiz ? 'Yes' : 'No'}</Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Edit ${m.title}`}
                      onClick={() => setEditing(m.id)}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New module' : 'Edit module'}
        size="xl"
      >
        {editing === 'new' && <ModuleEditor id={null} onDone={() => setEditing(null)} />}
        {editing && editing !== 'new' && <LoadedModuleEditor id={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Section>
  );
}

function LoadedModuleEditor({ id, onDone }: { id: string; onDone: () => void }) {
  const module = useModule(id);
  if (module.isPending) return <TableSkeleton rows={4} label="Loading the module" />;
  if (module.isError) return <ErrorAlert error={module.error} />;
  const m = module.data;
  return (
    <ModuleEditor
      id={id}
      onDone={onDone}
      initial={{
        title: m.title,
        kind: m.kind,
        summary: m.summary,
        body: m.body,
        links: m.links,
        videoUrl: m.videoUrl,
        quiz: m.editableQuiz,
        estimatedMinutes: m.estimatedMinutes,
        tags: m.tags,
        active: m.active,
      }}
    />
  );
}

const EMPTY: ModuleInput = {
  title: '',
  kind: 'competency',
  summary: '',
  body: '',
  links: [],
  videoUrl: null,
  quiz: null,
  estimatedMinutes: 10,
  tags: [],
  active: true,
};

/** Links are edited as lines of "label | https://…". */
const linksText = (links: ModuleInput['links']) => links.map((l) => `${l.label} | ${l.url}`).join('\n');
const parseLinks = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split('|').map((s) => s.trim()))
    .filter((parts) => parts.length >= 2 && parts[0] && parts[1])
    .map(([label = '', url = '']) => ({ label, url }));

function ModuleEditor({
  id,
  initial = EMPTY,
  onDone,
}: {
  id: string | null;
  initial?: ModuleInput;
  onDone: () => void;
}) {
  const [value, setValue] = useState<ModuleInput>(initial);
  const [links, setLinks] = useState(linksText(initial.links));
  const save = useSaveModule(id);
  const set = <K extends keyof ModuleInput>(key: K, v: ModuleInput[K]) =>
    setValue((x) => ({ ...x, [key]: v }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ ...value, links: parseLinks(links) }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Title"
          required
          value={value.title}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="module-kind-label">
              Kind
            </Text>
            <SegmentedControl
              aria-labelledby="module-kind-label"
              value={value.kind}
              onChange={(v) => set('kind', v as ModuleKind)}
              data={[
                { value: 'competency', label: 'Competency' },
                { value: 'commitment', label: 'Commitment' },
              ]}
            />
          </Stack>
          <NumberInput
            label="Estimated minutes"
            min={1}
            max={600}
            value={value.estimatedMinutes}
            onChange={(v) => set('estimatedMinutes', Number(v) || 1)}
          />
        </Group>
        <TextInput
          label="Summary"
          value={value.summary}
          onChange={(e) => set('summary', e.currentTarget.value)}
        />
        <Textarea
          label="Content"
          description="Plain text: a blank line starts a paragraph, “# ” a heading, “- ” a list item."
          autosize
          minRows={6}
          value={value.body}
          onChange={(e) => set('body', e.currentTarget.value)}
        />
        <TextInput
          label="Video"
          description="An https link. YouTube and Vimeo videos are embedded; others are shown as a link."
          value={value.videoUrl ?? ''}
          onChange={(e) => set('videoUrl', e.currentTarget.value.trim() || null)}
        />
        <Textarea
          label="Links"
          description="One per line: label | https://…"
          autosize
          minRows={2}
          value={links}
          onChange={(e) => setLinks(e.currentTarget.value)}
        />
        <TagsInput label="Tags" value={value.tags} onChange={(v) => set('tags', v)} />
        <QuizEditor quiz={value.quiz} onChange={(q) => set('quiz', q)} />
        <Switch
          label="Active (shown in the catalogue)"
          checked={value.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
        />
        {save.isError && <ErrorAlert error={save.error} title="Could not save the module" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save module
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function QuizEditor({ quiz, onChange }: { quiz: Quiz | null; onChange: (quiz: Quiz | null) => void }) {
  if (!quiz)
    return (
      <Group>
        <Button
          variant="light"
          onClick={() =>
            onChange({
              passMark: 0.8,
              questions: [{ id: 'q1', prompt: '', kind: 'single', options: ['', ''], correct: [0] }],
            })
          }
        >
          Add a quiz
        </Button>
      </Group>
    );
  const setQuestion = (index: number, q: QuizQuestion) =>
    onChange({ ...quiz, questions: quiz.questions.map((x, i) => (i === index ? q : x)) });
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>Quiz</Text>
          <Button size="xs" variant="subtle" color="red" onClick={() => onChange(null)}>
            Remove the quiz
          </Button>
        </Group>
        <NumberInput
          label="Pass mark (%)"
          min={0}
          max={100}
          value={Math.round(quiz.passMark * 100)}
          onChange={(v) => onChange({ ...quiz, passMark: Math.min(100, Math.max(0, Number(v) || 0)) / 100 })}
          maw={160}
        />
        {quiz.questions.map((q, index) => (
          <Paper key={q.id} withBorder p="sm" radius="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <TextInput
                  label={`Question ${index + 1}`}
                  value={q.prompt}
                  onChange={(e) => setQuestion(index, { ...q, prompt: e.currentTarget.value })}
                  style={{ flexGrow: 1 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove question ${index + 1}`}
                  disabled={quiz.questions.length === 1}
                  onClick={() =>
                    onChange({ ...quiz, questions: quiz.questions.filter((_, i) => i !== index) })
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <TagsInput
                label="Options"
                description="Type an option and press Enter"
                value={q.options.filter(Boolean)}
                onChange={(options) =>
                  setQuestion(index, { ...q, options, correct: q.correct.filter((c) => c < options.length) })
                }
              />
              <MultiSelect
                label="Right answers"
                data={q.options.filter(Boolean).map((o, i) => ({ value: String(i), label: o }))}
                value={q.correct.map(String)}
                onChange={(v) => {
                  const correct = v.map(Number).sort((a, b) => a - b);
                  setQuestion(index, { ...q, correct, kind: correct.length > 1 ? 'multiple' : 'single' });
                }}
              />
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() =>
              onChange({
                ...quiz,
                questions: [
                  ...quiz.questions,
                  { id: `q${Date.now().toString(36)}`, prompt: '', kind: 'single', options: [], correct: [] },
                ],
              })
            }
          >
            Add a question
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function AssignSection() {
  const modules = useModules();
  const paths = usePaths();
  const people = useAllEmployees();
  const teams = useTeams();
  const assign = useAssign();
  const [target, setTarget] = useState<string | null>(null);
  const [employeeIds, setEmployeeIds] = useState<string[]>([]);
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  const [dueDate, setDueDate] = useState('');
  const targets = [
    {
      group: 'Modules',
      items: (modules.data ?? []).map((m) => ({ value: `module:${m.id}`, label: m.title })),
    },
    { group: 'Paths', items: (paths.data ?? []).map((p) => ({ value: `path:${p.id}`, label: p.name })) },
  ];
  return (
    <Section title="Assign">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const [kind, id] = (target ?? '').split(':');
          if (!id) return;
          assign.mutate({
            ...(kind === 'path' ? { pathId: id } : { moduleId: id }),
            employeeIds,
            teamIds,
            roles,
            ...(dueDate ? { dueDate } : {}),
          });
        }}
      >
        <Stack gap="sm">
          <Select
            label="Module or path"
            data={targets}
            value={target}
            onChange={setTarget}
            searchable
            required
          />
          <Group grow align="flex-start" wrap="wrap">
            <MultiSelect
              label="People"
              data={(people.data ?? []).map((e) => ({ value: e.id, label: e.preferredName ?? e.name }))}
              value={employeeIds}
              onChange={setEmployeeIds}
              searchable
            />
            <MultiSelect
              label="Teams"
              data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
              value={teamIds}
              onChange={setTeamIds}
              searchable
            />
            <MultiSelect
              label="Roles"
              data={['employee', 'manager', 'leader', 'admin']}
              value={roles}
              onChange={setRoles}
            />
          </Group>
          <TextInput
            type="date"
            label="Due date (optional)"
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            maw={200}
          />
          {assign.isError && <ErrorAlert error={assign.error} title="Could not assign" />}
          {assign.isSuccess && (
            <Text role="status" c="green">
              Assigned {assign.data.assigned} module{assign.data.assigned === 1 ? '' : 's'} to{' '}
              {assign.data.people} {assign.data.people === 1 ? 'person' : 'people'}
              {assign.data.alreadyOpen ? ` (${assign.data.alreadyOpen} already open, skipped)` : ''}.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={assign.isPending} disabled={!target}>
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function RulesSection() {
  const rules = useRules();
  const update = useUpdateRule();
  const run = useRunRules();
  const [adding, setAdding] = useState(false);
  return (
    <Section
      title="Assignment rules"
      action={
        <Group gap="xs">
          <Button variant="default" onClick={() => run.mutate(undefined)} loading={run.isPending}>
            Run rules now
          </Button>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            New rule
          </Button>
        </Group>
      }
    >
      <Text size="sm" c="dimmed">
        Rules run every morning, and now when you ask. They never assign a module to someone who has it open,
        nor again within the rule's window.
      </Text>
      {run.isSuccess && (
        <Text role="status" c="green">
          {run.data.assigned} new assignment{run.data.assigned === 1 ? '' : 's'}, {run.data.reminded} reminder
          {run.data.reminded === 1 ? '' : 's'} sent.
        </Text>
      )}
      {run.isError && <ErrorAlert error={run.error} />}
      {rules.isPending ? (
        <TableSkeleton label="Loading rules" />
      ) : rules.isError ? (
        <ErrorAlert error={rules.error} />
      ) : rules.data.length === 0 ? (
        <Text c="dimmed">No rules yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Assignment rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Assigns</Table.Th>
                <Table.Th>Assigned so far</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th>Active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>
                    {r.kind === 'theme'
                      ? `At least ${r.minCount} negative comments on “${r.theme}”, ${Math.round(r.minShare * 100)} % of a team's, in ${r.windowDays} days`
                      : `Started within ${r.windowDays} days`}
                  </Table.Td>
                  <Table.Td>
                    {r.targetName} (due in {r.dueInDays} days)
                  </Table.Td>
                  <Table.Td>{r.assigned}</Table.Td>
                  <Table.Td>{r.lastRunAt ? formatDateTime(r.lastRunAt) : 'Not yet'}</Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`${r.name} active`}
                      checked={r.active}
                      onChange={(e) => update.mutate({ id: r.id, active: e.currentTarget.checked })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="New rule" size="lg">
        <RuleForm onDone={() => setAdding(false)} />
      </Modal>
    </Section>
  );
}

function RuleForm({ onDone }: { onDone: () => void }) {
  const modules = useModules();
  const paths = usePaths();
  const themes = useQuery({
    queryKey: ['text', 'themes'],
    queryFn: ({ signal }) =>
      api.get<{ items: { key: string; name: string }[] }>('/api/v1/text/themes', { signal }),
    select: (d) => d.items,
  });
  const create = useCreateRule();
  const [kind, setKind] = useState<'theme' | 'new_employee'>('theme');
  const [name, setName] = useState('');
  const [theme, setTheme] = useState<string | null>('communication');
  const [target, setTarget] = useState<string | null>(null);
  const [minShare, setMinShare] = useState(20);
  const [minCount, setMinCount] = useState(3);
  const [windowDays, setWindowDays] = useState(30);
  const [dueInDays, setDueInDays] = useState(14);
  const [targetKind, targetId] = (target ?? '').split(':');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          {
            kind,
            name,
            active: true,
            theme: kind === 'theme' ? theme : null,
            minShare: minShare / 100,
            minCount,
            windowDays,
            dueInDays,
            moduleId: targetKind === 'module' ? (targetId ?? null) : null,
            pathId: targetKind === 'path' ? (targetId ?? null) : null,
          },
          { onSuccess: onDone },
        );
      }}
    >
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Kind of rule"
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          data={[
            { value: 'theme', label: 'Comment theme' },
            { value: 'new_employee', label: 'New employees' },
          ]}
        />
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        {kind === 'theme' && (
          <>
            <Select
              label="Theme"
              data={(themes.data ?? []).map((t) => ({ value: t.key, label: t.name }))}
              value={theme}
              onChange={setTheme}
              searchable
              required
            />
            <Group grow>
              <NumberInput
                label="Negative share (%)"
                min={0}
                max={100}
                value={minShare}
                onChange={(v) => setMinShare(Number(v) || 0)}
              />
              <NumberInput
                label="At least (comments)"
                min={1}
                value={minCount}
                onChange={(v) => setMinCount(Number(v) || 1)}
              />
            </Group>
          </>
        )}
        <Group grow>
          <NumberInput
            label={kind === 'theme' ? 'Over the last (days)' : 'Started within (days)'}
            min={1}
            max={365}
            value={windowDays}
            onChange={(v) => setWindowDays(Number(v) || 1)}
          />
          <NumberInput
            label="Due in (days)"
            min={1}
            max={365}
            value={dueInDays}
            onChange={(v) => setDueInDays(Number(v) || 1)}
          />
        </Group>
        <Select
          label="Assigns"
          required
          value={target}
          onChange={setTarget}
          data={[
            {
              group: 'Modules',
              items: (modules.data ?? []).map((m) => ({ value: `module:${m.id}`, label: m.title })),
            },
            {
              group: 'Paths',
              items: (paths.data ?? []).map((p) => ({ value: `path:${p.id}`, label: p.name })),
            },
          ]}
        />
        {create.isError && <ErrorAlert error={create.error} title="Could not create the rule" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!target}>
            Create rule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PathsSection() {
  const paths = usePaths();
  const modules = useModules();
  const create = useCreatePath();
  const [name, setName] = useState('');
  const [moduleIds, setModuleIds] = useState<string[]>([]);
  return (
    <Section title="Paths">
      {paths.isPending ? (
        <TableSkeleton rows={2} label="Loading paths" />
      ) : paths.isError ? (
        <ErrorAlert error={paths.error} />
      ) : paths.data.length === 0 ? (
        <Text c="dimmed">No paths yet: a path is an ordered set of modules, such as onboarding.</Text>
      ) : (
        <Stack gap="xs">
          {paths.data.map((p) => (
            <div key={p.id}>
              <Text fw={600}>
                {p.name}{' '}
                <Text span c="dimmed" size="sm">
                  ({p.modules.length} modules, {p.totalMinutes} min)
                </Text>
              </Text>
              <Text size="sm" c="dimmed">
                {p.modules.map((m, i) => `${i + 1}. ${m.title}`).join(' · ')}
              </Text>
            </div>
          ))}
        </Stack>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            { name, description: '', moduleIds },
            {
              onSuccess: () => {
                setName('');
                setModuleIds([]);
              },
            },
          );
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="New path"
            placeholder="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <MultiSelect
            label="Modules, in order"
            data={(modules.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
            value={moduleIds}
            onChange={setModuleIds}
            searchable
            miw={260}
          />
          <Button type="submit" loading={create.isPending} disabled={!name || moduleIds.length === 0}>
            Add path
          </Button>
        </Group>
        {create.isError && <ErrorAlert error={create.error} title="Could not add the path" />}
      </form>
    </Section>
  );
}
