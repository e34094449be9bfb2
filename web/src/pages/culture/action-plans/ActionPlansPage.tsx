import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../../api/auth';
import { errorMessage } from '../../../api/client';
import { useAllEmployees, useTeams } from '../../../api/people';
import { EmptyPanel } from '../../../components/EmptyPanel';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../../components/QueryStatus';
import { ANONYMITY_MESSAGE, CONSTRUCT_LABELS, CONSTRUCTS, type Construct } from '../pulseApi';
import {
  type ActionPlan,
  type ActionSourceKind,
  type ActionStatus,
  type PlanMovement,
  SOURCE_LABELS,
  STATUS_COLOURS,
  STATUS_LABELS,
  useActionPlans,
  useAddProgress,
  useCreateActionPlan,
} from './actionPlansApi';

const STATUSES = Object.keys(STATUS_LABELS) as ActionStatus[];
const METRICS = [
  { value: 'nps', label: 'NPS' },
  { value: 'csat', label: 'CSAT' },
  { value: 'ces', label: 'CES' },
  { value: 'score', label: 'Custom score' },
];
const date = (iso: string) => new Date(iso).toLocaleDateString();

/** "You said, we did": the action plans a person may see, per team, each with its timeline. */
export function ActionPlansPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const role = me.data?.employee.role;
  const canPlan = role === 'admin' || role === 'leader' || role === 'manager';
  const [teamId, setTeamId] = useState<string | null>(null);
  const [status, setStatus] = useState<ActionStatus | null>(null);
  const plans = useActionPlans(teamId, status);
  const teams = useTeams();
  const construct = params.get('construct');
  const [creating, setCreating] = useState(Boolean(construct));
  const closeCreate = () => {
    setCreating(false);
    if (construct) setParams({}, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Action plans"
        description="You said, we did: what owners are doing about survey results, visible to the team it concerns."
        actions={
          canPlan && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              Plan an action
            </Button>
          )
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <Select
          label="Team"
          placeholder="All teams"
          clearable
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={teamId}
          onChange={setTeamId}
          w={220}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          value={status}
          onChange={(v) => setStatus(v as ActionStatus | null)}
          w={180}
        />
      </Group>
      {plans.isPending ? (
        <TableSkeleton label="Loading action plans" />
      ) : plans.isError ? (
        <ErrorAlert error={plans.error} onRetry={() => plans.refetch()} />
      ) : plans.data.items.length === 0 ? (
        <EmptyPanel
          icon={<IconChecklist aria-hidden />}
          title="No action plans yet"
          description={
            canPlan
              ? 'When a pulse, a comment theme or a customer score asks for it, plan an action so your team sees what is being done.'
              : 'When your manager plans an action in answer to a survey, it appears here.'
          }
        />
      ) : (
        <Stack gap="md">
          {plans.data.items.map((plan) => (
            <PlanCard key={plan.id} plan={plan} meId={me.data?.employee.id ?? null} />
          ))}
        </Stack>
      )}
      <CreatePlanModal
        opened={creating}
        onClose={closeCreate}
        initialConstruct={
          construct && (CONSTRUCTS as readonly string[]).includes(construct) ? (construct as Construct) : null
        }
      />
    </>
  );
}

