import {
  Badge,
  Button,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAward, IconHeart } from '@tabler/icons-react';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useDigestSubscription, useSetDigestSubscription } from '../../api/analytics';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { type EmailTopic, useEmailPreferences, useUpdateEmailPreferences } from '../../api/notifications';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type Feedback, useFeedbackAction, useProfile } from './api';
import { openGiveKudos } from './GiveKudos';
import { StoryCard } from './StoryCard';

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
    </Card>
  );
}

function FeedbackItem({ item, mine }: { item: Feedback; mine: boolean }) {
  const action = useFeedbackAction();
  const [reply, setReply] = useState('');
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={`Feedback from ${item.giver.name}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            {item.giver.name} → {item.employee.name}
          </Text>
          <Badge color={item.kind === 'praise' ? 'teal' : 'orange'} variant="light">
            {item.kind === 'praise' ? 'Praise' : 'To improve'}
          </Badge>
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{item.message}</Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(item.createdAt)}
          {item.evidence ? ` · about a ${item.evidence.type}` : ''}
          {item.immediacyHours !== null ? ` · ${item.immediacyHours} h after it happened` : ''}
          {item.acknowledgedAt ? ` · acknowledged ${formatDateTime(item.acknowledgedAt)}` : ''}
        </Text>
        {item.replies.map((r) => (
          <Text key={r.id} size="sm" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
            <b>{r.author.name}:</b> {r.body}
          </Text>
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reply.trim())
              action.mutate(
                { id: item.id, action: 'replies', body: reply.trim() },
                { onSuccess: () => setReply('') },
              );
          }}
        >
          <Group align="flex-end" gap="xs">
            <Textarea
              label="Reply"
              value={reply}
              onChange={(e) => setReply(e.currentTarget.value)}
              autosize
              minRows={1}
              style={{ flex: 1 }}
              error={action.isError ? errorMessage(action.error) : undefined}
            />
            <Button type="submit" variant="light" loading={action.isPending}>
              Send
            </Button>
            {mine && !item.acknowledgedAt && (
              <Button variant="default" onClick={() => action.mutate({ id: item.id, action: 'acknowledge' })}>
                Acknowledge
              </Button>
            )}
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}

/** The weekly analytics digest goes to managers, leaders and admins, who may turn it off. */
function DigestToggle() {
  const digest = useDigestSubscription(true);
  const set = useSetDigestSubscription();
  if (!digest.data) return null;
  return (
    <Switch
      label="every Monday: the weekly digest of customer scores against target"
      checked={digest.data.subscribed}
      disabled={set.isPending}
      onChange={(e) => set.mutate(e.currentTarget.checked)}
    />
  );
}

function EmailPreferences() {
  const me = useMe();
  const prefs = useEmailPreferences();
  const update = useUpdateEmailPreferences();
  if (!prefs.data) return null;
  const toggle = (key: EmailTopic, label: string) => (
    <Switch
      label={label}
      checked={prefs.data[key]}
      disabled={update.isPending}
      onChange={(e) => update.mutate({ [key]: e.currentTarget.checked })}
    />
  );
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        Email me when
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Every notification is in the app (the bell at the top); these also come by email.
      </Text>
      <Stack gap="xs">
        {toggle('cases', 'a case needs me: assigned, due soon, escalated, a goodwill approval')}
        {toggle('kudos', 'someone gives me kudos')}
        {toggle('praise', 'a customer praises me (or, as a manager, one of my people)')}
        {toggle('feedback', 'I get feedback or a reply, or a 1:1 or coaching goal changes')}
        {toggle('strategy', 'a priority or announcement asks me to read and acknowledge it')}
        {toggle('training', 'training is assigned to me or falls due')}
        {me.data && me.data.employee.role !== 'employee' && <DigestToggle />}
      </Stack>
    </Paper>
  );
}

/** A person's recognition: kudos received, customer praise, points, and (for them and their managers) feedback. */
export function ProfilePage() {
  const params = useParams();
  const me = useMe();
  const id = params.id ?? me.data?.employee.id;
  const profile = useProfile(id);
  const mine = id === me.data?.employee.id;
  const p = profile.data;

  return (
    <>
      <PageHeader
        title={mine ? 'My recognition' : (p?.employee.name ?? 'Recognition')}
        description={
          mine
            ? 'Kudos from colleagues, what customers said about you, and the feedback you have had.'
            : p?.employee.teams.map((t) => t.name).join(', ')
        }
        actions={
          !mine &&
          id && (
            <Button leftSection={<IconHeart size={16} aria-hidden />} onClick={() => openGiveKudos([id])}>
              Give kudos
            </Button>
          )
        }
      />
      {profile.isPending ? (
        <TableSkeleton label="Loading recognition" />
      ) : profile.isError || !p ? (
        <ErrorAlert
          error={profile.error}
          title="Could not load this profile"
          onRetry={() => profile.refetch()}
        />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stat label="Kudos" value={p.counts.kudos} />
            <Stat label="For effort" value={p.counts.effortKudos} />
            <Stat label="Customer praise" value={p.counts.praise} />
            <Stat label="Points received" value={p.points.received} />
          </SimpleGrid>

          <section aria-labelledby="praise-heading">
            <Title order={2} size="h3" mb="sm" id="praise-heading">
              What customers said
            </Title>
            {p.praise.length === 0 ? (
              <Text c="dimmed">No customer has named {mine ? 'you' : 'them'} yet.</Text>
            ) : (
              <Stack gap="sm">
                {p.praise.map((x) => (
                  <Paper key={x.id} withBorder radius="md" p="md">
                    <Text fs="italic">“{x.quote}”</Text>
                    <Text size="xs" c="dimmed" mt={4}>
                      {x.customerName ?? 'A customer'} · {formatDateTime(x.praisedAt)}
                      {x.status === 'recognised' ? ' · recognised' : ''}
                    </Text>
                  </Paper>
                ))}
              </Stack>
            )}
          </section>

          <section aria-labelledby="kudos-heading">
            <Title order={2} size="h3" mb="sm" id="kudos-heading">
              Kudos received
            </Title>
            {p.kudosReceived.length === 0 ? (
              <EmptyPanel
                icon={<IconAward aria-hidden />}
                title="No kudos yet"
                description="Kudos from colleagues appear here and on the service wall."
              />
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {p.kudosReceived.map((s) => (
                  <StoryCard key={s.id} story={s} />
                ))}
              </SimpleGrid>
            )}
          </section>

          {p.feedback !== null && (
            <section aria-labelledby="feedback-heading">
              <Title order={2} size="h3" mb={4} id="feedback-heading">
                Feedback
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Private: only {mine ? 'you' : p.employee.name}, who gave it and {mine ? 'your' : 'their'}{' '}
                managers see it.
              </Text>
              {p.feedback.length === 0 ? (
                <Text c="dimmed">No feedback yet.</Text>
              ) : (
                <Stack gap="sm">
                  {p.feedback.map((f) => (
                    <FeedbackItem key={f.id} item={f} mine={mine} />
                  ))}
                </Stack>
              )}
            </section>
          )}
          {mine && <EmailPreferences />}
        </Stack>
      )}
    </>
  );
}
