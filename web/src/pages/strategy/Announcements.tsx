import {
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSpeakerphone } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { useWall } from '../recognition/api';
import { useAskForm } from './AskForm';
import {
  type Announcement,
  type ReachFigures,
  type Strategy,
  useAnnouncements,
  useCreateAnnouncement,
  useReach,
  useRemind,
} from './api';

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100));

/** Acknowledged, seen only, not yet: one stacked bar. */
function ReachBar({
  figures,
  label,
}: {
  figures: Pick<ReachFigures, 'asked' | 'seen' | 'acknowledged'>;
  label: string;
}) {
  const seenOnly = Math.max(0, figures.seen - figures.acknowledged);
  return (
    <Progress.Root size="xl" aria-label={label}>
      <Progress.Section
        value={pct(figures.acknowledged, figures.asked)}
        color="teal"
        aria-label="Acknowledged"
      >
        <Progress.Label>{figures.acknowledged}</Progress.Label>
      </Progress.Section>
      <Progress.Section
        value={pct(seenOnly, figures.asked)}
        color="yellow"
        aria-label="Seen, not acknowledged"
      >
        <Progress.Label>{seenOnly || ''}</Progress.Label>
      </Progress.Section>
      <Progress.Section
        value={100 - pct(figures.acknowledged, figures.asked) - pct(seenOnly, figures.asked)}
        color="gray.3"
        aria-label="Not yet seen"
      />
    </Progress.Root>
  );
}

