import { Button, Group, Text } from '@mantine/core';

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** Under every paged list: how many rows are shown, and "Load more" while the API has more. */
export function ListFooter({
  shown,
  noun,
  query,
}: {
  shown: number;
  noun: [string, string];
  query: PagedQuery;
}) {
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" role="status">
        Showing {shown} {shown === 1 ? noun[0] : noun[1]}
      </Text>
      {query.hasNextPage && (
        <Button variant="default" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Group>
  );
}
