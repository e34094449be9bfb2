import { Badge, Box, Group, List, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type StrategyDiff, useVersionDiff, useVersions } from './api';

function Changes({ title, children, empty }: { title: string; children: React.ReactNode; empty: boolean }) {
  if (empty) return null;
  return (
    <Box component="section" aria-label={title}>
      <Title order={3} size="h6" mb={4}>
        {title}
      </Title>
      {children}
    </Box>
  );
}

/** A readable diff: words added and removed in the vision, then every list's changes. */
export function DiffView({ diff }: { diff: StrategyDiff }) {
  if (!diff.changed) return <Text c="dimmed">Nothing changed between these versions.</Text>;
  const { priorities, tradeOffs } = diff;
  return (
    <Stack gap="md">
      <Changes title="Vision" empty={!diff.vision.changed}>
        <Text style={{ whiteSpace: 'pre-wrap' }}>
          {diff.vision.segments.map((s, i) =>
            s.op === 'same' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are a fixed sequence
              <span key={i}>{s.text}</span>
            ) : s.op === 'added' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are a fixed sequence
              <ins key={i} style={{ background: 'var(--mantine-color-teal-1)', textDecoration: 'underline' }}>
                {s.text}
              </ins>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are a fixed sequence
              <del key={i} style={{ background: 'var(--mantine-color-red-1)' }}>
                {s.text}
              </del>
            ),
          )}
        </Text>
      </Changes>
      <Changes
        title="Priorities"
        empty={
          priorities.added.length +
            priorities.removed.length +
            priorities.moved.length +
            priorities.edited.length ===
          0
        }
      >
        <List spacing={4}>
          {priorities.added.map((p) => (
            <List.Item key={`a-${p.id}`}>
              <Badge color="teal" variant="light" mr={6}>
                new
              </Badge>
              {p.title} (at {p.rank})
            </List.Item>
          ))}
          {priorities.moved.map((p) => (
            <List.Item key={`m-${p.id}`}>
              <Badge color="blue" variant="light" mr={6}>
                moved
              </Badge>
              {p.title}: from {p.fromRank} to {p.toRank}
            </List.Item>
          ))}
          {priorities.edited.map((p) => (
            <List.Item key={`e-${p.id}`}>
              <Badge color="gray" variant="light" mr={6}>
                reworded
              </Badge>
              {p.titleFrom === p.titleTo ? `${p.titleTo} (description)` : `“${p.titleFrom}” → “${p.titleTo}”`}
            </List.Item>
          ))}
          {priorities.removed.map((p) => (
            <List.Item key={`r-${p.id}`}>
              <Badge color="red" variant="light" mr={6}>
                dropped
              </Badge>
              {p.title} (was {p.rank})
            </List.Item>
          ))}
        </List>
      </Changes>
      {(
        [
          ['Customers we serve', diff.customersServed],
          ['Customers we do not serve', diff.customersNotServed],
        ] as const
      ).map(([title, change]) => (
        <Changes key={title} title={title} empty={change.added.length + change.removed.length === 0}>
          <Text size="sm">
            {change.added.length > 0 && <>Added: {change.added.join(', ')}. </>}
            {change.removed.length > 0 && <>Removed: {change.removed.join(', ')}.</>}
          </Text>
        </Changes>
      ))}
      <Changes
        title="Trade-offs"
        empty={tradeOffs.added.length + tradeOffs.removed.length + tradeOffs.changed.length === 0}
      >
        <List spacing={4}>
          {tradeOffs.changed.map((t) => (
            <List.Item key={`c-${t.left}-${t.right}`}>
              {t.left} ↔ {t.right}: {t.from} → {t.to}
              {t.sentenceFrom !== t.sentenceTo && ` (“${t.sentenceTo}”)`}
            </List.Item>
          ))}
          {tradeOffs.added.map((t) => (
            <List.Item key={`a-${t.left}-${t.right}`}>
              New: {t.left} ↔ {t.right} at {t.position}
            </List.Item>
          ))}
          {tradeOffs.removed.map((t) => (
            <List.Item key={`r-${t.left}-${t.right}`}>
              Dropped: {t.left} ↔ {t.right}
            </List.Item>
          ))}
        </List>
      </Changes>
      <Changes
        title="Targets"
        empty={diff.targets.added.length + diff.targets.removed.length + diff.targets.changed.length === 0}
      >
        <Text size="sm">
          {diff.targets.added.length} linked, {diff.targets.removed.length} unlinked,{' '}
          {diff.targets.changed.length} with a new owner or note.
        </Text>
      </Changes>
    </Stack>
  );
}

/** Every published version, and what changed between any two of them. */
export function History() {
  const versions = useVersions();
  const [to, setTo] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const items = versions.data ?? [];
  const toId = to ?? items[0]?.id ?? null;
  const toNumber = items.find((v) => v.id === toId)?.number ?? 0;
  const fromId = from ?? items.find((v) => v.number === toNumber - 1)?.id ?? null;
  const diff = useVersionDiff(fromId ? toId : null, fromId);

  if (versions.isPending) return <TableSkeleton label="Loading the versions" />;
  if (versions.error) return <ErrorAlert error={versions.error} onRetry={() => versions.refetch()} />;
  if (items.length === 0)
    return (
      <EmptyPanel
        icon={<IconHistory aria-hidden />}
        title="Nothing published yet"
        description="Every published version is kept here, and you can compare any two."
      />
    );
  const options = items.map((v) => ({
    value: v.id,
    label: `Version ${v.number} · ${formatDateTime(v.publishedAt)}`,
  }));
  return (
    <Stack gap="md">
      <Table.ScrollContainer minWidth={480}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Published</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>What changed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.number}</Table.Td>
                <Table.Td>{formatDateTime(v.publishedAt)}</Table.Td>
                <Table.Td>{v.publishedBy?.name ?? '—'}</Table.Td>
                <Table.Td>{v.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paper withBorder radius="md" p="lg">
        <Title order={2} size="h4" mb="sm">
          Compare versions
        </Title>
        <Group grow mb="md" align="flex-end">
          <Select
            label="From"
            data={options}
            value={fromId}
            onChange={setFrom}
            placeholder="Choose a version"
          />
          <Select label="To" data={options} value={toId} onChange={setTo} allowDeselect={false} />
        </Group>
        {!fromId ? (
          <Text c="dimmed">Version 1 has nothing before it: choose a version to compare with.</Text>
        ) : diff.isPending ? (
          <TableSkeleton rows={3} label="Loading the changes" />
        ) : diff.error ? (
          <ErrorAlert error={diff.error} />
        ) : (
          <DiffView diff={diff.data.diff} />
        )}
      </Paper>
    </Stack>
  );
}
