import { Box, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Navigate, Link as RouterLink } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useWall } from './api';
import { StoryHeadline } from './StoryCard';

const SECONDS_PER_STORY = 12;

/**
 * Full-screen service wall for an office TV: one story at a time, cycling, refreshed every
 * minute. No navigation chrome; Escape or the close button goes back to the wall.
 */
export function KioskPage() {
  useDocumentTitle('Service wall · kiosk');
  const me = useMe();
  const wall = useWall({ sort: 'newest' }, { refetchInterval: 60_000, limit: 40 });
  const stories = wall.data?.pages[0]?.items ?? [];
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => i + 1), SECONDS_PER_STORY * 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight') setIndex((i) => i + 1);
      if (e.key === 'ArrowLeft') setIndex((i) => Math.max(0, i - 1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const story = stories.length > 0 ? stories[index % stories.length] : undefined;
  if (me.data === null) return <Navigate to="/sign-in?next=%2Frecognition%2Fkiosk" replace />;

  return (
    <Box
      className="kiosk"
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(135deg, var(--mantine-color-blue-9), var(--mantine-color-grape-8))',
        color: 'white',
      }}
    >
      <Group justify="space-between" p="lg">
        <Text fw={800} size="xl">
          {me.data?.org.name ?? 'Serviceloop'} · Service wall
        </Text>
        <Button
          component={RouterLink}
          to="/recognition/wall"
          variant="white"
          size="xs"
          leftSection={<IconX size={14} aria-hidden />}
        >
          Leave kiosk
        </Button>
      </Group>
      <Center style={{ minHeight: 'calc(100vh - 120px)' }} p="xl">
        {wall.isPending ? (
          <Loader color="white" aria-label="Loading stories" />
        ) : !story ? (
          <Title order={1}>Great service stories will appear here.</Title>
        ) : (
          <Stack maw={1100} gap="xl" aria-live="polite" ta="center" style={{ fontSize: '1.6rem' }}>
            <Box style={{ fontSize: '1.8rem' }}>
              <StoryHeadline story={story} />
            </Box>
            <Title order={1} fz={{ base: '2rem', md: '3.2rem' }} fw={700} lh={1.25}>
              {story.type === 'praise' ? `“${story.text}”` : story.text}
            </Title>
            {story.valueTags.length > 0 && <Text size="xl">{story.valueTags.join(' · ')}</Text>}
            <Text size="md" opacity={0.8}>
              {(index % stories.length) + 1} / {stories.length}
            </Text>
          </Stack>
        )}
      </Center>
    </Box>
  );
}
