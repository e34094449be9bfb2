import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import {
  type Notification,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
} from '../api/notifications';
import { formatDateTime } from './format';
import { ErrorAlert } from './QueryStatus';

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      className="notification-item"
      p="xs"
      w="100%"
      bg={n.readAt ? undefined : 'var(--mantine-color-blue-light)'}
      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      aria-label={`${n.readAt ? '' : 'Unread: '}${n.title}`}
    >
      <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
        {n.title}
      </Text>
      {n.body && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {n.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(n.createdAt)}
      </Text>
    </UnstyledButton>
  );
}

/** The bell in the header: the signed-in person's notifications from every capability. */
export function NotificationsMenu() {
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const list = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = list.data?.pages[0]?.unread ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) {
      setOpened(false);
      navigate(n.link);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" trapFocus>
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={18}
          disabled={unread === 0}
          offset={4}
          color="red"
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
            aria-haspopup="dialog"
            aria-expanded={opened}
          >
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" role="dialog" aria-label="Notifications">
        <Group justify="space-between" px="xs" pb="xs">
          <Text fw={700} size="sm" component="h2" m={0}>
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconChecks size={14} aria-hidden />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            Mark all read
          </Button>
        </Group>
        {list.isPending ? (
          <Text size="sm" c="dimmed" p="xs">
            Loading notifications…
          </Text>
        ) : list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs">
            No notifications yet. You are told here (and by email) about your cases, kudos, customer praise
            and feedback.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420} type="auto">
            <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {items.map((n) => (
                <li key={n.id}>
                  <NotificationItem n={n} onOpen={open} />
                </li>
              ))}
            </Stack>
            {list.hasNextPage && (
              <Button
                variant="subtle"
                size="xs"
                fullWidth
                mt="xs"
                loading={list.isFetchingNextPage}
                onClick={() => list.fetchNextPage()}
              >
                Show older
              </Button>
            )}
          </ScrollArea.Autosize>
        )}
        <Text size="xs" c="dimmed" px="xs" pt="xs">
          Choose which of these you also get by email on{' '}
          <Text
            component={RouterLink}
            to="/recognition/me"
            size="xs"
            c="blue"
            onClick={() => setOpened(false)}
          >
            your profile
          </Text>
          .
        </Text>
      </Popover.Dropdown>
    </Popover>
  );
}
