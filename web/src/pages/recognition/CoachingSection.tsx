import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconTargetArrow } from '@tabler/icons-react';
import { useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate, formatDateTime } from '../../components/format';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { useCoverage } from './api';
import {
  type Goal,
  type OneOnOne,
  useAgendaSuggestions,
  useCheckIn,
  useCreateGoal,
  useGoals,
  useOneOnOnes,
  usePlanOneOnOne,
  useUpdateGoal,
  useUpdateOneOnOne,
} from './coaching-api';

/** A datetime-local value for tomorrow at 10:00, local time. */
function tomorrowAtTen(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setHours(10, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

function PlanOneOnOne({ employeeId, name }: { employeeId: string; name: string }) {
  const suggestions = useAgendaSuggestions(employeeId, true);
  const plan = usePlanOneOnOne();
  const [when, setWhen] = useState(tomorrowAtTen);
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs">
        Plan a 1:1 with {name}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const agenda = (suggestions.data ?? [])
            .filter((s) => picked.includes(s.source.id))
            .map((s) => ({ text: s.text, source: s.source, done: false }));
          plan.mutate(
            { employeeId, scheduledFor: new Date(when).toISOString(), agenda },
            {
              onSuccess: () => {
                setPicked([]);
                notifications.show({ message: `1:1 with ${name} planned.`, color: 'teal' });
              },
            },
          );
        }}
      >
        <Stack gap="sm">
          <TextInput
            type="datetime-local"
            label="When"
            value={when}
            onChange={(e) => setWhen(e.currentTarget.value)}
            required
          />
          {suggestions.isPending ? (
            <Text size="sm" c="dimmed">
              Looking for agenda suggestions…
            </Text>
          ) : (suggestions.data ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              No suggestions: no recent customer comments, open cases, feedback or goals for {name}.
            </Text>
          ) : (
            <Checkbox.Group
              label="Suggested agenda items"
              description="From the last 30 days of customer comments, open cases, feedback and active goals."
              value={picked}
              onChange={setPicked}
            >
              <Stack gap={6} mt="xs">
                {(suggestions.data ?? []).map((s) => (
                  <Checkbox
                    key={s.source.id}
                    value={s.source.id}
                    label={s.text}
                    description={`${s.reason} · ${formatDate(s.at)}`}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          {plan.isError && <Text c="red">{errorMessage(plan.error)}</Text>}
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={plan.isPending}
              leftSection={<IconCalendarEvent size={16} aria-hidden />}
            >
              Plan 1:1
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function OneOnOneCard({ meeting, myId }: { meeting: OneOnOne; myId: string | undefined }) {
  const update = useUpdateOneOnOne();
  const isManager = meeting.manager.id === myId;
  const isParticipant = isManager || meeting.employee.id === myId;
  const [item, setItem] = useState('');
  const [shared, setShared] = useState(meeting.sharedNotes);
  const [own, setOwn] = useState(meeting.privateNotes ?? '');
  const save = (patch: Parameters<typeof update.mutate>[0]) =>
    update.mutate(patch, { onSuccess: () => notifications.show({ message: 'Saved.', color: 'teal' }) });
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="article"
      aria-label={`1:1 on ${formatDateTime(meeting.scheduledFor)}`}
    >
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {formatDateTime(meeting.scheduledFor)} · {meeting.manager.name} and {meeting.employee.name}
        </Text>
        {meeting.heldAt ? (
          <Badge color="teal" variant="light">
            Held
          </Badge>
        ) : (
          <Badge variant="light">Planned</Badge>
        )}
      </Group>
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Agenda
        </Text>
        {meeting.agenda.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing on the agenda yet.
          </Text>
        )}
        {meeting.agenda.map((a) => (
          <Checkbox
            key={a.id}
            label={a.text}
            checked={a.done}
            disabled={!isParticipant}
            onChange={(e) =>
              save({
                id: meeting.id,
                agenda: meeting.agenda.map((x) =>
                  x.id === a.id ? { ...x, done: e.currentTarget.checked } : x,
                ),
              })
            }
          />
        ))}
        {isParticipant && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!item.trim()) return;
              save({
                id: meeting.id,
                agenda: [...meeting.agenda, { text: item.trim(), source: null, done: false }],
              });
              setItem('');
            }}
          >
            <Group gap="xs" align="flex-end">
              <TextInput
                label="Add to the agenda"
                value={item}
                onChange={(e) => setItem(e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              <Button type="submit" variant="default">
                Add
              </Button>
            </Group>
          </form>
        )}
        <Textarea
          label="Shared notes"
          description="Both of you see these."
          value={shared}
          onChange={(e) => setShared(e.currentTarget.value)}
          readOnly={!isParticipant}
          autosize
          minRows={2}
        />
        {isManager && (
          <Textarea
            label="My private notes"
            description="Only you ever see these."
            value={own}
            onChange={(e) => setOwn(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        )}
        {isParticipant && (
          <Group justify="flex-end" gap="xs">
            <Button
              variant="default"
              onClick={() =>
                save({ id: meeting.id, sharedNotes: shared, ...(isManager ? { privateNotes: own } : {}) })
              }
              loading={update.isPending}
            >
              Save notes
            </Button>
            {isManager && !meeting.heldAt && (
              <Button
                onClick={() => save({ id: meeting.id, held: true, sharedNotes: shared, privateNotes: own })}
              >
                Mark as held
              </Button>
            )}
          </Group>
        )}
        {update.isError && <Text c="red">{errorMessage(update.error)}</Text>}
      </Stack>
    </Paper>
  );
}

function GoalCard({ goal }: { goal: Goal }) {
  const checkIn = useCheckIn();
  const update = useUpdateGoal();
  const [progress, setProgress] = useState<number>(goal.progress);
  const [note, setNote] = useState('');
  const last = goal.checkIns.at(-1);
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={`Goal: ${goal.title}`}>
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{goal.title}</Text>
        <Badge
          color={goal.status === 'achieved' ? 'teal' : goal.status === 'dropped' ? 'gray' : 'blue'}
          variant="light"
        >
          {goal.status}
        </Badge>
      </Group>
      <Progress value={goal.progress} aria-label={`${goal.title}: ${goal.progress}% done`} mb={4} />
      <Text size="sm" c="dimmed">
        {goal.progress}% · set by {goal.createdBy.name}
        {goal.dueOn ? ` · due ${formatDate(goal.dueOn)}` : ''}
        {last ? ` · last check-in ${formatDate(last.createdAt)}${last.note ? `: “${last.note}”` : ''}` : ''}
      </Text>
      {goal.status === 'active' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            checkIn.mutate({ id: goal.id, progress, note: note.trim() }, { onSuccess: () => setNote('') });
          }}
        >
          <Group gap="xs" align="flex-end" mt="xs" wrap="wrap">
            <NumberInput
              label="Progress (%)"
              min={0}
              max={100}
              value={progress}
              onChange={(v) => setProgress(typeof v === 'number' ? v : Number(v) || 0)}
              w={120}
            />
            <TextInput
              label="Check-in note"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 180 }}
            />
            <Button type="submit" variant="default" loading={checkIn.isPending}>
              Check in
            </Button>
            <Button variant="subtle" onClick={() => update.mutate({ id: goal.id, status: 'achieved' })}>
              Achieved
            </Button>
          </Group>
        </form>
      )}
      {(checkIn.isError || update.isError) && (
        <Text c="red">{errorMessage(checkIn.error ?? update.error)}</Text>
      )}
    </Paper>
  );
}

