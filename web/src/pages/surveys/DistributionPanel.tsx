import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Slider,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconRoute, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { errorMessage, validationIssues } from '../../api/client';
import {
  type DistributionRuleInput,
  useCreateDistributionRule,
  useDeleteDistributionRule,
  useDistributionRules,
  useUpdateDistributionRule,
} from '../../api/distribution';
import { useTeams } from '../../api/people';
import {
  CHANNEL_LABELS,
  type DistributionRule,
  INTERACTION_CHANNELS,
  type InteractionChannel,
  type Survey,
} from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { DELAY_UNIT_MINUTES, type DelayUnit, ruleSummary, splitDelay } from './ruleSummary';

interface RuleFormState {
  name: string;
  channels: InteractionChannel[];
  teamIds: string[];
  delayValue: number | string;
  delayUnit: DelayUnit;
  samplingPercent: number;
  fatigueDays: number | string;
  reminderOn: boolean;
  reminderDays: number | string;
  active: boolean;
}

function initialState(rule: DistributionRule | null): RuleFormState {
  const delay = splitDelay(rule?.delayMinutes ?? 60);
  return {
    name: rule?.name ?? '',
    channels: rule?.channels ?? [],
    teamIds: rule?.teamIds ?? [],
    delayValue: delay.value,
    delayUnit: delay.unit,
    samplingPercent: rule?.samplingPercent ?? 100,
    fatigueDays: rule?.fatigueDays ?? 30,
    reminderOn: rule ? rule.reminderDays !== null : false,
    reminderDays: rule?.reminderDays ?? 3,
    active: rule?.active ?? true,
  };
}

const whole = (value: number | string, fallback: number) => {
  const n = typeof value === 'number' ? value : Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.round(n) : fallback;
};

function toInput(surveyId: string, state: RuleFormState): DistributionRuleInput {
  return {
    surveyId,
    name: state.name.trim(),
    channels: state.channels,
    teamIds: state.teamIds,
    delayMinutes: whole(state.delayValue, 0) * DELAY_UNIT_MINUTES[state.delayUnit],
    samplingPercent: state.samplingPercent,
    fatigueDays: whole(state.fatigueDays, 0),
    reminderDays: state.reminderOn ? whole(state.reminderDays, 1) : null,
    active: state.active,
  };
}

