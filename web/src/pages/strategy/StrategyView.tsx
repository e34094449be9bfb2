import {
  Badge,
  Box,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { formatDate } from '../../components/format';
import type { Strategy, StrategyTarget, TargetStatus, TradeOff } from './api';

/** Where a trade-off leans, in words: for the screen reader label and the caption. */
export function leaning(t: Pick<TradeOff, 'left' | 'right' | 'position'>): string {
  const strength = Math.abs(t.position);
  if (strength < 10) return `balanced between ${t.left} and ${t.right}`;
  const side = t.position < 0 ? t.left : t.right;
  const how = strength >= 70 ? 'strongly' : strength >= 35 ? 'clearly' : 'slightly';
  return `leans ${how} to ${side}`;
}

/** One characteristic as a bar between its two sides, with a marker where we stand. */
export function TradeOffBar({ tradeOff }: { tradeOff: TradeOff }) {
  const at = (tradeOff.position + 100) / 2;
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm">
          {tradeOff.left}
        </Text>
        <Text fw={600} size="sm" ta="right">
          {tradeOff.right}
        </Text>
      </Group>
      <Box
        role="img"
        aria-label={`${tradeOff.left} versus ${tradeOff.right}: ${leaning(tradeOff)} (${tradeOff.position})`}
        pos="relative"
        h={12}
        style={{
          borderRadius: 6,
          background:
            'linear-gradient(90deg, var(--mantine-color-blue-2), var(--mantine-color-gray-2) 50%, var(--mantine-color-teal-2))',
        }}
      >
        <Box
          pos="absolute"
          top={-4}
          h={20}
          w={20}
          style={{
            left: `calc(${at}% - 10px)`,
            borderRadius: '50%',
            background: 'var(--mantine-color-body)',
            border: '4px solid var(--mantine-color-dark-6)',
          }}
        />
      </Box>
      <Text size="xs" c="dimmed">
        {leaning(tradeOff)}
        {tradeOff.sentence ? ` — ${tradeOff.sentence}` : ''}
      </Text>
    </Stack>
  );
}

const STATUS: Record<TargetStatus, { label: string; color: string }> = {
  achieved: { label: 'Achieved', color: 'teal' },
  on_track: { label: 'On track', color: 'green' },
  uncertain: { label: 'Uncertain', color: 'yellow' },
  off_track: { label: 'Off track', color: 'red' },
  not_enough_history: { label: 'Not enough data yet', color: 'gray' },
  past_due: { label: 'Past due', color: 'red' },
};

const METRIC = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

function TargetRow({ t }: { t: StrategyTarget }) {
  if (!t.target)
    return (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <Text size="sm" c="dimmed">
            A target that has since been removed from Analytics
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  const status = STATUS[t.target.status];
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {t.target.name ?? METRIC[t.target.metric]}
        </Text>
        {t.note && (
          <Text size="xs" c="dimmed">
            {t.note}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {METRIC[t.target.metric]} {t.target.comparator === '>=' ? '≥' : '≤'} {t.target.value}
      </Table.Td>
      <Table.Td>{formatDate(t.target.dueDate)}</Table.Td>
      <Table.Td>{t.owner?.name ?? <Text c="dimmed">No owner yet</Text>}</Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Badge color={status.color} variant="light">
            {status.label}
          </Badge>
          {t.target.current !== null && (
            <Text size="xs" c="dimmed">
              now {t.target.current}
            </Text>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function CustomerList({ title, customers, served }: { title: string; customers: string[]; served: boolean }) {
  const Icon = served ? IconCircleCheck : IconCircleX;
  return (
    <Section title={title}>
      {customers.length === 0 ? (
        <Text c="dimmed">Not named yet.</Text>
      ) : (
        <List
          spacing={4}
          icon={
            <ThemeIcon color={served ? 'teal' : 'gray'} size={20} radius="xl" variant="light">
              <Icon size={14} aria-hidden />
            </ThemeIcon>
          }
        >
          {customers.map((c) => (
            <List.Item key={c}>{c}</List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}

/** The strategy as everyone reads it. */
export function StrategyView({ strategy }: { strategy: Strategy }) {
  return (
    <Stack gap="md">
      <Section title="Vision">
        {strategy.vision ? (
          strategy.vision.split(/\n+/).map((line) => (
            <Text key={line} size="lg" mb="xs">
              {line}
            </Text>
          ))
        ) : (
          <Text c="dimmed">No vision written yet.</Text>
        )}
      </Section>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <CustomerList title="Customers we serve" customers={strategy.customersServed} served />
        <CustomerList
          title="Customers we do not serve"
          customers={strategy.customersNotServed}
          served={false}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title="Our priorities, in order">
          {strategy.priorities.length === 0 ? (
            <Text c="dimmed">No priorities yet.</Text>
          ) : (
            <List type="ordered" spacing="sm">
              {strategy.priorities.map((p) => (
                <List.Item key={p.id}>
                  <Text fw={600}>{p.title}</Text>
                  {p.description && (
                    <Text size="sm" c="dimmed">
                      {p.description}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Section>
        <Section title="Characteristics: the trade-offs we make">
          {strategy.tradeOffs.length === 0 ? (
            <Text c="dimmed">No trade-offs set yet.</Text>
          ) : (
            <Stack gap="lg">
              {strategy.tradeOffs.map((t) => (
                <TradeOffBar key={`${t.left}-${t.right}`} tradeOff={t} />
              ))}
            </Stack>
          )}
        </Section>
      </SimpleGrid>
      <Section title="Targets and their owners">
        {strategy.targets.length === 0 ? (
          <Text c="dimmed">
            No targets linked yet. Targets are set in Analytics, then linked here with an owner.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Goal</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Where we stand</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {strategy.targets.map((t) => (
                  <TargetRow key={t.targetId} t={t} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}