function NewGoal({ employeeId }: { employeeId: string }) {
  const create = useCreateGoal();
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!title.trim()) return;
        create.mutate(
          { employeeId, title: title.trim(), dueOn: dueOn || null },
          { onSuccess: () => setTitle('') },
        );
      }}
    >
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="New goal"
          placeholder="e.g. Resolve billing questions on the first call"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 220 }}
        />
        <TextInput type="date" label="Due" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} />
        <Button
          type="submit"
          loading={create.isPending}
          leftSection={<IconTargetArrow size={16} aria-hidden />}
        >
          Set goal
        </Button>
      </Group>
      {create.isError && <Text c="red">{errorMessage(create.error)}</Text>}
    </form>
  );
}

/** 1:1s and coaching goals of one person: yourself, or one of your reports. */
export function CoachingSection() {
  const me = useMe();
  const myId = me.data?.employee.id;
  const isManager = Boolean(me.data && me.data.employee.role !== 'employee');
  const coverage = useCoverage();
  const [personId, setPersonId] = useState<string | null>(null);
  const reports = isManager ? (coverage.data?.rows ?? []).map((r) => r.employee) : [];
  const subjectId = personId ?? myId ?? '';
  const subject = reports.find((r) => r.id === subjectId);
  const oneOnOnes = useOneOnOnes(subjectId);
  const goals = useGoals(subjectId);
  if (!myId) return null;
  return (
    <section aria-labelledby="coaching-heading">
      <Title order={2} size="h3" mb={4} id="coaching-heading">
        1:1s and coaching goals
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Seen only by the two of you and the person’s managers.
      </Text>
      {reports.length > 0 && (
        <Select
          label="Person"
          data={[{ value: myId, label: 'Me' }, ...reports.map((r) => ({ value: r.id, label: r.name }))]}
          value={subjectId}
          onChange={(v) => setPersonId(v)}
          searchable
          allowDeselect={false}
          maw={360}
          mb="sm"
        />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          <Title order={3} size="h4">
            1:1s
          </Title>
          {subject && <PlanOneOnOne employeeId={subject.id} name={subject.name} />}
          {oneOnOnes.isPending ? (
            <TableSkeleton label="Loading 1:1s" rows={2} />
          ) : oneOnOnes.isError ? (
            <ErrorAlert
              error={oneOnOnes.error}
              title="Could not load 1:1s"
              onRetry={() => oneOnOnes.refetch()}
            />
          ) : oneOnOnes.data.length === 0 ? (
            <EmptyPanel
              icon={<IconCalendarEvent aria-hidden />}
              title="No 1:1s yet"
              description={
                subject ? 'Plan one above.' : 'Your manager plans 1:1s with you; they will show here.'
              }
            />
          ) : (
            oneOnOnes.data.map((m) => <OneOnOneCard key={`${m.id}:${m.updatedAt}`} meeting={m} myId={myId} />)
          )}
        </Stack>
        <Stack gap="sm">
          <Title order={3} size="h4">
            Goals
          </Title>
          <NewGoal employeeId={subjectId} />
          {goals.isPending ? (
            <TableSkeleton label="Loading goals" rows={2} />
          ) : goals.isError ? (
            <ErrorAlert error={goals.error} title="Could not load goals" onRetry={() => goals.refetch()} />
          ) : goals.data.length === 0 ? (
            <EmptyPanel
              icon={<IconTargetArrow aria-hidden />}
              title="No goals yet"
              description="A goal with check-ins turns feedback into progress."
            />
          ) : (
            goals.data.map((g) => <GoalCard key={`${g.id}:${g.checkIns.length}:${g.status}`} goal={g} />)
          )}
        </Stack>
      </SimpleGrid>
    </section>
  );
}
