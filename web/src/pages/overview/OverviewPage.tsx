import {
  Anchor,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { useAllEmployees, useTeams } from '../../api/people';
import { capabilityGroups } from '../../capabilities';
import { useDocumentTitle } from '../../components/useDocumentTitle';

interface CountProps {
  label: string;
  value: number | undefined;
  loading: boolean;
  error: unknown;
  to?: string;
}

function Count({ label, value, loading, error, to }: CountProps) {
  let body: ReactNode;
  if (loading) body = <Skeleton height={36} width={80} aria-label={`Loading ${label.toLowerCase()}`} />;
  else if (error)
    body = (
      <Text size="sm" c="dimmed">
        {error instanceof ApiError && error.status === 403 ? 'Not visible to your role' : 'Could not load'}
      </Text>
    );
  else
    body = (
      <Text fz={32} fw={700} lh={1.1}>
        {value}
      </Text>
    );
  return (
    <Paper withBorder radius="md" p="lg">
      <Text size="sm" c="dimmed" fw={600}>
        {to && !error ? (
          <Anchor component={RouterLink} to={to} inherit c="inherit">
            {label}
          </Anchor>
        ) : (
          label
        )}
      </Text>
      {body}
    </Paper>
  );
}

export function OverviewPage() {
  useDocumentTitle('Overview');
  const me = useMe();
  const people = useAllEmployees();
  const teams = useTeams();
  if (!me.data) return null;
  const { employee, org } = me.data;
  const isAdmin = employee.role === 'admin';
  const cards = capabilityGroups
    .filter((group) => !group.adminOnly || isAdmin)
    .flatMap((group) => group.items)
    .filter((item) => item.path !== '/');

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Welcome, {employee.preferredName ?? employee.name}
        </Title>
        <Text c="dimmed">
          {org.name} on Serviceloop: what customers say, and how your people are recognised, coached and
          trained because of it.
        </Text>
      </Stack>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} maw={720}>
        <Count
          label="Active people"
          value={people.data?.length}
          loading={people.isPending}
          error={people.error}
          to={isAdmin ? '/admin/people' : undefined}
        />
        <Count
          label="Teams"
          value={teams.data?.length}
          loading={teams.isPending}
          error={teams.error}
          to={isAdmin ? '/admin/teams' : undefined}
        />
      </SimpleGrid>

      <section aria-labelledby="capabilities-heading">
        <Title order={2} size="h4" mb="sm" id="capabilities-heading">
          Capabilities
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {cards.map((item) => (
            <Card key={item.path} withBorder radius="md" padding="md" component={RouterLink} to={item.path}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
                  <item.icon size={20} />
                </ThemeIcon>
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{item.label}</Text>
                    {!item.built && (
                      <Text size="xs" c="dimmed">
                        (coming soon)
                      </Text>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed" lineClamp={3}>
                    {item.description}
                  </Text>
                </Stack>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </section>
    </Stack>
  );
}
