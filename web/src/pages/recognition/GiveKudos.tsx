import {
  Affix,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconHeart } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useAllEmployees, useTeams } from '../../api/people';
import { useAllowance, useGiveKudos, useRecognitionSettings } from './api';

const OPEN_EVENT = 'serviceloop:give-kudos';

/** Opens the one give-kudos dialog from anywhere, optionally with colleagues already chosen. */
export function openGiveKudos(recipientIds: string[] = []): void {
  window.dispatchEvent(new CustomEvent(OPEN_EVENT, { detail: { recipientIds } }));
}

function GiveKudosForm({ initialRecipients, onDone }: { initialRecipients: string[]; onDone: () => void }) {
  const me = useMe();
  const people = useAllEmployees();
  const teams = useTeams();
  const settings = useRecognitionSettings();
  const allowance = useAllowance();
  const give = useGiveKudos();
  const [recipientIds, setRecipientIds] = useState<string[]>(initialRecipients);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [kind, setKind] = useState<'success' | 'effort'>('success');
  const [message, setMessage] = useState('');
  const [valueTags, setValueTags] = useState<string[]>([]);
  const [points, setPoints] = useState<number>(0);
  const [error, setError] = useState<string | null>(null);

  const myId = me.data?.employee.id;
  const colleagues = (people.data ?? [])
    .filter((p) => p.id !== myId)
    .map((p) => ({ value: p.id, label: p.preferredName ? `${p.preferredName} (${p.name})` : p.name }));
  const pointsOn = allowance.data?.pointsEnabled ?? false;
  const remaining = allowance.data?.remaining ?? 0;
  const total = points * recipientIds.length;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    if (recipientIds.length === 0 && !teamId) return setError('Choose at least one colleague or a team.');
    if (!message.trim()) return setError('Say what they did: a sentence is enough.');
    give.mutate(
      { recipientIds, teamId, kind, message: message.trim(), valueTags, points: pointsOn ? points : 0 },
      {
        onSuccess: () => {
          notifications.show({ message: 'Kudos given: it is on the service wall.', color: 'teal' });
          onDone();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <MultiSelect
          label="Colleagues"
          placeholder={people.isPending ? 'Loading people…' : 'Type a name'}
          data={colleagues}
          value={recipientIds}
          onChange={setRecipientIds}
          searchable
          clearable
          data-autofocus
          nothingFoundMessage="Nobody by that name"
        />
        <Select
          label="Or a whole team"
          placeholder="Optional"
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={teamId}
          onChange={setTeamId}
          searchable
          clearable
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="kudos-kind-label">
            For
          </Text>
          <SegmentedControl
            aria-labelledby="kudos-kind-label"
            value={kind}
            onChange={(v) => setKind(v as 'success' | 'effort')}
            data={[
              { value: 'success', label: 'Success' },
              { value: 'effort', label: 'Effort' },
            ]}
          />
        </Stack>
        <Textarea
          label="What did they do?"
          description="Be specific: what happened, and why it mattered to the customer or the team."
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={2000}
          required
        />
        <MultiSelect
          label="Values"
          placeholder="Optional"
          data={settings.data?.valueTags ?? []}
          value={valueTags}
          onChange={setValueTags}
          maxValues={10}
          searchable
          clearable
        />
        {pointsOn && (
          <NumberInput
            label="Points for each colleague"
            description={`${remaining} of ${allowance.data?.allowance ?? 0} left this month; at most ${allowance.data?.maxPointsPerKudos ?? 0} each.`}
            value={points}
            onChange={(v) => setPoints(typeof v === 'number' ? v : 0)}
            min={0}
            max={allowance.data?.maxPointsPerKudos}
            allowDecimal={false}
            error={total > remaining ? `That is ${total} points; you have ${remaining} left.` : undefined}
          />
        )}
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={give.isPending} leftSection={<IconHeart size={16} aria-hidden />}>
            Give kudos
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The give-kudos dialog and its launcher, on every signed-in page: a button in the corner and the
 * keyboard shortcut Ctrl/⌘+Shift+K.
 */
export function GiveKudosLauncher() {
  const me = useMe();
  const [open, setOpen] = useState<{ recipientIds: string[] } | null>(null);
  useHotkeys([['mod+shift+K', () => setOpen({ recipientIds: [] })]]);
  useEffect(() => {
    const listener = (event: Event) =>
      setOpen({
        recipientIds: (event as CustomEvent<{ recipientIds: string[] }>).detail?.recipientIds ?? [],
      });
    window.addEventListener(OPEN_EVENT, listener);
    return () => window.removeEventListener(OPEN_EVENT, listener);
  }, []);
  if (!me.data) return null;
  return (
    <>
      <Affix position={{ bottom: 20, right: 20 }}>
        <Button
          radius="xl"
          size="md"
          leftSection={<IconHeart size={18} aria-hidden />}
          onClick={() => setOpen({ recipientIds: [] })}
          aria-keyshortcuts="Control+Shift+K Meta+Shift+K"
          title="Give kudos (Ctrl/⌘+Shift+K)"
          className="give-kudos-launcher"
        >
          Give kudos
        </Button>
      </Affix>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title="Give kudos" size="lg">
        {open && <GiveKudosForm initialRecipients={open.recipientIds} onDone={() => setOpen(null)} />}
      </Modal>
    </>
  );
}
