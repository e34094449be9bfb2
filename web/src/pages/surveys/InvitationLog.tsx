import { Anchor, Badge, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useInvitations } from '../../api/surveys';
import { CHANNEL_LABELS, INVITATION_STATUS_LABELS, type InvitationStatus } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ListFooter } from '../../components/ListFooter';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

const FILTERS: InvitationStatus[] = ['scheduled', 'sent', 'opened', 'answered', 'bounced'];
const STATUS_COLORS: Record<InvitationStatus, string> = {
  created: 'gray',
  scheduled: 'gray',
  sent: 'blue',
  opened: 'indigo',
  answered: 'teal',
  bounced: 'red',
};

export function InvitationLog({ surveyId }: { surveyId: string }) {
  const [status, setStatus] = useState<InvitationStatus | ''>('');
  const invitations = useInvitations(surveyId, status || null);
  const rows = invitations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <Group>
        <NativeSelect
          label="Invitation status"
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as InvitationStatus | '')}
          data={[
            { value: '', label: 'All statuses' },
            ...FILTERS.map((s) => ({ value: s, label: INVITATION_STATUS_LABELS[s] })),
          ]}
        />
      </Group>
      {invitations.isPending ? (
        <TableSkeleton label="Loading invitations" />
      ) : invitations.isError ? (
        <ErrorAlert
          error={invitations.error}
          title="Could not load invitations"
          onRetry={() => invitations.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyPanel
          icon={<IconMailForward aria-hidden />}
          title={
            status ? `No ${INVITATION_STATUS_LABELS[status].toLowerCase()} invitations` : 'No invitations yet'
          }
          description={
            status
              ? 'Choose another status, or all statuses.'
              : 'Invitations are created when your helpdesk records an interaction through the API and asks this survey to be sent. Customers who answer through the shareable link need no invitation.'
          }
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" aria-label="Invitations" aria-busy={invitations.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Customer</Table.Th>
                  <Table.Th scope="col">Channel</Table.Th>
                  <Table.Th scope="col">Language</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                  <Table.Th scope="col">Sent</Table.Th>
                  <Table.Th scope="col">Opened</Table.Th>
                  <Table.Th scope="col">Answered</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>
                      <Anchor component={RouterLink} to={`/customers/${invitation.customerId}`} fw={600}>
                        {invitation.customerName ?? invitation.customerEmail ?? 'Customer'}
                      </Anchor>
                      {invitation.customerName && invitation.customerEmail && (
                        <Text size="xs" c="dimmed">
                          {invitation.customerEmail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{CHANNEL_LABELS[invitation.channel] ?? invitation.channel}</Table.Td>
                    <Table.Td>{invitation.locale.toUpperCase()}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[invitation.status]} variant="light">
                        {INVITATION_STATUS_LABELS[invitation.status]}
                      </Badge>
                      {invitation.status === 'scheduled' && invitation.scheduledFor && (
                        <Text size="xs" c="dimmed">
                          for {formatDateTime(invitation.scheduledFor)}
                        </Text>
                      )}
                      {invitation.bouncedAt && (
                        <Text size="xs" c="dimmed">
                          {formatDateTime(invitation.bouncedAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(invitation.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(invitation.sentAt)}</Table.Td>
                    <Table.Td>{formatDateTime(invitation.openedAt)}</Table.Td>
                    <Table.Td>{formatDateTime(invitation.answeredAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListFooter shown={rows.length} noun={['invitation', 'invitations']} query={invitations} />
        </>
      )}
    </Stack>
  );
}