function PlanCard({ plan, meId }: { plan: ActionPlan; meId: string | null }) {
  const canReport = plan.canEdit || plan.owner.id === meId;
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={`plan-${plan.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h4" id={`plan-${plan.id}`}>
              {plan.title}
            </Title>
            <Text size="sm" c="dimmed">
              {plan.team.name} · owner {plan.owner.name} · due {plan.dueDate} · answers{' '}
              {SOURCE_LABELS[plan.source.kind].toLowerCase()} “{plan.source.label}”
            </Text>
          </Stack>
          <Group gap="xs">
            {plan.overdue && <Badge color="red">Overdue</Badge>}
            <Badge color={STATUS_COLOURS[plan.status]}>{STATUS_LABELS[plan.status]}</Badge>
          </Group>
        </Group>
        {plan.description && <Text size="sm">{plan.description}</Text>}
        {plan.movement && <Movement movement={plan.movement} />}
        {plan.updates.length > 0 && (
          <Timeline active={plan.updates.length - 1} bulletSize={14} lineWidth={2} aria-label="Progress">
            {plan.updates.map((u) => (
              <Timeline.Item key={u.id} title={u.status ? `${STATUS_LABELS[u.status]}` : 'Progress'}>
                <Text size="sm">{u.body}</Text>
                <Text size="xs" c="dimmed">
                  {u.author?.name ?? 'Someone'} · {date(u.createdAt)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
        {canReport && plan.status !== 'done' && plan.status !== 'dropped' && <ProgressForm plan={plan} />}
      </Stack>
    </Paper>
  );
}

const MOVEMENT_COLOURS = { better: 'teal', worse: 'red', unchanged: 'gray' } as const;

/** "The next pulse shows whether the score moved", in a sentence and a badge. */
function Movement({ movement: m }: { movement: PlanMovement }) {
  const figure = (f: NonNullable<PlanMovement['before']>) =>
    `${f.mean.toFixed(2)} in “${f.title}” (n = ${f.responses})`;
  const sentence =
    m.status === 'no_baseline'
      ? 'No pulse before this plan asked about it, so there is nothing to compare with.'
      : m.status === 'awaiting_next_pulse'
        ? `Before: ${m.before ? figure(m.before) : ANONYMITY_MESSAGE.toLowerCase()}. The next pulse will show whether it moved.`
        : m.status === 'too_few_responses'
          ? `${ANONYMITY_MESSAGE} in ${m.before ? `“${m.after?.title ?? 'the next pulse'}”` : 'the pulse before the plan'}, so the change cannot be shown.`
          : `${m.before ? figure(m.before) : ''} → ${m.after ? figure(m.after) : ''}: ${
              m.significant
                ? `a real change (p = ${m.pValue?.toFixed(3)})`
                : `within what chance would explain (p = ${m.pValue?.toFixed(2)})`
            }.`;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" aria-label="Did the score move?">
      {m.status === 'measured' && (
        <Badge color={MOVEMENT_COLOURS[m.direction]} variant="light" style={{ flexShrink: 0 }}>
          {m.direction === 'unchanged'
            ? 'No clear change'
            : m.direction === 'better'
              ? 'Moved up'
              : 'Moved down'}
        </Badge>
      )}
      <Text size="sm" c="dimmed">
        Score: {sentence}
      </Text>
    </Group>
  );
}

function ProgressForm({ plan }: { plan: ActionPlan }) {
  const [body, setBody] = useState('');
  const [status, setStatus] = useState<ActionStatus | null>(null);
  const add = useAddProgress(plan.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { body, ...(status ? { status } : {}) },
      {
        onSuccess: () => {
          setBody('');
          setStatus(null);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Report progress on ${plan.title}`}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Progress"
          placeholder="What was done?"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          required
          style={{ flex: 1, minWidth: 220 }}
        />
        <Select
          label="Move to"
          placeholder="Keep status"
          clearable
          data={STATUSES.filter((s) => s !== plan.status).map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          value={status}
          onChange={(v) => setStatus(v as ActionStatus | null)}
          w={160}
        />
        <Button type="submit" loading={add.isPending} disabled={!body.trim()}>
          Add
        </Button>
      </Group>
      {add.isError && (
        <Text c="red" size="sm" role="alert">
          {errorMessage(add.error)}
        </Text>
      )}
    </form>
  );
}

function CreatePlanModal({
  opened,
  onClose,
  initialConstruct,
}: {
  opened: boolean;
  onClose: () => void;
  initialConstruct: Construct | null;
}) {
  const teams = useTeams();
  const people = useAllEmployees(opened);
  const me = useMe();
  const create = useCreateActionPlan();
  const [teamId, setTeamId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [kind, setKind] = useState<ActionSourceKind>('construct');
  const [key, setKey] = useState<string>(initialConstruct ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [dueDate, setDueDate] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!teamId) return;
    create.mutate(
      {
        teamId,
        ...(ownerId ? { ownerId } : {}),
        source: { kind, key },
        title,
        description: description || null,
        dueDate,
      },
      {
        onSuccess: () => {
          setTitle('');
          setDescription('');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Plan an action" size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Select
            label="Team"
            required
            data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={teamId}
            onChange={setTeamId}
            searchable
          />
          <Select
            label="Owner"
            description="Defaults to you"
            clearable
            searchable
            data={(people.data ?? []).map((p) => ({ value: p.id, label: p.preferredName ?? p.name }))}
            value={ownerId}
            onChange={setOwnerId}
            placeholder={me.data?.employee.name}
          />
          <Group grow align="flex-start">
            <Select
              label="In answer to"
              required
              data={(Object.keys(SOURCE_LABELS) as ActionSourceKind[]).map((k) => ({
                value: k,
                label: SOURCE_LABELS[k],
              }))}
              value={kind}
              onChange={(v) => {
                setKind((v as ActionSourceKind) ?? 'construct');
                setKey('');
              }}
              allowDeselect={false}
            />
            {kind === 'construct' ? (
              <Select
                label="Construct"
                required
                data={CONSTRUCTS.map((c) => ({ value: c, label: CONSTRUCT_LABELS[c] }))}
                value={key || null}
                onChange={(v) => setKey(v ?? '')}
              />
            ) : kind === 'metric' ? (
              <Select
                label="Metric"
                required
                data={METRICS}
                value={key || null}
                onChange={(v) => setKey(v ?? '')}
              />
            ) : (
              <TextInput
                label={kind === 'theme' ? 'Theme' : 'Statement'}
                required
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
                maxLength={200}
              />
            )}
          </Group>
          <TextInput
            label="Title"
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            label="What you will do"
            autosize
            minRows={2}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <TextInput
            label="Due date"
            type="date"
            required
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
          />
          {create.isError && (
            <Text c="red" size="sm" role="alert">
              {errorMessage(create.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!teamId || !key || !title || !dueDate}>
              Plan it
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