function ReachPanel({ announcement }: { announcement: Announcement }) {
  const reach = useReach(announcement.id);
  const remind = useRemind();
  if (reach.isPending) return <TableSkeleton rows={3} label="Loading the reach" />;
  if (reach.error) return <ErrorAlert error={reach.error} onRetry={() => reach.refetch()} />;
  const { total, teams, notYet } = reach.data;
  return (
    <Stack gap="md" aria-label={`Reach of ${announcement.title}`}>
      <Group gap="lg">
        <Text>
          <b>{pct(total.acknowledged, total.asked)}%</b> acknowledged ({total.acknowledged} of {total.asked})
        </Text>
        <Text c="dimmed">
          {total.seen} seen · {total.notYet} not yet
        </Text>
        {announcement.quiz && (
          <Text c="dimmed">
            Quiz: {total.quizAnswered} answered
            {total.quizMeanScore !== null && `, ${Math.round(total.quizMeanScore * 100)}% right on average`}
          </Text>
        )}
      </Group>
      <Group gap="md">
        <Badge color="teal" variant="dot">
          Acknowledged
        </Badge>
        <Badge color="yellow" variant="dot">
          Seen
        </Badge>
        <Badge color="gray" variant="dot">
          Not yet
        </Badge>
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th w="40%">Reach</Table.Th>
              <Table.Th>Acknowledged</Table.Th>
              <Table.Th>Seen</Table.Th>
              <Table.Th>Not yet</Table.Th>
              {announcement.quiz && <Table.Th>Understanding</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teams.map((t) => {
              const name = t.team?.name ?? 'No team';
              return (
                <Table.Tr key={t.team?.id ?? 'none'}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <ReachBar figures={t} label={`${name}: ${t.acknowledged} of ${t.asked} acknowledged`} />
                  </Table.Td>
                  <Table.Td>
                    {t.acknowledged} of {t.asked}
                  </Table.Td>
                  <Table.Td>{t.seen}</Table.Td>
                  <Table.Td>{t.notYet}</Table.Td>
                  {announcement.quiz && (
                    <Table.Td>
                      {t.quizMeanScore === null
                        ? '—'
                        : `${Math.round(t.quizMeanScore * 100)}% (${t.quizPassed} of ${t.quizAnswered} passed)`}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {announcement.requiresAcknowledgement && notYet.length > 0 && (
        <Group justify="space-between" align="flex-start">
          <Text size="sm" c="dimmed" maw={520}>
            Not yet:{' '}
            {notYet
              .slice(0, 12)
              .map((p) => p.name)
              .join(', ')}
            {notYet.length > 12 ? ` and ${notYet.length - 12} more` : ''}
          </Text>
          <Button
            variant="light"
            loading={remind.isPending}
            onClick={() =>
              remind.mutate(announcement.id, {
                onSuccess: (r) =>
                  notifications.show({
                    color: r.queued ? 'teal' : 'gray',
                    message: r.queued
                      ? `Reminding ${r.pending} people by email.`
                      : 'A reminder is already on its way.',
                  }),
                onError: (e) => notifications.show({ color: 'red', message: e.message }),
              })
            }
          >
            Remind those not yet
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function NewAnnouncement({ strategy }: { strategy: Strategy | null }) {
  const create = useCreateAnnouncement();
  const wall = useWall({ sort: 'celebrated' }, { limit: 20 });
  const [kind, setKind] = useState<'announcement' | 'priority'>('announcement');
  const [storyId, setStoryId] = useState<string | null>(null);
  const form = useAskForm({
    strategy,
    quizByDefault: false,
    remindByDefault: null,
    optionalAcknowledgement: true,
    titleRequired: true,
  });
  const stories = (wall.data?.pages ?? []).flatMap((p) => p.items);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(
      { kind, title: '', ...form.ask(), storyId },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Announced.' });
          form.reset();
          setStoryId(null);
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} aria-label="New announcement">
      <Title order={2} size="h4" mb="sm">
        New announcement
      </Title>
      <Stack>
        {form.textFields()}
        <Select
          label="What it is about"
          data={[
            { value: 'announcement', label: 'An announcement' },
            { value: 'priority', label: 'A priority change' },
          ]}
          value={kind}
          onChange={(v) => setKind((v as 'announcement' | 'priority') ?? 'announcement')}
          allowDeselect={false}
        />
        <Select
          label="Feature a great service story"
          placeholder={wall.isPending ? 'Loading the wall…' : 'None'}
          description="From the service wall, most celebrated first."
          data={stories.map((s) => ({
            value: s.id,
            label: s.text.length > 90 ? `${s.text.slice(0, 90)}…` : s.text,
          }))}
          value={storyId}
          onChange={setStoryId}
          searchable
          clearable
        />
        {form.askFields}
        {create.error && <ErrorAlert error={create.error} title="Could not announce it" />}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={!form.hasTitle}>
            Announce
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Leaders: announcements with their reach per team, and a new one. */
export function Announcements({ strategy }: { strategy: Strategy | null }) {
  const list = useAnnouncements('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const items = list.data ?? [];
  const open = items.find((a) => a.id === openId) ?? items[0] ?? null;
  return (
    <Stack gap="md">
      {list.isPending ? (
        <TableSkeleton label="Loading the announcements" />
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyPanel
          icon={<IconSpeakerphone aria-hidden />}
          title="No announcements yet"
          description="Publish a version with an announcement, or write one below, and see who has read it, team by team."
        />
      ) : (
        <Paper withBorder radius="md" p="lg">
          <Title order={2} size="h4" mb="sm">
            Reach
          </Title>
          <Stack gap="xs" mb="md" role="list" aria-label="Announcements">
            {items.map((a) => (
              <UnstyledButton
                key={a.id}
                role="listitem"
                onClick={() => setOpenId(a.id)}
                aria-current={open?.id === a.id ? 'true' : undefined}
                p="xs"
                style={{
                  borderRadius: 8,
                  background: open?.id === a.id ? 'var(--mantine-color-blue-light)' : undefined,
                }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <div>
                    <Text fw={600}>{a.title}</Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(a.publishedAt)}
                      {a.strategyVersion ? ` · version ${a.strategyVersion.number}` : ''}
                      {a.requiresAcknowledgement ? '' : ' · no acknowledgement asked'}
                    </Text>
                  </div>
                  {a.reach && (
                    <Text size="sm" aria-label={`${a.reach.acknowledged} of ${a.reach.asked} acknowledged`}>
                      {a.reach.acknowledged}/{a.reach.asked}
                    </Text>
                  )}
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
          {open && <ReachPanel key={open.id} announcement={open} />}
        </Paper>
      )}
      <NewAnnouncement strategy={strategy} />
    </Stack>
  );
}
