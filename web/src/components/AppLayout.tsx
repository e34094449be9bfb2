import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Center,
  Group,
  Loader,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDevices, IconLogout } from '@tabler/icons-react';
import { Navigate, Outlet, Link as RouterLink, useLocation, useNavigate } from 'react-router-dom';
import { useMe, useSignOut } from '../api/auth';
import { errorMessage } from '../api/client';
import type { Me } from '../api/types';
import { ROLE_LABELS } from '../api/types';
import { capabilityGroups } from '../capabilities';
import { NotificationsMenu } from './NotificationsMenu';
import { ErrorAlert } from './QueryStatus';

function isActive(pathname: string, path: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(`${path}/`);
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

function Navigation({ me, onNavigate }: { me: Me; onNavigate: () => void }) {
  const { pathname } = useLocation();
  const groups = capabilityGroups.filter((group) => !group.adminOnly || me.employee.role === 'admin');
  return (
    <Stack gap="md" component="nav" aria-label="Main">
      {groups.map((group, index) => (
        <Box key={group.label ?? `group-${index}`}>
          {group.label && (
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" mb={4} component="h2">
              {group.label}
            </Text>
          )}
          {group.items.map((item) => {
            const active = isActive(pathname, item.path);
            return (
              <NavLink
                key={item.path}
                component={RouterLink}
                to={item.path}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
                styles={{ root: { borderRadius: 'var(--mantine-radius-sm)' } }}
              />
            );
          })}
        </Box>
      ))}
    </Stack>
  );
}

function UserMenu({ me }: { me: Me }) {
  const navigate = useNavigate();
  const signOut = useSignOut();
  const displayName = me.employee.preferredName ?? me.employee.name;

  const handleSignOut = (everywhere: boolean) => {
    signOut.mutate(everywhere, {
      onSuccess: () => {
        if (everywhere) notifications.show({ message: 'Signed out on every device.', color: 'teal' });
      },
      onError: (error) =>
        notifications.show({ title: 'Sign-out failed', message: errorMessage(error), color: 'red' }),
      onSettled: () => navigate('/sign-in', { replace: true }),
    });
  };

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${displayName}`} className="user-menu-target">
          <Group gap="xs" wrap="nowrap">
            <Avatar radius="xl" size={32} color="blue" aria-hidden>
              {initials(me.employee.name)}
            </Avatar>
            <Box visibleFrom="xs">
              <Text size="sm" fw={600} lh={1.2}>
                {displayName}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {ROLE_LABELS[me.employee.role]}
              </Text>
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {me.employee.name}
          </Text>
          <Text size="xs">
            {ROLE_LABELS[me.employee.role]} · {me.employee.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => handleSignOut(false)}>
          Sign out
        </Menu.Item>
        <Menu.Item leftSection={<IconDevices size={16} aria-hidden />} onClick={() => handleSignOut(true)}>
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in frame: redirects to sign-in when `/auth/me` answers 401. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading Serviceloop" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <Box maw={480}>
          <ErrorAlert error={me.error} title="Could not load your account" onRetry={() => me.refetch()} />
        </Box>
      </Center>
    );
  }
  if (me.data === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 272, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={800} c="blue.8" component={RouterLink} to="/" td="none">
              Serviceloop
              <VisuallyHidden> home</VisuallyHidden>
            </Text>
            <Text c="dimmed" aria-hidden>
              ·
            </Text>
            <Text fw={600} truncate maw={{ base: 150, sm: 420 }}>
              {me.data.org.name}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationsMenu />
            <UserMenu me={me.data} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <Navigation me={me.data} onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

export function RequireAdmin() {
  const me = useMe();
  if (me.data && me.data.employee.role !== 'admin') {
    return (
      <ErrorAlert
        title="Admins only"
        error={
          new Error(
            'This page is for administrators. Ask an admin in your organisation if you need a change.',
          )
        }
      />
    );
  }
  return <Outlet />;
}
