import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useApiKeyScopes, useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/apiKeys';
import { errorMessage } from '../../api/client';
import type { ApiKey } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

const ALL = 'all';

function CreateKeyForm({ onClose }: { onClose: () => void }) {
  const scopes = useApiKeyScopes();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([ALL]);
  const [nameError, setNameError] = useState<string | undefined>();

  if (create.data) {
    const { key, apiKey } = create.data;
    return (
      <Stack gap="md">
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title="Copy this key now"
        >
          This is the only time the full key is shown. Store it somewhere safe, such as your helpdesk’s secret
          settings. If you lose it, revoke it and create another.
        </Alert>
        <Text size="sm" fw={600} id="new-key-label">
          API key “{apiKey.name}”
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code block aria-labelledby="new-key-label" style={{ flex: 1, wordBreak: 'break-all' }}>
            {key}
          </Code>
          <CopyButton value={key}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy key'} withArrow>
                <ActionIcon
                  variant={copied ? 'filled' : 'default'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  onClick={copy}
                  aria-label={copied ? 'Copied' : 'Copy key'}
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>I have stored the key</Button>
        </Group>
      </Stack>
    );
  }

  const toggle = (scope: string, checked: boolean) => {
    if (scope === ALL) {
      setChosen(checked ? [ALL] : []);
      return;
    }
    setChosen((current) => {
      const rest = current.filter((item) => item !== ALL && item !== scope);
      return checked ? [...rest, scope] : rest;
    });
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Name the key after what will use it.');
      return;
    }
    if (chosen.length === 0) return;
    create.mutate({ name: name.trim(), scopes: chosen });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {create.isError && (
          <Alert color="red" variant="light" role="alert">
            {create.error.message}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="What will use this key, e.g. “Zendesk webhook”"
          required
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setNameError(undefined);
          }}
          error={nameError}
          data-autofocus
        />
        <Checkbox.Group
          label="Scopes"
          description="What the key may do. Give it only what it needs."
          error={chosen.length === 0 ? 'Choose at least one scope.' : undefined}
        >
          <Stack gap="xs" mt="xs">
            <Checkbox
              label="All scopes"
              checked={chosen.includes(ALL)}
              onChange={(event) => toggle(ALL, event.currentTarget.checked)}
            />
            {scopes.isPending && <Text size="sm">Loading scopes…</Text>}
            {scopes.isError && <ErrorAlert error={scopes.error} title="Could not load scopes" />}
            {scopes.data?.map((scope) => (
              <Checkbox
                key={scope}
                label={<Code>{scope}</Code>}
                aria-label={scope}
                checked={chosen.includes(ALL) || chosen.includes(scope)}
                disabled={chosen.includes(ALL)}
                onChange={(event) => toggle(scope, event.currentTarget.checked)}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={chosen.length === 0}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const [opened, { open, close }] = useDisclosure(false);
  const revoke = useRevokeApiKey();
  return (
    <>
      <Button size="xs" color="red" variant="light" onClick={open} aria-label={`Revoke ${apiKey.name}`}>
        Revoke
      </Button>
      <Modal opened={opened} onClose={close} title={`Revoke “${apiKey.name}”?`}>
        <Stack>
          <Text size="sm">
            Anything using this key stops working immediately. This cannot be undone; create a new key if you
            need one.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(apiKey.id, {
                  onSuccess: () => {
                    close();
                    notifications.show({ message: `“${apiKey.name}” was revoked.`, color: 'teal' });
                  },
                  onError: (error) =>
                    notifications.show({ title: 'Not revoked', message: errorMessage(error), color: 'red' }),
                })
              }
            >
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function ApiKeysPage() {
  const keys = useApiKeys();
  const [creating, { open, close }] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your helpdesk, CRM and scripts send interactions and read results. Each key is shown once, when it is created."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            Create API key
          </Button>
        }
      />
      {keys.isPending ? (
        <TableSkeleton label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} title="Could not load API keys" onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyPanel
          icon={<IconKey aria-hidden />}
          title="No API keys yet"
          description="Create a key when you connect a helpdesk, CRM or HR system."
        />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Prefix</Table.Th>
                <Table.Th scope="col">Scopes</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((apiKey) => (
                <Table.Tr key={apiKey.id}>
                  <Table.Td fw={600}>{apiKey.name}</Table.Td>
                  <Table.Td>
                    <Code>{apiKey.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {apiKey.scopes.map((scope) => (
                        <Badge key={scope} variant="light" color="gray" tt="none">
                          {scope}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(apiKey.createdAt)}</Table.Td>
                  <Table.Td>{apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {apiKey.revokedAt ? (
                      <Stack gap={2}>
                        <Badge color="gray" variant="light">
                          Revoked
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(apiKey.revokedAt)}
                        </Text>
                      </Stack>
                    ) : (
                      <Badge color="teal" variant="light">
                        Active
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{!apiKey.revokedAt && <RevokeButton apiKey={apiKey} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={close} title="Create API key" size="lg">
        {creating && <CreateKeyForm onClose={close} />}
      </Modal>
    </>
  );
}
