import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh, IconSend, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { errorMessage, validationIssues } from '../../api/client';
import {
  OUTBOUND_FORMAT_LABELS,
  type OutboundDeliveryStatus,
  type OutboundWebhook,
  useDeleteOutboundWebhook,
  useOutboundDeliveries,
  useOutboundWebhook,
  useSendTestDelivery,
  useUpdateOutboundWebhook,
} from '../../api/outbound-webhooks';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { OUTBOUND_EVENTS_DESCRIPTION } from './OutboundWebhooksPage';
import { ActiveBadge, BackLink, ConfirmAction, CopyField, DeliveryLogPanel } from './WebhookParts';

const backLink = <BackLink to="/admin/outbound-webhooks" label="All outbound webhooks" />;

function SettingsForm({ webhook }: { webhook: OutboundWebhook }) {
  const update = useUpdateOutboundWebhook(webhook.id);
  const [name, setName] = useState(webhook.name);
  const [url, setUrl] = useState(webhook.url);
  const issues = validationIssues(update.error);
  const changed = name.trim() !== webhook.name || url.trim() !== webhook.url;
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        ...(name.trim() !== webhook.name ? { name: name.trim() } : {}),
        ...(url.trim() !== webhook.url ? { url: url.trim() } : {}),
      },
      { onSuccess: () => notifications.show({ message: 'Webhook saved.', color: 'teal' }) },
    );
  };
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Webhook settings">
      <Stack gap="md">
        {update.isError && issues.size === 0 && (
          <ErrorAlert error={update.error} title="The webhook could not be saved" />
        )}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={issues.get('name') ?? (name.trim() ? undefined : 'Name the webhook.')}
        />
        <TextInput
          label="URL"
          required
          type="url"
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={issues.get('url')}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Text size="sm">
          <Text span fw={600}>
            Sends:
          </Text>{' '}
          {OUTBOUND_EVENTS_DESCRIPTION}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={!changed || !name.trim() || !url.trim()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const STATUS_COLORS: Record<OutboundDeliveryStatus, string> = {
  pending: 'blue',
  delivered: 'teal',
  failed: 'red',
};
const STATUS_LABELS: Record<OutboundDeliveryStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState<OutboundDeliveryStatus | ''>('');
  const deliveries = useOutboundDeliveries(webhookId, status || null);
  const rows = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <DeliveryLogPanel
      statuses={(['pending', 'delivered', 'failed'] as const).map((s) => ({
        value: s,
        label: STATUS_LABELS[s],
      }))}
      status={status}
      onStatusChange={setStatus}
      deliveries={deliveries}
      rowCount={rows.length}
      emptyTitle="Nothing sent yet"
      emptyDescription="Each story posted to this webhook appears here with every attempt’s outcome. Send a test to try it."
    >
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" aria-label="Deliveries" aria-busy={deliveries.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Queued</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Attempts</Table.Th>
              <Table.Th scope="col">Response</Table.Th>
              <Table.Th scope="col">Last attempt</Table.Th>
              <Table.Th scope="col">Error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((delivery) => (
              <Table.Tr key={delivery.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(delivery.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[delivery.status]} variant="light">
                    {STATUS_LABELS[delivery.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{delivery.attempts}</Table.Td>
                <Table.Td>
                  {delivery.responseStatus === null ? '—' : <Code>{delivery.responseStatus}</Code>}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {delivery.lastAttemptAt ? formatDateTime(delivery.lastAttemptAt) : '—'}
                </Table.Td>
                <Table.Td maw={360}>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {delivery.lastError ?? '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </DeliveryLogPanel>
  );
}

function Actions({ webhook }: { webhook: OutboundWebhook }) {
  const navigate = useNavigate();
  const update = useUpdateOutboundWebhook(webhook.id);
  const test = useSendTestDelivery(webhook.id);
  const remove = useDeleteOutboundWebhook(webhook.id);
  const failed = (title: string) => (error: unknown) =>
    notifications.show({ title, message: errorMessage(error), color: 'red' });
  return (
    <Group gap="sm" wrap="wrap">
      <Button
        leftSection={<IconSend size={16} aria-hidden />}
        loading={test.isPending}
        disabled={!webhook.active}
        title={webhook.active ? undefined : 'Switch the webhook on to send a test'}
        onClick={() =>
          test.mutate(undefined, {
            onSuccess: () =>
              notifications.show({
                message: 'Test story queued; its outcome appears in the delivery log.',
                color: 'teal',
              }),
            onError: failed('Test not sent'),
          })
        }
      >
        Send a test
      </Button>
      <ConfirmAction
        label="Rotate secret"
        icon={<IconRefresh size={16} aria-hidden />}
        title="Rotate the signing secret?"
        loading={update.isPending}
        onConfirm={(close) =>
          update.mutate(
            { rotateSecret: true },
            {
              onSuccess: () => {
                close();
                notifications.show({
                  message: 'New secret made. Give it to your receiver now.',
                  color: 'teal',
                });
              },
              onError: failed('Secret not rotated'),
            },
          )
        }
      >
        A new random secret signs every delivery from now on; a receiver that checks signatures rejects them
        until it has the new secret.
      </ConfirmAction>
      <ConfirmAction
        label="Delete webhook"
        icon={<IconTrash size={16} aria-hidden />}
        title={`Delete “${webhook.name}”?`}
        loading={remove.isPending}
        onConfirm={(close) =>
          remove.mutate(undefined, {
            onSuccess: () => {
              close();
              notifications.show({ message: 'Webhook deleted.', color: 'teal' });
              navigate('/admin/outbound-webhooks');
            },
            onError: failed('Webhook not deleted'),
          })
        }
      >
        Stories stop being posted to this channel, and its delivery log is deleted with it.
      </ConfirmAction>
    </Group>
  );
}

export function OutboundWebhookPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const justCreated = Boolean((location.state as { created?: boolean } | null)?.created);
  const webhook = useOutboundWebhook(id);
  const update = useUpdateOutboundWebhook(id);

  if (webhook.isPending)
    return (
      <>
        {backLink}
        <TableSkeleton rows={6} label="Loading webhook" />
      </>
    );
  if (webhook.isError)
    return (
      <>
        {backLink}
        <ErrorAlert
          error={webhook.error}
          title="Could not load this webhook"
          onRetry={() => webhook.refetch()}
        />
      </>
    );

  const data = webhook.data;
  return (
    <>
      {backLink}
      <PageHeader
        title={data.name}
        description={
          <Group gap="xs" component="span">
            <Badge variant="light" color="blue" component="span">
              {OUTBOUND_FORMAT_LABELS[data.format]}
            </Badge>
            <ActiveBadge active={data.active} />
          </Group>
        }
        actions={
          <Switch
            label={data.active ? 'Posting new stories' : 'Switched off'}
            checked={data.active}
            disabled={update.isPending}
            onChange={(event) =>
              update.mutate(
                { active: event.currentTarget.checked },
                {
                  onError: (error) =>
                    notifications.show({ title: 'Not changed', message: errorMessage(error), color: 'red' }),
                },
              )
            }
          />
        }
      />
      <Stack gap="lg" maw={960}>
        {justCreated && (
          <Alert color="teal" variant="light" title="Webhook created">
            Send a test to check the channel receives it.
            {data.format === 'generic' && ' Give your receiver the secret below so it can check signatures.'}
          </Alert>
        )}
        {!data.active && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            This webhook is switched off: new stories are not posted to it.
          </Alert>
        )}
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="settings-heading">
          <Title order={2} size="h4" mb="md" id="settings-heading">
            Settings
          </Title>
          <SettingsForm key={`${data.name}\n${data.url}`} webhook={data} />
        </Paper>
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="signing-heading">
          <Title order={2} size="h4" mb="md" id="signing-heading">
            Signing
          </Title>
          <Stack gap="md">
            <CopyField label="Secret" value={data.secret} masked={!justCreated} />
            <Text size="xs" c="dimmed">
              Signature: {data.signature}
            </Text>
            <Actions webhook={data} />
          </Stack>
        </Paper>
        <DeliveryLog webhookId={data.id} />
      </Stack>
    </>
  );
}
