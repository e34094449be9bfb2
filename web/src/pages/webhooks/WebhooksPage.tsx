import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconWebhook } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { validationIssues } from '../../api/client';
import {
  CHANNEL_LABELS,
  type GenericMapping,
  INTERACTION_CHANNELS,
  type InteractionChannel,
  WEBHOOK_KIND_LABELS,
  WEBHOOK_KINDS,
  type WebhookKind,
} from '../../api/types';
import { useCreateWebhook, useWebhooks } from '../../api/webhooks';
import { ErrorAlert } from '../../components/QueryStatus';
import { WebhookListPage } from './WebhookParts';

const KIND_DESCRIPTIONS: Record<WebhookKind, string> = {
  zendesk: 'A trigger notifies the webhook when a ticket is solved. Signed by Zendesk.',
  freshdesk: 'An automation rule triggers the webhook when a ticket is resolved.',
  generic: 'Any system that posts JSON; you say where each field is in the payload.',
};

type PathField = Exclude<keyof GenericMapping, 'fixedChannel' | 'condition'>;

const MAPPING_FIELDS: { key: PathField; label: string; placeholder: string; description?: string }[] = [
  {
    key: 'externalRef',
    label: 'Ticket id',
    placeholder: '/ticket/id',
    description: 'Required. With the time, makes each delivery count once however often it is retried.',
  },
  { key: 'occurredAt', label: 'Time of the interaction', placeholder: '/ticket/updated_at' },
  { key: 'customerEmail', label: 'Customer email', placeholder: '/ticket/requester/email' },
  { key: 'customerName', label: 'Customer name', placeholder: '/ticket/requester/name' },
  { key: 'customerExternalId', label: 'Customer id in your CRM', placeholder: '/ticket/requester/id' },
  { key: 'agentEmail', label: 'Agent email', placeholder: '/ticket/assignee/email' },
  { key: 'teamName', label: 'Team name', placeholder: '/ticket/group/name' },
  { key: 'channel', label: 'Channel', placeholder: '/ticket/via', description: 'Or choose a fixed channel.' },
];

interface MappingState extends Record<PathField, string> {
  fixedChannel: InteractionChannel | '';
  conditionPath: string;
  conditionEquals: string;
}

const EMPTY_MAPPING: MappingState = {
  externalRef: '',
  occurredAt: '',
  channel: '',
  customerEmail: '',
  customerName: '',
  customerExternalId: '',
  agentEmail: '',
  teamName: '',
  fixedChannel: '',
  conditionPath: '',
  conditionEquals: '',
};

function toMapping(state: MappingState): GenericMapping {
  const mapping: GenericMapping = { externalRef: state.externalRef.trim() };
  for (const { key } of MAPPING_FIELDS) {
    const value = state[key].trim();
    if (key !== 'externalRef' && value) mapping[key] = value;
  }
  if (state.fixedChannel) {
    mapping.fixedChannel = state.fixedChannel;
    delete mapping.channel;
  }
  const equals = state.conditionEquals
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (state.conditionPath.trim() && equals.length > 0)
    mapping.condition = { path: state.conditionPath.trim(), equals };
  return mapping;
}

function CreateWebhookForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateWebhook();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<WebhookKind>('zendesk');
  const [defaultChannel, setDefaultChannel] = useState<InteractionChannel>('email');
  const [mapping, setMapping] = useState<MappingState>(EMPTY_MAPPING);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issues = validationIssues(create.error);
  const issue = (key: string) => errors[key] ?? issues.get(key);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the webhook, e.g. “Zendesk support”.';
    if (kind === 'generic') {
      if (!mapping.externalRef.trim()) found['mapping.externalRef'] = 'Say where the ticket id is.';
      if (!mapping.customerEmail.trim() && !mapping.customerExternalId.trim())
        found['mapping.customerEmail'] = 'Map the customer email or the customer id.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      {
        name: name.trim(),
        kind,
        defaultChannel,
        ...(kind === 'generic' ? { mapping: toMapping(mapping) } : {}),
      },
      { onSuccess: (webhook) => navigate(`/admin/webhooks/${webhook.id}`, { state: { created: true } }) },
    );
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {create.isError && issues.size === 0 && (
          <ErrorAlert error={create.error} title="The webhook could not be created" />
        )}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={issue('name')}
          data-autofocus
        />
        <Radio.Group
          label="Helpdesk"
          value={kind}
          onChange={(value) => setKind(value as WebhookKind)}
          error={issue('kind')}
        >
          <Stack gap="xs" mt="xs">
            {WEBHOOK_KINDS.map((k) => (
              <Radio key={k} value={k} label={WEBHOOK_KIND_LABELS[k]} description={KIND_DESCRIPTIONS[k]} />
            ))}
          </Stack>
        </Radio.Group>
        <NativeSelect
          label="Default channel"
          description="Used when the ticket does not say how the customer got in touch."
          data={INTERACTION_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c }))}
          value={defaultChannel}
          onChange={(event) => setDefaultChannel(event.currentTarget.value as InteractionChannel)}
          maw={260}
        />
        {kind === 'generic' && (
          <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Title order={3} size="h5" component="legend">
              Where each field is in the payload
            </Title>
            <Text size="sm" c="dimmed">
              JSON pointers such as <code>/ticket/id</code> or dot paths such as <code>ticket.id</code>. Empty
              fields are not read.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {MAPPING_FIELDS.map((field) => (
                <TextInput
                  key={field.key}
                  label={field.label}
                  description={field.description}
                  placeholder={field.placeholder}
                  required={field.key === 'externalRef'}
                  value={mapping[field.key]}
                  disabled={field.key === 'channel' && mapping.fixedChannel !== ''}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setMapping((m) => ({ ...m, [field.key]: value }));
                  }}
                  error={issue(`mapping.${field.key}`)}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              ))}
              <NativeSelect
                label="Fixed channel"
                description="Every delivery is this channel."
                data={[
                  { value: '', label: 'Read from the payload' },
                  ...INTERACTION_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c })),
                ]}
                value={mapping.fixedChannel}
                onChange={(event) => {
                  const value = event.currentTarget.value as InteractionChannel | '';
                  setMapping((m) => ({ ...m, fixedChannel: value }));
                }}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Only when the value at"
                placeholder="ticket.status"
                description="Optional condition; other deliveries are logged as ignored."
                value={mapping.conditionPath}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setMapping((m) => ({ ...m, conditionPath: value }));
                }}
                error={issue('mapping.condition.path') ?? issue('mapping.condition')}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <TextInput
                label="is one of"
                placeholder="solved, closed"
                description="Comma-separated, not case-sensitive."
                value={mapping.conditionEquals}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setMapping((m) => ({ ...m, conditionEquals: value }));
                }}
                error={issue('mapping.condition.equals')}
              />
            </SimpleGrid>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create webhook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function WebhooksPage() {
  const webhooks = useWebhooks();
  return (
    <WebhookListPage
      title="Helpdesk webhooks"
      description="Your helpdesk tells Serviceloop when a ticket is solved; each solved ticket becomes an interaction, and your distribution rules decide who is surveyed."
      listName="Webhooks"
      webhooks={webhooks}
      empty={{
        icon: <IconWebhook aria-hidden />,
        title: 'No webhooks yet',
        description:
          'Connect Zendesk, Freshdesk or any system that can post JSON, so customers are asked after every solved ticket.',
      }}
      pathPrefix="/admin/webhooks"
      columns={[
        { header: 'Helpdesk', cell: (webhook) => WEBHOOK_KIND_LABELS[webhook.kind] },
        {
          header: 'Default channel',
          cell: (webhook) => CHANNEL_LABELS[webhook.defaultChannel] ?? webhook.defaultChannel,
        },
      ]}
      createTitle="Create webhook"
      createSize="xl"
      createForm={(onClose) => <CreateWebhookForm onClose={onClose} />}
      footer={
        <Alert variant="light" color="blue" mt="lg" maw={820}>
          Open a webhook for its URL, secret and setup steps, and for the log of what your helpdesk sent.
        </Alert>
      }
    />
  );
}
