import { Anchor, Button, Group, SegmentedControl, Select, SimpleGrid, Stack } from '@mantine/core';
import { IconDeviceTv, IconHeart, IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { useTeams } from '../../api/people';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { AwardsSection } from './AwardsSection';
import { useRecognitionSettings, useWall, type WallFilters } from './api';
import { BoardsSection } from './BoardsSection';
import { openGiveKudos } from './GiveKudos';
import { RecognitionSettingsButton } from './RecognitionSettingsModal';
import { StoryCard } from './StoryCard';
import { WallSettings } from './WallSettings';

export function WallPage() {
  const teams = useTeams();
  const settings = useRecognitionSettings();
  const [filters, setFilters] = useState<WallFilters>({ sort: 'newest' });
  const wall = useWall(filters);
  const stories = wall.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filters.teamId || filters.valueTag);
  const me = useMe();
  // recognition:manage: publishing to the public page and the wall's settings.
  const canManage = me.data ? ['admin', 'leader'].includes(me.data.employee.role) : false;

  return (
    <>
      <PageHeader
        title="Service wall"
        description="Great service, in public: kudos from colleagues, what customers said about the people who served them, and milestones worth celebrating."
        actions={
          <>
            {canManage && <RecognitionSettingsButton />}
            {canManage && me.data && <WallSettings orgSlug={me.data.org.slug} />}
            <Button
              component={RouterLink}
              to="/recognition/kiosk"
              variant="default"
              leftSection={<IconDeviceTv size={16} aria-hidden />}
            >
              Kiosk mode
            </Button>
            <Button leftSection={<IconHeart size={16} aria-hidden />} onClick={() => openGiveKudos()}>
              Give kudos
            </Button>
          </>
        }
      />
      <Stack gap="md">
        <AwardsSection />
        <BoardsSection />
        <Group gap="md" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <span id="wall-sort-label" style={{ fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 }}>
              Show
            </span>
            <SegmentedControl
              aria-labelledby="wall-sort-label"
              value={filters.sort}
              onChange={(v) => setFilters((f) => ({ ...f, sort: v as WallFilters['sort'] }))}
              data={[
                { value: 'newest', label: 'Newest' },
                { value: 'celebrated', label: 'Most celebrated (30 days)' },
              ]}
            />
          </Stack>
          <Select
            label="Team"
            placeholder="All teams"
            data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={filters.teamId ?? null}
            onChange={(v) => setFilters((f) => ({ ...f, teamId: v }))}
            searchable
            clearable
            w={{ base: '100%', sm: 240 }}
          />
          {filters.teamId && (
            <Anchor component={RouterLink} to={`/recognition/teams/${filters.teamId}`} size="sm" mb={8}>
              Team page
            </Anchor>
          )}
          <Select
            label="Value"
            placeholder="All values"
            data={settings.data?.valueTags ?? []}
            value={filters.valueTag ?? null}
            onChange={(v) => setFilters((f) => ({ ...f, valueTag: v }))}
            searchable
            clearable
            w={{ base: '100%', sm: 240 }}
          />
        </Group>
        {wall.isPending ? (
          <TableSkeleton label="Loading the service wall" />
        ) : wall.isError ? (
          <ErrorAlert error={wall.error} title="Could not load the wall" onRetry={() => wall.refetch()} />
        ) : stories.length === 0 ? (
          <EmptyPanel
            icon={<IconSparkles aria-hidden />}
            title={filtered ? 'No stories match' : 'No stories yet'}
            description={
              filtered
                ? 'Try another team or value.'
                : 'Give the first kudos: thank a colleague for a success, or for the effort they put in.'
            }
            action={!filtered && <Button onClick={() => openGiveKudos()}>Give kudos</Button>}
          />
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" aria-busy={wall.isFetching}>
              {stories.map((story) => (
                <StoryCard key={story.id} story={story} canPublish={canManage} />
              ))}
            </SimpleGrid>
            <ListFooter shown={stories.length} noun={['story', 'stories']} query={wall} />
          </>
        )}
      </Stack>
    </>
  );
}