function RuleForm({
  surveyId,
  rule,
  teamNames,
  onDone,
}: {
  surveyId: string;
  rule: DistributionRule | null;
  teamNames: Map<string, string>;
  onDone: () => void;
}) {
  const teams = useTeams();
  const create = useCreateDistributionRule();
  const update = useUpdateDistributionRule();
  const mutation = rule ? update : create;
  const [state, setState] = useState<RuleFormState>(() => initialState(rule));
  const [nameError, setNameError] = useState<string | undefined>();
  const issues = validationIssues(mutation.error);
  const set = <K extends keyof RuleFormState>(key: K, value: RuleFormState[K]) =>
    setState((current) => ({ ...current, [key]: value }));
  const input = toInput(surveyId, state);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!input.name) {
      setNameError('Name the rule, e.g. “After phone calls”.');
      return;
    }
    const options = {
      onSuccess: () => {
        notifications.show({ message: rule ? 'Rule saved.' : 'Rule added.', color: 'teal' });
        onDone();
      },
    };
    if (rule) update.mutate({ id: rule.id, ...input }, options);
    else create.mutate(input, options);
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {mutation.isError && issues.size === 0 && (
          <ErrorAlert error={mutation.error} title="The rule could not be saved" />
        )}
        <TextInput
          label="Name"
          required
          value={state.name}
          onChange={(event) => {
            set('name', event.currentTarget.value);
            setNameError(undefined);
          }}
          error={nameError ?? issues.get('name')}
          data-autofocus
        />
        <Checkbox.Group
          label="Channels"
          description="Interactions on these channels trigger the rule. None ticked: all channels."
          value={state.channels}
          onChange={(value) => set('channels', value as InteractionChannel[])}
          error={issues.get('channels')}
        >
          <Group gap="md" mt="xs">
            {INTERACTION_CHANNELS.map((channel) => (
              <Checkbox key={channel} value={channel} label={CHANNEL_LABELS[channel]} />
            ))}
          </Group>
        </Checkbox.Group>
        <MultiSelect
          label="Teams"
          description="Only interactions of these teams. None chosen: all teams."
          placeholder={state.teamIds.length === 0 ? 'All teams' : undefined}
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          value={state.teamIds}
          onChange={(value) => set('teamIds', value)}
          searchable
          clearable
          nothingFoundMessage="No team matches"
          error={issues.get('teamIds') ?? (teams.isError ? 'Could not load teams' : undefined)}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} verticalSpacing="md">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NumberInput
              label="Delay after the interaction"
              min={0}
              allowDecimal={false}
              value={state.delayValue}
              onChange={(value) => set('delayValue', value)}
              error={issues.get('delayMinutes')}
              style={{ flex: 1 }}
            />
            <NativeSelect
              aria-label="Delay unit"
              data={[
                { value: 'minutes', label: 'minutes' },
                { value: 'hours', label: 'hours' },
                { value: 'days', label: 'days' },
              ]}
              value={state.delayUnit}
              onChange={(event) => set('delayUnit', event.currentTarget.value as DelayUnit)}
              mb={issues.get('delayMinutes') ? 22 : 0}
            />
          </Group>
          <NumberInput
            label="Fatigue (days)"
            description="Never ask one customer more often than this. 0: no limit."
            min={0}
            max={3650}
            allowDecimal={false}
            value={state.fatigueDays}
            onChange={(value) => set('fatigueDays', value)}
            error={issues.get('fatigueDays')}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Group gap="md" align="flex-end" wrap="nowrap">
            <NumberInput
              label="Sampling (%)"
              description="Share of matching interactions that are surveyed"
              min={0}
              max={100}
              allowDecimal={false}
              clampBehavior="strict"
              value={state.samplingPercent}
              onChange={(value) => set('samplingPercent', Math.min(100, Math.max(0, whole(value, 0))))}
              error={issues.get('samplingPercent')}
              w={200}
            />
            <Slider
              aria-label="Sampling percentage"
              min={0}
              max={100}
              step={5}
              value={state.samplingPercent}
              onChange={(value) => set('samplingPercent', value)}
              label={(value) => `${value} %`}
              style={{ flex: 1 }}
              mb={12}
            />
          </Group>
        </Stack>
        <Group gap="md" align="flex-end">
          <Switch
            label="Send one reminder"
            description="If the invitation is still unanswered"
            checked={state.reminderOn}
            onChange={(event) => set('reminderOn', event.currentTarget.checked)}
          />
          {state.reminderOn && (
            <NumberInput
              label="Reminder after (days)"
              min={1}
              max={365}
              allowDecimal={false}
              value={state.reminderDays}
              onChange={(value) => set('reminderDays', value)}
              error={issues.get('reminderDays')}
              w={200}
            />
          )}
        </Group>
        <Switch
          label="Active"
          description="A paused rule sends nothing."
          checked={state.active}
          onChange={(event) => set('active', event.currentTarget.checked)}
        />
        <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-gray-0)">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            In plain words
          </Text>
          <Text size="sm">{ruleSummary(input, teamNames)}</Text>
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {rule ? 'Save rule' : 'Add rule'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteRuleButton({ rule }: { rule: DistributionRule }) {
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useDeleteDistributionRule();
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        leftSection={<IconTrash size={14} aria-hidden />}
        onClick={open}
        aria-label={`Delete ${rule.name}`}
      >
        Delete
      </Button>
      <Modal opened={opened} onClose={close} title={`Delete “${rule.name}”?`}>
        <Stack>
          <Text size="sm">
            No new invitations will be planned by this rule. Invitations already scheduled are still sent. To
            stop it for a while instead, switch it off.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(rule.id, {
                  onSuccess: () => {
                    close();
                    notifications.show({ message: `“${rule.name}” was deleted.`, color: 'teal' });
                  },
                  onError: (error) =>
                    notifications.show({ title: 'Not deleted', message: errorMessage(error), color: 'red' }),
                })
              }
            >
              Delete rule
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function DistributionPanel({ survey }: { survey: Survey }) {
  const rules = useDistributionRules(survey.id);
  const teams = useTeams();
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const [editing, setEditing] = useState<DistributionRule | 'new' | null>(null);
  const close = () => setEditing(null);

  return (
    <Stack gap="lg" maw={820}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} maw={600}>
          <Title order={2} size="h4">
            Distribution rules
          </Title>
          <Text size="sm" c="dimmed">
            Rules email this survey after interactions from your helpdesk, CRM, imports or the API. Each
            interaction gets at most one invitation: the first active rule that matches it, in the order the
            rules were added. Only customers with an email address and email consent are asked.
          </Text>
        </Stack>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          Add rule
        </Button>
      </Group>
      {survey.status !== 'active' && (
        <Alert color="orange" variant="light">
          This survey is {survey.status === 'draft' ? 'a draft' : 'archived'}: its rules send nothing until it
          is active.
        </Alert>
      )}
      {rules.isPending ? (
        <TableSkeleton rows={2} label="Loading rules" />
      ) : rules.isError ? (
        <ErrorAlert error={rules.error} title="Could not load the rules" onRetry={() => rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyPanel
          icon={<IconRoute aria-hidden />}
          title="No rules yet"
          description="Add a rule to email this survey automatically, for example one hour after every phone call."
        />
      ) : (
        <Stack gap="sm" component="ul" aria-label="Rules" p={0} m={0} style={{ listStyle: 'none' }}>
          {rules.data.map((rule) => (
            <Paper key={rule.id} withBorder radius="md" p="md" component="li" aria-label={rule.name}>
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <Stack gap={4} style={{ flex: '1 1 320px' }}>
                  <Group gap="xs">
                    <Text fw={600}>{rule.name}</Text>
                    {rule.active ? (
                      <Badge color="teal" variant="light">
                        Active
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light">
                        Paused
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">{ruleSummary(rule, teamNames)}</Text>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPencil size={14} aria-hidden />}
                    onClick={() => setEditing(rule)}
                    aria-label={`Edit ${rule.name}`}
                  >
                    Edit
                  </Button>
                  <DeleteRuleButton rule={rule} />
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <Modal
        opened={editing !== null}
        onClose={close}
        title={editing === 'new' ? 'Add distribution rule' : 'Edit distribution rule'}
        size="lg"
      >
        {editing !== null && (
          <RuleForm
            surveyId={survey.id}
            rule={editing === 'new' ? null : editing}
            teamNames={teamNames}
            onDone={close}
          />
        )}
      </Modal>
    </Stack>
  );
}
