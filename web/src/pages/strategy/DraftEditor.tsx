import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Slider,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTargets } from '../../api/analytics';
import { errorMessage } from '../../api/client';
import { useAllEmployees } from '../../api/people';
import { ErrorAlert } from '../../components/QueryStatus';
import { useAskForm } from './AskForm';
import { type Draft, type DraftInput, usePublish, useSaveDraft } from './api';
import { leaning } from './StrategyView';

const toInput = (draft: Draft): DraftInput => ({
  vision: draft.strategy.vision,
  customersServed: draft.strategy.customersServed,
  customersNotServed: draft.strategy.customersNotServed,
  tradeOffs: draft.strategy.tradeOffs,
  priorities: draft.strategy.priorities,
  targets: draft.strategy.targets.map((t) => ({
    targetId: t.targetId,
    ownerId: t.owner?.id ?? null,
    note: t.note,
  })),
});

function move<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

function RemoveButton({ label, onClick, mb }: { label: string; onClick: () => void; mb?: number }) {
  return (
    <ActionIcon
      variant="subtle"
      color="red"
      aria-label={label}
      onClick={onClick}
      style={{ flexGrow: 0 }}
      mb={mb}
    >
      <IconTrash size={16} aria-hidden />
    </ActionIcon>
  );
}

function PublishDialog({
  opened,
  onClose,
  input,
  save,
}: {
  opened: boolean;
  onClose: () => void;
  input: DraftInput;
  save: () => Promise<unknown>;
}) {
  const publish = usePublish();
  const [note, setNote] = useState('');
  const [announce, setAnnounce] = useState(true);
  const [kind, setKind] = useState<'strategy' | 'priority'>('strategy');
  const form = useAskForm({
    strategy: { ...input, priorities: input.priorities.map((p, i) => ({ ...p, id: p.id ?? `new-${i}` })) },
    quizByDefault: true,
    remindByDefault: 3,
    optionalAcknowledgement: false,
    titleRequired: false,
  });

  const submit = async () => {
    try {
      await save();
      const result = await publish.mutateAsync({
        note: note.trim() || null,
        announce: announce ? { kind, ...form.ask() } : undefined,
      });
      notifications.show({
        color: 'teal',
        message: `Version ${result.version.number} is published${result.announcement ? ' and announced' : ''}.`,
      });
      onClose();
    } catch {
      // The error is shown in the dialog.
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Publish this version" size="lg">
      <Stack>
        <Textarea
          label="What changed"
          description="Kept with the version and shown in its history."
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={1000}
        />
        <Checkbox
          label="Announce it and ask people to acknowledge it"
          checked={announce}
          onChange={(e) => setAnnounce(e.currentTarget.checked)}
        />
        {announce && (
          <Paper withBorder p="md" radius="md">
            <Stack>
              <SegmentedControl
                aria-label="What to announce"
                value={kind}
                onChange={(v) => setKind(v as 'strategy' | 'priority')}
                data={[
                  { value: 'strategy', label: 'A new strategy version' },
                  { value: 'priority', label: 'A priority change' },
                ]}
              />
              {form.textFields(
                kind === 'priority' ? 'Our priorities have changed' : 'Our strategy, the new version',
              )}
              {form.askFields}
            </Stack>
          </Paper>
        )}
        {publish.error && <ErrorAlert error={publish.error} title="Could not publish" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={publish.isPending}>
            Publish
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The leader's editor: the draft, saved as a whole, then published as the next version. */
export function DraftEditor({ draft }: { draft: Draft }) {
  const [input, setInput] = useState<DraftInput>(() => toInput(draft));
  const [publishing, setPublishing] = useState(false);
  const save = useSaveDraft();
  const targets = useTargets();
  const people = useAllEmployees();
  const set = (patch: Partial<DraftInput>) => setInput((current) => ({ ...current, ...patch }));
  type Rows = 'tradeOffs' | 'priorities' | 'targets';
  /** Changes fields of row `i` of one of the draft's lists. */
  const edit = <K extends Rows>(key: K, i: number, patch: Partial<DraftInput[K][number]>) =>
    setInput((current) => ({
      ...current,
      [key]: (current[key] as DraftInput[K][number][]).map((x, j) => (j === i ? { ...x, ...patch } : x)),
    }));
  const remove = (key: Rows, i: number) =>
    setInput((current) => ({ ...current, [key]: current[key].filter((_, j) => j !== i) }));

  const saveDraft = async () => {
    const saved = await save.mutateAsync(input);
    // New priorities got their ids: keep them, so the next save does not add them again.
    setInput(toInput(saved));
    return saved;
  };

  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {draft.updatedAt
          ? `Draft saved ${new Date(draft.updatedAt).toLocaleString()}`
          : 'Not saved yet: starts from the current version.'}
        {draft.basedOnVersion ? ` Changes to version ${draft.basedOnVersion}.` : ''}
      </Text>
      <Textarea
        label="Vision"
        description="Where we are going, in words everyone can repeat."
        value={input.vision}
        onChange={(e) => set({ vision: e.currentTarget.value })}
        autosize
        minRows={3}
        maxLength={4000}
      />
      <TagsInput
        label="Customers we serve"
        description="Press Enter after each."
        value={input.customersServed}
        onChange={(customersServed) => set({ customersServed })}
        maxTags={20}
      />
      <TagsInput
        label="Customers we do not serve"
        description="Saying no is part of the strategy."
        value={input.customersNotServed}
        onChange={(customersNotServed) => set({ customersNotServed })}
        maxTags={20}
      />

      <Paper withBorder p="md" radius="md" component="fieldset">
        <Title order={2} size="h5" mb="xs" component="legend">
          Characteristics as trade-offs
        </Title>
        <Stack gap="lg">
          {input.tradeOffs.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity here
            <Stack key={i} gap="xs">
              <Group grow align="flex-end">
                <TextInput
                  label={`Trade-off ${i + 1}: one side`}
                  value={t.left}
                  maxLength={60}
                  onChange={(e) => edit('tradeOffs', i, { left: e.currentTarget.value })}
                />
                <TextInput
                  label="the other side"
                  value={t.right}
                  maxLength={60}
                  onChange={(e) => edit('tradeOffs', i, { right: e.currentTarget.value })}
                />
                <RemoveButton label={`Remove trade-off ${i + 1}`} onClick={() => remove('tradeOffs', i)} />
              </Group>
              <Slider
                min={-100}
                max={100}
                step={5}
                value={t.position}
                thumbLabel={`Where we stand between ${t.left || 'one side'} and ${t.right || 'the other'}`}
                label={(v) => leaning({ ...t, position: v })}
                marks={[
                  { value: -100, label: t.left || '…' },
                  { value: 0, label: 'balanced' },
                  { value: 100, label: t.right || '…' },
                ]}
                onChange={(position) => edit('tradeOffs', i, { position })}
                mb="lg"
              />
              <TextInput
                label="Why, in one sentence"
                value={t.sentence}
                maxLength={300}
                onChange={(e) => edit('tradeOffs', i, { sentence: e.currentTarget.value })}
              />
            </Stack>
          ))}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              disabled={input.tradeOffs.length >= 12}
              onClick={() =>
                set({ tradeOffs: [...input.tradeOffs, { left: '', right: '', position: 0, sentence: '' }] })
              }
            >
              Add a trade-off
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md" component="fieldset">
        <Title order={2} size="h5" mb="xs" component="legend">
          Priorities, most important first
        </Title>
        <Stack gap="sm">
          {input.priorities.map((p, i) => (
            <Group key={p.id ?? `new-${i}`} align="flex-end" wrap="nowrap">
              <Text fw={700} w={24} ta="right" mb={8} aria-hidden>
                {i + 1}.
              </Text>
              <Stack gap={4} style={{ flex: 1 }}>
                <TextInput
                  label={`Priority ${i + 1}`}
                  value={p.title}
                  maxLength={200}
                  onChange={(e) => edit('priorities', i, { title: e.currentTarget.value })}
                />
                <TextInput
                  aria-label={`Priority ${i + 1}, in more words`}
                  placeholder="In more words (optional)"
                  value={p.description}
                  maxLength={1000}
                  onChange={(e) => edit('priorities', i, { description: e.currentTarget.value })}
                />
              </Stack>
              <Group gap={2} wrap="nowrap" mb={4}>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move priority ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => set({ priorities: move(input.priorities, i, i - 1) })}
                >
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move priority ${i + 1} down`}
                  disabled={i === input.priorities.length - 1}
                  onClick={() => set({ priorities: move(input.priorities, i, i + 1) })}
                >
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
                <RemoveButton label={`Remove priority ${i + 1}`} onClick={() => remove('priorities', i)} />
              </Group>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              disabled={input.priorities.length >= 15}
              onClick={() => set({ priorities: [...input.priorities, { title: '', description: '' }] })}
            >
              Add a priority
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md" component="fieldset">
        <Title order={2} size="h5" mb="xs" component="legend">
          Targets and owners
        </Title>
        {targets.error && <ErrorAlert error={targets.error} title="Could not load the targets" />}
        <Stack gap="sm">
          {input.targets.map((t, i) => (
            <Group key={t.targetId} align="flex-end" grow>
              <Select
                label={`Target ${i + 1}`}
                data={(targets.data ?? []).map((x) => ({
                  value: x.id,
                  label: `${x.name ?? x.metric.toUpperCase()} (${x.metric.toUpperCase()} ${x.comparator} ${x.value} by ${x.dueDate})`,
                }))}
                value={t.targetId}
                allowDeselect={false}
                onChange={(targetId) => targetId && edit('targets', i, { targetId })}
              />
              <Select
                label="Owner"
                placeholder="Nobody yet"
                searchable
                clearable
                data={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                value={t.ownerId}
                onChange={(ownerId) => edit('targets', i, { ownerId })}
              />
              <TextInput
                label="Note"
                value={t.note}
                maxLength={300}
                onChange={(e) => edit('targets', i, { note: e.currentTarget.value })}
              />
              <RemoveButton label={`Remove target ${i + 1}`} onClick={() => remove('targets', i)} mb={4} />
            </Group>
          ))}
          {targets.data && targets.data.length === 0 && (
            <Text size="sm" c="dimmed">
              No targets yet: set them in Analytics → Targets, then link them here.
            </Text>
          )}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              disabled={!targets.data?.some((x) => !input.targets.some((t) => t.targetId === x.id))}
              onClick={() => {
                const next = targets.data?.find((x) => !input.targets.some((t) => t.targetId === x.id));
                if (next)
                  set({ targets: [...input.targets, { targetId: next.id, ownerId: null, note: '' }] });
              }}
            >
              Link a target
            </Button>
          </Group>
        </Stack>
      </Paper>

      {save.error && (
        <Alert color="red" title="Could not save the draft" role="alert">
          {errorMessage(save.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          variant="default"
          loading={save.isPending}
          onClick={() =>
            saveDraft().then(
              () => notifications.show({ color: 'teal', message: 'Draft saved.' }),
              () => {},
            )
          }
        >
          Save draft
        </Button>
        <Button onClick={() => setPublishing(true)}>Publish…</Button>
      </Group>
      <PublishDialog
        opened={publishing}
        onClose={() => setPublishing(false)}
        input={input}
        save={saveDraft}
      />
    </Stack>
  );
}
