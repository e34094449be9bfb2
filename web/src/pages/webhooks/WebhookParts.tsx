import {
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Copy } from '../../components/Copy';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

/** The link back to a webhook list, above a webhook's page. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={RouterLink} to={to} size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> {label}
      </Group>
    </Anchor>
  );
}

/** A read-only value (URL, secret) with a copy button; `masked` hides it until revealed. */
export function CopyField({
  label,
  value,
  masked = false,
}: {
  label: string;
  value: string;
  masked?: boolean;
}) {
  const Input = masked ? PasswordInput : TextInput;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Input
        label={label}
        value={value}
        readOnly
        style={{ flex: 1 }}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        onFocus={(event) => event.currentTarget.select()}
      />
      <Copy value={value} what={label.toLowerCase()} />
    </Group>
  );
}

interface ConfirmActionProps {
  label: string;
  icon?: ReactNode;
  title: string;
  /** What happens, in a sentence or two. */
  children: ReactNode;
  color?: string;
  loading: boolean;
  /** Runs the action; call `close` when it has succeeded. */
  onConfirm: (close: () => void) => void;
}

/** A button that asks before doing something that cannot be undone (rotate a secret, delete). */
export function ConfirmAction({
  label,
  icon,
  title,
  children,
  color = 'red',
  loading,
  onConfirm,
}: ConfirmActionProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" color={color} leftSection={icon} onClick={open}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Stack>
          <Text size="sm">{children}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color={color} loading={loading} onClick={() => onConfirm(close)}>
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** What the delivery log needs of a paged deliveries query. */
interface DeliveriesQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  isRefetching: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  refetch: () => unknown;
  fetchNextPage: () => unknown;
}

interface DeliveryLogPanelProps<S extends string> {
  statuses: { value: S; label: string }[];
  status: S | '';
  onStatusChange: (status: S | '') => void;
  deliveries: DeliveriesQuery;
  rowCount: number;
  /** Shown when nothing has been logged at all. */
  emptyTitle: string;
  emptyDescription: string;
  /** The table of deliveries. */
  children: ReactNode;
}

/** A webhook's delivery log: status filter, refresh, loading, error and empty states, load more. */
export function DeliveryLogPanel<S extends string>({
  statuses,
  status,
  onStatusChange,
  deliveries,
  rowCount,
  emptyTitle,
  emptyDescription,
  children,
}: DeliveryLogPanelProps<S>) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="deliveries-heading">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Title order={2} size="h4" id="deliveries-heading">
          Delivery log
        </Title>
        <Group gap="xs">
          <NativeSelect
            aria-label="Delivery status"
            data={[{ value: '', label: 'All deliveries' }, ...statuses]}
            value={status}
            onChange={(event) => onStatusChange(event.currentTarget.value as S | '')}
          />
          <Button variant="default" onClick={() => deliveries.refetch()} loading={deliveries.isRefetching}>
            Refresh
          </Button>
        </Group>
      </Group>
      {deliveries.isPending ? (
        <TableSkeleton rows={3} label="Loading deliveries" />
      ) : deliveries.isError ? (
        <ErrorAlert
          error={deliveries.error}
          title="Could not load deliveries"
          onRetry={() => deliveries.refetch()}
        />
      ) : rowCount === 0 ? (
        <EmptyPanel
          icon={<IconInbox aria-hidden />}
          title={status ? 'No delivery matches' : emptyTitle}
          description={status ? 'Choose another status.' : emptyDescription}
        />
      ) : (
        <>
          {children}
          {deliveries.hasNextPage && (
            <Group justify="flex-end" mt="md">
              <Button
                variant="default"
                onClick={() => deliveries.fetchNextPage()}
                loading={deliveries.isFetchingNextPage}
              >
                Load more
              </Button>
            </Group>
          )}
        </>
      )}
    </Paper>
  );
}
