import { Button, Checkbox, Group, Radio, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconBroadcast } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { validationIssues } from '../../api/client';
import {
  OUTBOUND_FORMAT_LABELS,
  OUTBOUND_FORMATS,
  type OutboundFormat,
  useCreateOutboundWebhook,
  useOutboundWebhooks,
} from '../../api/outbound-webhooks';
import { ErrorAlert } from '../../components/QueryStatus';
import { WebhookListPage } from './WebhookParts';

export const OUTBOUND_FORMAT_DESCRIPTIONS: Record<OutboundFormat, string> = {
  slack: 'A Slack incoming-webhook URL (https://hooks.slack.com/services/…).',
  teams: 'A Microsoft Teams incoming-webhook or Workflows URL; stories arrive as Adaptive Cards.',
  generic: 'Your own endpoint: JSON signed with HMAC-SHA256, so you can check it came from Serviceloop.',
};

/** The only event there is today; shown so admins know what a webhook will receive. */
export const OUTBOUND_EVENTS_DESCRIPTION =
  'Wall stories: kudos, customer praise and celebrations, as they appear on the service wall.';

function CreateOutboundWebhookForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateOutboundWebhook();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<OutboundFormat>('slack');
  const [url, setUrl] = useState('');
  const [active, setActive] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issues = validationIssues(create.error);
  const issue = (key: string) => errors[key] ?? issues.get(key);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the webhook, e.g. “#kudos in Slack”.';
    if (!url.trim()) found.url = 'Paste the URL the channel gave you.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { name: name.trim(), format, url: url.trim(), active },
      {
        onSuccess: (webhook) =>
          navigate(`/admin/outbound-webhooks/${webhook.id}`, { state: { created: true } }),
      },
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
          label="Format"
          value={format}
          onChange={(value) => setFormat(value as OutboundFormat)}
          error={issue('format')}
        >
          <Stack gap="xs" mt="xs">
            {OUTBOUND_FORMATS.map((f) => (
              <Radio
                key={f}
                value={f}
                label={OUTBOUND_FORMAT_LABELS[f]}
                description={OUTBOUND_FORMAT_DESCRIPTIONS[f]}
              />
            ))}
          </Stack>
        </Radio.Group>
        <TextInput
          label="URL"
          required
          type="url"
          placeholder="https://"
          description="Must be https to a public host, unless your administrator allows internal ones."
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={issue('url')}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Checkbox label="Wall stories" description={OUTBOUND_EVENTS_DESCRIPTION} checked readOnly disabled />
        <Switch
          label="Active: post new stories as they happen"
          checked={active}
          onChange={(event) => setActive(event.currentTarget.checked)}
        />
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

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export function OutboundWebhooksPage() {
  return (
    <WebhookListPage
      title="Outbound webhooks"
      description="Post every new story on the service wall to a Slack or Microsoft Teams channel, or to your own system as signed JSON."
      listName="Outbound webhooks"
      webhooks={useOutboundWebhooks()}
      empty={{
        icon: <IconBroadcast aria-hidden />,
        title: 'No outbound webhooks yet',
        description: 'Share kudos, customer praise and celebrations where your people already talk.',
      }}
      pathPrefix="/admin/outbound-webhooks"
      columns={[
        { header: 'Format', cell: (webhook) => OUTBOUND_FORMAT_LABELS[webhook.format] },
        {
          header: 'Posts to',
          cell: (webhook) => (
            <Text size="sm" ff="monospace">
              {hostOf(webhook.url)}
            </Text>
          ),
        },
      ]}
      createTitle="Create outbound webhook"
      createSize="lg"
      createForm={(onClose) => <CreateOutboundWebhookForm onClose={onClose} />}
    />
  );
}
