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
  Title,
} from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useAllEmployees } from '../../api/people';
import { formatDateTime } from '../../components/format';
import { ErrorAlert } from '../../components/QueryStatus';
import {
  type AwardRound,
  type Nomination,
  useAwardRounds,
  useDecideNomination,
  useNominate,
  useOpenAwardRound,
} from './api';

/** What went wrong with a mutation, announced to screen readers. */
function Failure({ mutation, size }: { mutation: { isError: boolean; error: unknown }; size: 'xs' | 'sm' }) {
  if (!mutation.isError) return null;
  return (
    <Text c="red" size={size} role="alert">
      {errorMessage(mutation.error)}
    </Text>
  );
}

const STATUS_COLOURS = { pending: 'gray', approved: 'teal', rejected: 'red' } as const;

function OpenRoundForm({ onDone }: { onDone: () => void }) {
  const open = useOpenAwardRound();
  const [title, setTitle] = useState('');
  const [period, setPeriod] = useState('');
  const [closesOn, setClosesOn] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        // Closes at the end of the chosen day, in the browser's time zone.
        const closesAt = new Date(`${closesOn}T23:59:59`).toISOString();
        open.mutate({ title: title.trim(), period: period.trim(), closesAt }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Award"
          placeholder="Service star"
          required
          maxLength={120}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <TextInput
          label="Period"
          placeholder="March 2026"
          required
          maxLength={60}
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value)}
        />
        <TextInput
          label="Nominations close on"
          type="date"
          required
          value={closesOn}
          onChange={(e) => setClosesOn(e.currentTarget.value)}
        />
        <Failure mutation={open} size="sm" />
        <Group justify="flex-end">
          <Button type="submit" loading={open.isPending}>
            Open for nominations
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NominateForm({ round, onDone }: { round: AwardRound; onDone: () => void }) {
  const me = useMe();
  const people = useAllEmployees();
  const nominate = useNominate(round.id);
  const [nomineeId, setNomineeId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const colleagues = (people.data ?? [])
    .filter((p) => p.id !== me.data?.employee.id)
    .map((p) => ({ value: p.id, label: p.preferredName ? `${p.preferredName} (${p.name})` : p.name }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (nomineeId && reason.trim())
          nominate.mutate({ nomineeId, reason: reason.trim() }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <Select
          label="Colleague"
          data={colleagues}
          value={nomineeId}
          onChange={setNomineeId}
          searchable
          required
        />
        <Textarea
          label="Why they deserve it"
          description="What they did, for whom: the owner of the round reads it."
          required
          autosize
          minRows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Failure mutation={nominate} size="sm" />
        <Group justify="flex-end">
          <Button type="submit" loading={nominate.isPending}>
            Nominate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NominationRow({ nomination, canDecide }: { nomination: Nomination; canDecide: boolean }) {
  const decide = useDecideNomination();
  return (
    <Paper withBorder p="xs" radius="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={0} style={{ flex: 1, minWidth: 200 }}>
          <Text size="sm">
            <b>{nomination.nominee.name}</b>, nominated by {nomination.nominator.name}
          </Text>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {nomination.reason}
          </Text>
        </Stack>
        {canDecide && nomination.status === 'pending' ? (
          <Group gap="xs">
            <Button
              size="compact-sm"
              color="teal"
              loading={decide.isPending}
              onClick={() => decide.mutate({ id: nomination.id, decision: 'approved' })}
            >
              Approve winner
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              loading={decide.isPending}
              onClick={() => decide.mutate({ id: nomination.id, decision: 'rejected' })}
            >
              Reject
            </Button>
          </Group>
        ) : (
          <Badge color={STATUS_COLOURS[nomination.status]} variant="light">
            {nomination.status}
          </Badge>
        )}
      </Group>
      <Failure mutation={decide} size="xs" />
    </Paper>
  );
}

function RoundCard({ round }: { round: AwardRound }) {
  const [nominating, setNominating] = useState(false);
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={`${round.title}, ${round.period}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={0}>
            <Text fw={600}>
              {round.title} · {round.period}
            </Text>
            <Text size="xs" c="dimmed">
              Run by {round.owner.name} · {round.open ? 'nominations close' : 'closed'}{' '}
              {formatDateTime(round.closesAt)} ·{' '}
              {round.nominationCount === 1 ? '1 nomination' : `${round.nominationCount} nominations`}
            </Text>
          </Stack>
          {round.open && (
            <Button size="compact-sm" variant="light" onClick={() => setNominating(true)}>
              Nominate a colleague
            </Button>
          )}
        </Group>
        {round.winners.length > 0 && (
          <Group gap={6}>
            <IconTrophy size={16} aria-label="Winners" />
            {round.winners.map((w) => (
              <Badge key={w.id} color="yellow" variant="light">
                {w.name}
              </Badge>
            ))}
          </Group>
        )}
        {round.nominations.length > 0 && (
          <Stack gap={6}>
            <Text size="xs" c="dimmed">
              {round.canDecide ? 'Nominations (only you see them all)' : 'Your nominations'}
            </Text>
            {round.nominations.map((n) => (
              <NominationRow key={n.id} nomination={n} canDecide={round.canDecide} />
            ))}
          </Stack>
        )}
      </Stack>
      <Modal opened={nominating} onClose={() => setNominating(false)} title={`Nominate for ${round.title}`}>
        <NominateForm round={round} onDone={() => setNominating(false)} />
      </Modal>
    </Paper>
  );
}

/** Award rounds on the wall: nominate colleagues; the round's owner approves the winners. */
export function AwardsSection() {
  const me = useMe();
  const rounds = useAwardRounds();
  const [opening, setOpening] = useState(false);
  const canOpen = me.data ? me.data.employee.role !== 'employee' : false;
  const items = rounds.data?.items ?? [];
  if (rounds.isError)
    return (
      <ErrorAlert error={rounds.error} title="Could not load the awards" onRetry={() => rounds.refetch()} />
    );
  if (items.length === 0 && !canOpen) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="awards-heading">
      <Group justify="space-between">
        <Title order={2} size="h4" id="awards-heading">
          Awards
        </Title>
        {canOpen && (
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconTrophy size={14} aria-hidden />}
            onClick={() => setOpening(true)}
          >
            Open a round
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No award rounds yet. Open one: colleagues nominate each other, you approve the winners, and they are
          celebrated here.
        </Text>
      ) : (
        items.slice(0, 4).map((r) => <RoundCard key={r.id} round={r} />)
      )}
      <Modal opened={opening} onClose={() => setOpening(false)} title="Open an award round">
        <OpenRoundForm onDone={() => setOpening(false)} />
      </Modal>
    </Stack>
  );
}
