import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { errorMessage, validationIssues } from '../../api/client';
import { useInteraction } from '../../api/customers';
import {
  type DeliveryStatus,
  type InboundWebhook,
  WEBHOOK_KIND_LABELS,
  type WebhookDelivery,
} from '../../api/types';
import { useUpdateWebhook, useWebhook, useWebhookDeliveries } from '../../api/webhooks';
import { Copy } from '../../components/Copy';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { BackLink, ConfirmAction, CopyField, DeliveryLogPanel } from './WebhookParts';

function Instructions({ webhook }: { webhook: InboundWebhook }) {
  if (webhook.kind === 'zendesk')
    return (
      <List type="ordered" size="sm" spacing="xs">
        <List.Item>
          In Zendesk, go to Admin Center › Apps and integrations › Webhooks and create a webhook: “Trigger or
          automation”, method POST, format JSON, endpoint URL = the URL above.
        </List.Item>
        <List.Item>
          Zendesk makes its own signing secret. Open the new webhook in Zendesk, reveal its signing secret and
          paste it below under “Zendesk signing secret”.
        </List.Item>
        <List.Item>
          Add a trigger: condition “Ticket status is Solved”, action “Notify webhook” with this webhook, and
          paste the JSON body below.
        </List.Item>
        <List.Item>
          Zendesk signs each delivery (<Code>X-Zendesk-Webhook-Signature</Code> with its timestamp);
          deliveries more than 15 minutes old are refused.
        </List.Item>
      </List>
    );
  if (webhook.kind === 'freshdesk')
    return (
      <List type="ordered" size="sm" spacing="xs">
        <List.Item>
          In Freshdesk, go to Admin › Automations › Ticket updates and create a rule: when “Status is changed
          to Resolved”.
        </List.Item>
        <List.Item>
          Action “Trigger webhook”: request type POST, URL = the URL above, encoding JSON, content “Advanced”
          = the JSON body below.
        </List.Item>
        <List.Item>
          Freshdesk cannot sign requests, so add a custom header <Code>X-Serviceloop-Token</Code> with the
          secret above as its value.
        </List.Item>
      </List>
    );
  return (
    <List type="ordered" size="sm" spacing="xs">
      <List.Item>Have your system POST JSON to the URL above when a ticket is solved.</List.Item>
      <List.Item>
        Sign each request: header <Code>X-Serviceloop-Signature: sha256=&lt;hex&gt;</Code>, the hex
        HMAC-SHA256 of the raw body with the secret above.
      </List.Item>
      <List.Item>Fields are read from the payload as mapped below.</List.Item>
    </List>
  );
}

function ZendeskSecretForm({ webhook }: { webhook: InboundWebhook }) {
  const update = useUpdateWebhook(webhook.id);
  const [secret, setSecret] = useState('');
  const issues = validationIssues(update.error);
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { secret: secret.trim() },
      {
        onSuccess: () => {
          setSecret('');
          notifications.show({ message: 'Signing secret saved.', color: 'teal' });
        },
      },
    );
  };
  return (
    <form onSubmit={handleSubmit} noValidate>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          label="Zendesk signing secret"
          description="Paste the secret Zendesk shows for the webhook; it replaces the one above."
          value={secret}
          onChange={(event) => setSecret(event.currentTarget.value)}
          error={
            issues.get('secret') ??
            (update.isError && issues.size === 0 ? errorMessage(update.error) : undefined)
          }
          style={{ flex: 1, minWidth: 240 }}
          autoComplete="off"
        />
        <Button type="submit" mt={{ base: 0, xs: 46 }} loading={update.isPending} disabled={!secret.trim()}>
          Save secret
        </Button>
      </Group>
    </form>
  );
}

function RotateSecretButton({ webhook }: { webhook: InboundWebhook }) {
  const update = useUpdateWebhook(webhook.id);
  return (
    <ConfirmAction
      label="Rotate secret"
      icon={<IconRefresh size={16} aria-hidden />}
      title="Rotate the secret?"
      loading={update.isPending}
      onConfirm={(close) =>
        update.mutate(
          { rotateSecret: true },
          {
            onSuccess: () => {
              close();
              notifications.show({
                message: 'New secret made. Copy it into your helpdesk now.',
                color: 'teal',
              });
            },
            onError: (error) =>
              notifications.show({
                title: 'Secret not rotated',
                message: errorMessage(error),
                color: 'red',
              }),
          },
        )
      }
    >
      A new random secret is made and the old one stops working at once: deliveries are rejected until you put
      the new secret into {WEBHOOK_KIND_LABELS[webhook.kind]}.
    </ConfirmAction>
  );
}

