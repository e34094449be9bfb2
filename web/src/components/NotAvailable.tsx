import { Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBarrierBlock } from '@tabler/icons-react';
import type { Capability } from '../capabilities';
import { PageHeader } from './PageHeader';

export function NotAvailable({ capability }: { capability: Capability }) {
  const Icon = capability.icon;
  return (
    <>
      <PageHeader title={capability.label} />
      <Paper withBorder radius="md" p="xl" maw={640}>
        <Stack align="flex-start" gap="sm">
          <ThemeIcon variant="light" size={48} radius="xl" aria-hidden>
            <Icon size={26} />
          </ThemeIcon>
          <Title order={2} size="h4">
            Not available yet
          </Title>
          <Text>{capability.description}</Text>
          <Text size="sm" c="dimmed">
            This part of Serviceloop is still being built. Nothing here is sample data.
          </Text>
        </Stack>
      </Paper>
    </>
  );
}

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Paper withBorder radius="md" p="xl" maw={640}>
        <Stack gap="sm">
          <IconBarrierBlock aria-hidden />
          <Text>There is no page at this address. Use the navigation to find what you need.</Text>
        </Stack>
      </Paper>
    </>
  );
}
