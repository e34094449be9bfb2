import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconInbox, IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Copy } from '../../components/Copy';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
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

/** Whether a webhook is on. */
export function ActiveBadge({ active }: { active: boolean }) {
  return active ? (
    <Badge color="teal" variant="light">
      Active
    </Badge>
  ) : (
    <Badge color="gray" variant="light">
      Off
    </Badge>
  );
}

interface ListedWebhook {
  id: string;
  name: string;
  active: boolean;
  createdAt: string;
}

interface WebhookListPageProps<W extends ListedWebhook> {
  title: string;
  description: string;
  /** What the list is called in its table, loading and error messages, e.g. "Outbound webhooks". */
  listName: string;
  webhooks: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: W[] | undefined;
    refetch: () => unknown;
  };
  empty: { icon: ReactNode; title: string; description: string };
  /** Where a webhook's own page is: `${pathPrefix}/${id}`. */
  pathPrefix: string;
  /** The columns between the name and the status. */
  columns: { header: string; cell: (webhook: W) => ReactNode }[];
  createTitle: string;
  createSize: string;
  createForm: (onClose: () => void) => ReactNode;
  /** Shown under a list that has webhooks. */
  footer?: ReactNode;
}

/**
 * A list of webhooks (helpdesk or outbound): header with "Create webhook", loading, error and
 * empty states, a table of name, the kind's own columns, status and creation date, and the create
 * form in a dialog.
 */
export function WebhookListPage<W extends ListedWebhook>({
  title,
  description,
  listName,
  webhooks,
  empty,
  pathPrefix,
  columns,
  createTitle,
  createSize,
  createForm,
  footer,
}: WebhookListPageProps<W>) {
  const [creating, { open, close }] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            Create webhook
          </Button>
        }
      />
      {webhooks.isPending ? (
        <TableSkeleton label={`Loading ${listName.toLowerCase()}`} />
      ) : webhooks.isError || !webhooks.data ? (
        <ErrorAlert
          error={webhooks.error}
          title={`Could not load ${listName.toLowerCase()}`}
          onRetry={() => webhooks.refetch()}
        />
      ) : webhooks.data.length === 0 ? (
        <EmptyPanel
          icon={empty.icon}
          title={empty.title}
          description={empty.description}
          action={
            <Button variant="default" onClick={open}>
              Create webhook
            </Button>
          }
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" aria-label={listName} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  {columns.map((c) => (
                    <Table.Th scope="col" key={c.header}>
                      {c.header}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.data.map((webhook) => (
                  <Table.Tr key={webhook.id}>
                    <Table.Td>
                      <Anchor component={RouterLink} to={`${pathPrefix}/${webhook.id}`} fw={600}>
                        {webhook.name}
                      </Anchor>
                    </Table.Td>
                    {columns.map((c) => (
                      <Table.Td key={c.header}>{c.cell(webhook)}</Table.Td>
                    ))}
                    <Table.Td>
                      <ActiveBadge active={webhook.active} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(webhook.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {footer}
        </>
      )}
      <Modal opened={creating} onClose={close} title={createTitle} size={createSize}>
        {creating && createForm(close)}
      </Modal>
    </>
  );
}
