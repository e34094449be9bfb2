import { Alert, Anchor, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { useCompletePasswordReset } from '../../api/auth';
import { AuthLayout } from './AuthLayout';

const MIN_LENGTH = 10;

/** Completes a password reset or an invitation: both carry a one-time token in the link. */
export function SetPasswordPage({ mode }: { mode: 'reset' | 'invite' }) {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const complete = useCompletePasswordReset();

  const tooShort = password.length < MIN_LENGTH;
  const mismatch = password !== confirmation;
  const title = mode === 'invite' ? 'Set your password' : 'Choose a new password';

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (tooShort || mismatch || !token) return;
    complete.mutate({ token, password });
  };

  if (complete.isSuccess) {
    return (
      <AuthLayout title={title}>
        <Alert color="teal" variant="light" icon={<IconCheck aria-hidden />} role="status">
          Your password is set. You can sign in now.
        </Alert>
        <Button component={RouterLink} to="/sign-in" fullWidth>
          Go to sign in
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={title}
      description={
        mode === 'invite'
          ? 'Welcome to Serviceloop. Choose a password to finish setting up your account.'
          : `Use at least ${MIN_LENGTH} characters. A short sentence is easy to remember.`
      }
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {!token && (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert">
              This link is missing its token. Open the link from your email again, or ask for a new one.
            </Alert>
          )}
          {complete.isError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert">
              {complete.error.message}
            </Alert>
          )}
          <PasswordInput
            label="New password"
            description={`At least ${MIN_LENGTH} characters`}
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={submitted && tooShort ? `Use at least ${MIN_LENGTH} characters.` : undefined}
          />
          <PasswordInput
            label="Repeat new password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            error={submitted && !tooShort && mismatch ? 'The two passwords are different.' : undefined}
          />
          <Button type="submit" loading={complete.isPending} disabled={!token} fullWidth>
            {mode === 'invite' ? 'Set password' : 'Save new password'}
          </Button>
        </Stack>
      </form>
      <Group justify="center">
        <Anchor component={RouterLink} to={mode === 'invite' ? '/sign-in' : '/forgot-password'} size="sm">
          {mode === 'invite' ? 'Already have a password? Sign in' : 'Need a new link?'}
        </Anchor>
      </Group>
    </AuthLayout>
  );
}
