import { Anchor, Avatar, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconHeart, IconSparkles } from '@tabler/icons-react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useAllEmployees, useTeams } from '../../api/people';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { useWall } from './api';
import { openGiveKudos } from './GiveKudos';
import { StoryCard } from './StoryCard';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** A team's page: who is in it, and its stories from the wall (kudos, customers' praise, celebrations). */
export function TeamRecognitionPage() {
  const { id = '' } = useParams();
  const teams = useTeams();
  const people = useAllEmployees();
  const wall = useWall({ sort: 'newest', teamId: id });
  const team = teams.data?.find((t) => t.id === id);
  const members = (people.data ?? []).filter((p) => p.teamIds.includes(id));
  const stories = wall.data?.pages.flatMap((p) => p.items) ?? [];
  if (teams.isSuccess && !team)
    return (
      <EmptyPanel
        icon={<IconSparkles aria-hidden />}
        title="Team not found"
        description={
          <Anchor component={RouterLink} to="/recognition/wall">
            Back to the service wall
          </Anchor>
        }
      />
    );
  return (
    <>
      <PageHeader
        title={team ? team.name : 'Team'}
        description="The team's great service: kudos from colleagues, what customers said about them, and their milestones."
        actions={
          <Button
            leftSection={<IconHeart size={16} aria-hidden />}
            disabled={members.length === 0}
            onClick={() => openGiveKudos(members.map((m) => m.id).slice(0, 20))}
          >
            Give the team kudos
          </Button>
        }
      />
      <Stack gap="lg">
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="members-heading">
          <Title order={2} size="h4" mb="sm" id="members-heading">
            People
          </Title>
          {people.isPending ? (
            <TableSkeleton rows={2} label="Loading the team" />
          ) : people.error ? (
            <ErrorAlert error={people.error} onRetry={() => people.refetch()} />
          ) : members.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody is in this team yet.
            </Text>
          ) : (
            <Group gap="md">
              {members.map((m) => (
                <Group key={m.id} gap={6} wrap="nowrap">
                  <Avatar size="sm" radius="xl" color="blue" aria-hidden>
                    {initials(m.preferredName ?? m.name)}
                  </Avatar>
                  <Anchor component={RouterLink} to={`/recognition/people/${m.id}`} size="sm">
                    {m.preferredName ?? m.name}
                  </Anchor>
                </Group>
              ))}
            </Group>
          )}
        </Paper>
        <Stack gap="sm" component="section" aria-labelledby="stories-heading">
          <Title order={2} size="h4" id="stories-heading">
            Stories
          </Title>
          {wall.isPending ? (
            <TableSkeleton label="Loading the team's stories" />
          ) : wall.isError ? (
            <ErrorAlert error={wall.error} onRetry={() => wall.refetch()} />
          ) : stories.length === 0 ? (
            <EmptyPanel
              icon={<IconSparkles aria-hidden />}
              title="No stories yet"
              description="Be the first to thank this team for a success, or for the effort they put in."
            />
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" aria-busy={wall.isFetching}>
                {stories.map((story) => (
                  <StoryCard key={story.id} story={story} />
                ))}
              </SimpleGrid>
              <ListFooter shown={stories.length} noun={['story', 'stories']} query={wall} />
            </>
          )}
        </Stack>
      </Stack>
    </>
  );
}
