import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { ErrorAlert } from '../../components/QueryStatus';
import { CaseStatusBadge } from './CasesInboxPage';
import { type CaseSummary, useOpenCase } from './casesApi';

type LoyaltyStatus = 'promoter' | 'passive' | 'detractor' | 'at_risk' | 'recovered' | 'lost' | 'unknown';
const LOYALTY: Record<LoyaltyStatus, { label: string; color: string }> = {
  promoter: { label: 'Promoter', color: 'teal' },
  passive: { label: 'Passive', color: 'yellow' },
  detractor: { label: 'Detractor', color: 'red' },
  at_risk: { label: 'At risk', color: 'orange' },
  recovered: { label: 'Recovered', color: 'teal' },
  lost: { label: 'Lost', color: 'gray' },
  unknown: { label: 'No score yet', color: 'gray' },
};

/** Loyalty status and close-the-loop cases on the customer page, with "Open a case". */
export function CustomerLoyaltyPanel({ customerId }: { customerId: string }) {
  const navigate = useNavigate();
  const loyalty = useQuery({
    queryKey: ['cases', 'loyalty', customerId],
    queryFn: ({ signal }) =>
      api.get<{ status: LoyaltyStatus; why: string }>(`/api/v1/customers/${customerId}/loyalty`, { signal }),
  });
  const cases = useQuery({
    queryKey: ['cases', 'list', { customerId }],
    queryFn: ({ signal }) =>
      api.get<{ items: CaseSummary[] }>('/api/v1/cases', {
        query: { customerId, status: 'any', scope: 'all', limit: 20 },
        signal,
      }),
  });
  const open = useOpenCase();
  const hasOpen = cases.data?.items.some((c) => c.status === 'new' || c.status === 'contacted');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Loyalty and cases">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4">
          Loyalty and cases
        </Title>
        {!hasOpen && (
          <Button
            size="xs"
            variant="default"
            loading={open.isPending}
            onClick={() =>
              open.mutate(
                { customerId },
                {
                  onSuccess: (c) => navigate(`/cases/${c.id}`),
                  onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
                },
              )
            }
          >
            Open a case
          </Button>
        )}
      </Group>
      {loyalty.isError ? (
        <ErrorAlert error={loyalty.error} />
      ) : (
        loyalty.data && (
          <Group gap="xs" mb="sm">
            <Badge color={LOYALTY[loyalty.data.status].color} size="lg">
              {LOYALTY[loyalty.data.status].label}
            </Badge>
            <Text size="sm" c="dimmed">
              {loyalty.data.why}
            </Text>
          </Group>
        )
      )}
      {cases.data && cases.data.items.length > 0 && (
        <Stack gap={4}>
          {cases.data.items.map((c) => (
            <Group key={c.id} gap="sm" wrap="wrap">
              <Anchor component={RouterLink} to={`/cases/${c.id}`} size="sm">
                {c.reason}
              </Anchor>
              <CaseStatusBadge c={c} />
              <Text size="xs" c="dimmed">
                opened {formatDateTime(c.openedAt)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