const STATUS_COLORS: Record<DeliveryStatus, string> = { accepted: 'teal', ignored: 'gray', rejected: 'red' };
const STATUS_LABELS: Record<DeliveryStatus, string> = {
  accepted: 'Accepted',
  ignored: 'Ignored',
  rejected: 'Rejected',
};

function InteractionLink({ id }: { id: string }) {
  const interaction = useInteraction(id);
  if (!interaction.data) return <Text size="sm">Interaction</Text>;
  return (
    <Anchor component={RouterLink} to={`/customers/${interaction.data.customerId}`} size="sm">
      {interaction.data.customerName ?? 'Customer'}
    </Anchor>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const deliveries = useWebhookDeliveries(webhookId, status || null);
  const rows: WebhookDelivery[] = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <DeliveryLogPanel
      statuses={(['accepted', 'ignored', 'rejected'] as const).map((s) => ({
        value: s,
        label: STATUS_LABELS[s],
      }))}
      status={status}
      onStatusChange={setStatus}
      deliveries={deliveries}
      rowCount={rows.length}
      emptyTitle="Nothing received yet"
      emptyDescription="Every request your helpdesk sends to the URL appears here, accepted or not."
    >
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" aria-label="Deliveries" aria-busy={deliveries.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Received</Table.Th>
              <Table.Th scope="col">Signature</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">HTTP</Table.Th>
              <Table.Th scope="col">Error</Table.Th>
              <Table.Th scope="col">Interaction</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((delivery) => (
              <Table.Tr key={delivery.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(delivery.receivedAt)}</Table.Td>
                <Table.Td>
                  {delivery.signatureOk ? (
                    <Badge color="teal" variant="outline">
                      Valid
                    </Badge>
                  ) : (
                    <Badge color="red" variant="outline">
                      Invalid
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[delivery.status]} variant="light">
                    {STATUS_LABELS[delivery.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Code>{delivery.httpStatus}</Code>
                </Table.Td>
                <Table.Td maw={320}>
                  <Text size="sm">{delivery.error ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {delivery.interactionId ? <InteractionLink id={delivery.interactionId} /> : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </DeliveryLogPanel>
  );
}

export function WebhookPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const justCreated = Boolean((location.state as { created?: boolean } | null)?.created);
  const webhook = useWebhook(id);
  const update = useUpdateWebhook(id);

  if (webhook.isPending)
    return (
      <>
        <BackLink to="/admin/webhooks" label="All webhooks" />
        <TableSkeleton rows={6} label="Loading webhook" />
      </>
    );
  if (webhook.isError)
    return (
      <>
        <BackLink to="/admin/webhooks" label="All webhooks" />
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
      <BackLink to="/admin/webhooks" label="All webhooks" />
      <PageHeader
        title={data.name}
        description={
          <Badge variant="light" color="blue" component="span">
            {WEBHOOK_KIND_LABELS[data.kind]}
          </Badge>
        }
        actions={
          <Switch
            label={data.active ? 'Receiving deliveries' : 'Switched off'}
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
          <Alert
            color="yellow"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title="Set it up now"
          >
            Copy the URL and the secret into {WEBHOOK_KIND_LABELS[data.kind]} while you are here. Keep the
            secret private: anyone with it can send interactions.
          </Alert>
        )}
        {!data.active && (
          <Alert color="orange" variant="light">
            This webhook is switched off: deliveries are answered but not recorded as interactions.
          </Alert>
        )}
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="setup-heading">
          <Title order={2} size="h4" mb="md" id="setup-heading">
            Setup
          </Title>
          <Stack gap="md">
            <CopyField label="URL" value={data.url} />
            <CopyField label="Secret" value={data.secret} masked={!justCreated} />
            <Text size="xs" c="dimmed">
              Signature: {data.signature}
            </Text>
            <Instructions webhook={data} />
            {data.bodyTemplate && (
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <Textarea
                  label="JSON body"
                  value={data.bodyTemplate}
                  readOnly
                  autosize
                  minRows={4}
                  style={{ flex: 1 }}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
                />
                <Copy value={data.bodyTemplate} what="JSON body" />
              </Group>
            )}
            {data.kind === 'zendesk' && <ZendeskSecretForm webhook={data} />}
            {data.mapping && (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Mapping
                </Text>
                <Code block>{JSON.stringify(data.mapping, null, 2)}</Code>
              </Stack>
            )}
            <Group>
              <RotateSecretButton webhook={data} />
            </Group>
          </Stack>
        </Paper>
        <DeliveryLog webhookId={data.id} />
      </Stack>
    </>
  );
}
