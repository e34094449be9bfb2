import {
  Alert,
  Badge,
  Blockquote,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { StoryHeadline } from '../recognition/StoryCard';
import {
  type Announcement,
  type QuizResult,
  useAcknowledge,
  useAnnouncements,
  useAnswerQuiz,
  useMarkSeen,
} from './api';

function QuizForm({ announcement }: { announcement: Announcement }) {
  const answer = useAnswerQuiz();
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<QuizResult | null>(null);
  const quiz = announcement.quiz;
  if (!quiz) return null;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const answers = Object.fromEntries(
      Object.entries(chosen).map(([id, values]) => [id, values.map(Number)]),
    );
    answer.mutate({ id: announcement.id, answers }, { onSuccess: setResult });
  };
  const rightness = new Map(result?.perQuestion.map((q) => [q.id, q.right]));
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="Quiz">
      <Stack gap="sm">
        <Text fw={600}>A short quiz: did it come across?</Text>
        {quiz.questions.map((q) => {
          const mark = rightness.get(q.id);
          const label = (
            <>
              {q.prompt}
              {mark !== undefined && (
                <Badge ml="xs" color={mark ? 'teal' : 'red'} variant="light">
                  {mark ? 'right' : 'not quite'}
                </Badge>
              )}
            </>
          );
          return q.kind === 'single' ? (
            <Radio.Group
              key={q.id}
              label={label}
              value={chosen[q.id]?.[0] ?? null}
              onChange={(v) => setChosen((c) => ({ ...c, [q.id]: [v] }))}
            >
              <Stack gap={6} mt={6}>
                {q.options.map((o, i) => (
                  <Radio key={o} value={String(i)} label={o} />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <Checkbox.Group
              key={q.id}
              label={label}
              description="Choose every one that applies."
              value={chosen[q.id] ?? []}
              onChange={(v) => setChosen((c) => ({ ...c, [q.id]: v }))}
            >
              <Stack gap={6} mt={6}>
                {q.options.map((o, i) => (
                  <Checkbox key={o} value={String(i)} label={o} />
                ))}
              </Stack>
            </Checkbox.Group>
          );
        })}
        {answer.error && <ErrorAlert error={answer.error} />}
        {result && (
          <Alert color={result.passed ? 'teal' : 'yellow'} role="status">
            {result.correct} of {result.total} right.{' '}
            {result.passed ? 'Thank you!' : 'Have another look at the strategy and try again if you like.'}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="light" loading={answer.isPending}>
            {result ? 'Answer again' : 'Send my answers'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One announcement asking for the reader's attention; opening it counts as seen. */
export function AnnouncementCard({ announcement }: { announcement: Announcement }) {
  const seen = useMarkSeen();
  const ack = useAcknowledge();
  const marked = useRef(false);
  const needsSeen = Boolean(announcement.me && !announcement.me.seenAt);
  useEffect(() => {
    if (needsSeen && !marked.current) {
      marked.current = true;
      seen.mutate(announcement.id);
    }
  }, [needsSeen, announcement.id, seen]);
  const acknowledged = announcement.me?.acknowledgedAt;
  return (
    <Paper withBorder radius="md" p="lg" component="article" aria-label={announcement.title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4">
              {announcement.title}
            </Title>
            <Text size="xs" c="dimmed">
              {announcement.publishedBy?.name ?? 'Leadership'}, {formatDateTime(announcement.publishedAt)}
              {announcement.strategyVersion
                ? ` · strategy version ${announcement.strategyVersion.number}`
                : ''}
            </Text>
          </div>
          {announcement.kind === 'priority' && <Badge variant="light">Priority change</Badge>}
        </Group>
        {announcement.body && <Text style={{ whiteSpace: 'pre-wrap' }}>{announcement.body}</Text>}
        {announcement.story && (
          <Blockquote color="teal" p="md">
            <StoryHeadline story={announcement.story} />
            <Text mt={4}>{announcement.story.text}</Text>
          </Blockquote>
        )}
        <QuizForm announcement={announcement} />
        {announcement.requiresAcknowledgement && announcement.me && (
          <Group>
            {acknowledged ? (
              <Text c="teal" fw={600} role="status">
                You acknowledged this on {formatDateTime(acknowledged)}.
              </Text>
            ) : (
              <Button
                leftSection={<IconChecks size={16} aria-hidden />}
                loading={ack.isPending}
                onClick={() => ack.mutate(announcement.id)}
              >
                I have read and understood this
              </Button>
            )}
          </Group>
        )}
        {ack.error && <ErrorAlert error={ack.error} />}
      </Stack>
    </Paper>
  );
}

const waiting = (a: Announcement) => a.requiresAcknowledgement && !a.me?.acknowledgedAt;

/** What asks for the reader's acknowledgement first, then what they have already read. */
export function ForYou() {
  const mine = useAnnouncements('mine');
  if (mine.isPending) return <TableSkeleton rows={2} label="Loading what asks for your acknowledgement" />;
  if (mine.error) return <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} />;
  const pending = mine.data.filter(waiting);
  const read = mine.data.filter((a) => !waiting(a));
  return (
    <Stack gap="md">
      {pending.length === 0 ? (
        <EmptyPanel
          icon={<IconChecks aria-hidden />}
          title="You are up to date"
          description="Nothing is waiting for your acknowledgement. New priorities and announcements will appear here."
        />
      ) : (
        pending.map((a) => <AnnouncementCard key={a.id} announcement={a} />)
      )}
      {read.length > 0 && (
        <>
          <Title order={2} size="h5" mt="md">
            Already read
          </Title>
          {read.slice(0, 10).map((a) => (
            <AnnouncementCard key={a.id} announcement={a} />
          ))}
        </>
      )}
    </Stack>
  );
}
