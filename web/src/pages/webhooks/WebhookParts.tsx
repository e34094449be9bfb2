import { Anchor, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Copy } from '../../components/Copy';

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
