import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type BoardEntry, useBoards } from './api';

const PERIODS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: 'A year' },
];

/** Ranks that share a count share a place: 1, 2, 2, 4. */
function places(entries: readonly BoardEntry[]): number[] {
  return entries.map((e) => entries.findIndex((x) => x.count === e.count) + 1);
}

function Board({
  title,
  unit,
  entries,
  minN,
}: {
  title: string;
  unit: string;
  entries: BoardEntry[];
  minN: number;
}) {
  const rank = places(entries);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has {minN} or more yet: keep recognising each other.
        </Text>
      ) : (
        <Stack component="ol" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
          {entries.map((e, i) => (
            <Group key={e.employee.id} component="li" justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" c="dimmed" w={22} ta="right" aria-label={`Place ${rank[i]}`}>
                  {rank[i]}.
                </Text>
                <Anchor component={RouterLink} to={`/recognition/people/${e.employee.id}`} size="sm">
                  {e.employee.name}
                </Anchor>
              </Group>
              <Text size="sm" fw={600} ta="right">
                {e.count} {unit}
                {e.served !== null && e.rate !== null && (
                  <Text span size="xs" c="dimmed" fw={400} display="block">
                    of {e.served} served · {e.rate} % (fair)
                  </Text>
                )}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/**
 * Fun, fairly: the most recognised for effort, the most helpful colleague, the most praised by
 * customers. Nobody is ranked on tiny numbers (fewer than the boards' minimum), and ties share a place.
 */
export function BoardsSection() {
  const [days, setDays] = useState('90');
  const boards = useBoards(Number(days));
  return (
    <Stack gap="xs" component="section" aria-labelledby="boards-heading">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <IconTrophy size={20} aria-hidden />
          <Title order={2} size="h4" id="boards-heading">
            Boards
          </Title>
        </Group>
        <SegmentedControl
          aria-label="Boards period"
          size="xs"
          value={days}
          onChange={setDays}
          data={PERIODS}
        />
      </Group>
      {boards.isPending ? (
        <TableSkeleton rows={3} label="Loading the boards" />
      ) : boards.error ? (
        <ErrorAlert error={boards.error} onRetry={() => boards.refetch()} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Board
              title="Recognised for effort"
              unit="kudos"
              entries={boards.data.effort}
              minN={boards.data.minN}
            />
            <Board
              title="Most helpful colleague"
              unit="kudos"
              entries={boards.data.helpful}
              minN={boards.data.minN}
            />
            <Board
              title="Praised by customers"
              unit="praises"
              entries={boards.data.praised}
              minN={boards.data.minN}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Over the last {boards.data.days} days. Nobody is ranked on fewer than {boards.data.minN}; “most
            helpful” counts kudos tagged “helped a colleague”.
          </Text>
        </>
      )}
    </Stack>
  );
}
