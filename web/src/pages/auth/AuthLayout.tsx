import { Anchor, Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../components/useDocumentTitle';

interface AuthLayoutProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

export function AuthLayout({ title, description, children }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Box w="100%" maw={420} component="main">
        <Stack gap="lg">
          <Text ta="center" fw={800} size="xl" c="blue.8">
            Serviceloop
          </Text>
          <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }}>
            <Stack gap="md">
              <Stack gap={4}>
                <Title order={1} size="h3">
                  {title}
                </Title>
                {description && (
                  <Text size="sm" c="dimmed">
                    {description}
                  </Text>
                )}
              </Stack>
              {children}
            </Stack>
          </Paper>
          <Text ta="center" size="xs" c="dimmed">
            Open-source customer-service culture platform ·{' '}
            <Anchor href="/api/docs" size="xs">
              API docs
            </Anchor>
          </Text>
        </Stack>
      </Box>
    </Center>
  );
}
