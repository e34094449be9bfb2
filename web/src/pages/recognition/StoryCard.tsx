import { Anchor, Avatar, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconAward, IconConfetti, IconMessageCircle, IconQuote, IconWorld } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import {
  CELEBRATION_LABELS,
  type CelebrationKind,
  REACTIONS,
  useAddComment,
  useComments,
  usePublishStory,
  useReact,
  type WallStory,
} from './api';

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('');
}

const names = (people: { id: string; name: string }[]) =>
  people.map((p, i) => (
    <span key={p.id}>
      {i > 0 && (i === people.length - 1 ? ' and ' : ', ')}
      <Anchor component={RouterLink} to={`/recognition/people/${p.id}`} fw={600}>
        {p.name}
      </Anchor>
    </span>
  ));

/** One line saying what the story is: who recognised whom, who praised whom, what is celebrated. */
export function StoryHeadline({ story }: { story: WallStory }) {
  if (story.type === 'kudos')
    return (
      <Text>
        {story.from && names([story.from])} recognised {story.to.length > 0 ? names(story.to) : null}
        {story.to.length === 0 && story.team ? <b>{story.team.name}</b> : null}
        {story.to.length > 0 && story.team ? <> and {story.team.name}</> : null} for {story.kind}
      </Text>
    );
  if (story.type === 'praise')
    return (
      <Text>
        {story.customerName ?? 'A customer'} praised {names(story.to)}
      </Text>
    );
  const label =
    story.kind && story.kind in CELEBRATION_LABELS ? CELEBRATION_LABELS[story.kind as CelebrationKind] : null;
  return <Text fw={600}>{label ?? 'Celebration'}</Text>;
}

const ICONS = { kudos: IconAward, praise: IconQuote, celebration: IconConfetti } as const;
const COLOURS = { kudos: 'blue', praise: 'teal', celebration: 'grape' } as const;

function Comments({ story }: { story: WallStory }) {
  const comments = useComments(story.id, true);
  const add = useAddComment(story.id);
  const [body, setBody] = useState('');
  return (
    <Stack gap="xs" mt="xs">
      {(comments.data ?? []).map((c) => (
        <Text key={c.id} size="sm">
          <b>{c.author.name}</b> {c.body}
        </Text>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) add.mutate(body.trim(), { onSuccess: () => setBody('') });
        }}
      >
        <Group align="flex-end" gap="xs">
          <Textarea
            label="Add a comment"
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={1}
            maxLength={2000}
            style={{ flex: 1 }}
            error={add.isError ? errorMessage(add.error) : undefined}
          />
          <Button type="submit" variant="light" loading={add.isPending}>
            Post
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

/** A leader's publish / unpublish of a kudos or praise to the public page of stories. */
function PublishButton({ story }: { story: WallStory }) {
  const publish = usePublishStory();
  if (story.type === 'celebration') return null;
  return (
    <Stack gap={2} ml="auto" align="flex-end">
      <Button
        size="compact-sm"
        variant={story.published ? 'light' : 'subtle'}
        color={story.published ? 'teal' : undefined}
        leftSection={<IconWorld size={14} aria-hidden />}
        aria-pressed={story.published}
        loading={publish.isPending}
        onClick={() => publish.mutate({ id: story.id, on: !story.published })}
      >
        {story.published ? 'Public · unpublish' : 'Publish'}
      </Button>
      {publish.isError && (
        <Text size="xs" c="red" role="alert">
          {errorMessage(publish.error)}
        </Text>
      )}
    </Stack>
  );
}

export function StoryCard({ story, canPublish = false }: { story: WallStory; canPublish?: boolean }) {
  const react = useReact();
  const [showComments, setShowComments] = useState(false);
  const Icon = ICONS[story.type];
  const person = story.type === 'kudos' ? story.from : story.to[0];
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={`${story.type} story`}>
      <Stack gap="xs">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar radius="xl" color={COLOURS[story.type]} aria-hidden>
            {person ? initials(person.name) : <Icon size={18} />}
          </Avatar>
          <Stack gap={2} style={{ flex: 1 }}>
            <StoryHeadline story={story} />
            <Text size="xs" c="dimmed">
              {formatDateTime(story.at)}
              {story.team && story.type !== 'kudos' ? ` · ${story.team.name}` : ''}
            </Text>
          </Stack>
          {story.to.some((t) => t.points > 0) && (
            <Badge variant="light" color="yellow">
              +{story.to[0]?.points} points
            </Badge>
          )}
        </Group>
        <Text
          size={story.type === 'celebration' ? 'lg' : 'md'}
          fs={story.type === 'praise' ? 'italic' : undefined}
          style={{ whiteSpace: 'pre-wrap' }}
        >
          {story.type === 'praise' ? `“${story.text}”` : story.text}
        </Text>
        {story.valueTags.length > 0 && (
          <Group gap={6}>
            {story.valueTags.map((tag) => (
              <Badge key={tag} variant="outline" size="sm">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
        <Group gap={6} role="group" aria-label="Reactions">
          {REACTIONS.map(({ reaction, emoji, label }) => {
            const r = story.reactions.find((x) => x.reaction === reaction);
            return (
              <Button
                key={reaction}
                size="compact-sm"
                variant={r?.mine ? 'light' : 'subtle'}
                aria-pressed={r?.mine ?? false}
                aria-label={`${label}${r ? `, ${r.count}` : ''}`}
                onClick={() => react.mutate({ id: story.id, reaction, on: !r?.mine })}
              >
                <span aria-hidden>{emoji}</span>
                {r ? (
                  <Text span size="xs" ml={4}>
                    {r.count}
                  </Text>
                ) : null}
              </Button>
            );
          })}
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconMessageCircle size={14} aria-hidden />}
            aria-expanded={showComments}
            onClick={() => setShowComments((v) => !v)}
          >
            {story.commentCount === 1 ? '1 comment' : `${story.commentCount} comments`}
          </Button>
          {canPublish && <PublishButton story={story} />}
        </Group>
        {showComments && <Comments story={story} />}
      </Stack>
    </Paper>
  );
}
