import { Alert, Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle, IconMail } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useRequestPasswordReset } from '../../api/auth';
import { AuthLayout } from './AuthLayout';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useRequestPasswordReset();

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(email.trim());
  };

  return (
    <AuthLayout title="Reset your password" description="Enter your work email and we’ll send you a link.">
      {request.isSuccess ? (
        <Alert color="teal" variant="light" icon={<IconMail aria-hidden />} role="status">
          If that address has an account, we sent a link. It expires soon, so use it today.
        </Alert>
      ) : (
        <form onSubmit={handleSubmit}>
          <Stack gap="md">
            {request.isError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert">
                {request.error.message}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              Send link
            </Button>
          </Stack>
        </form>
      )}
      <Group justify="center">
        <Anchor component={RouterLink} to="/sign-in" size="sm">
          Back to sign in
        </Anchor>
      </Group>
    </AuthLayout>
  );
}
