import { Alert, Anchor, Button, Group, NativeSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Navigate, Link as RouterLink, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe, useSignIn } from '../../api/auth';
import { ApiError } from '../../api/client';
import type { OrgChoice } from '../../api/types';
import { AuthLayout } from './AuthLayout';

function orgChoicesOf(error: unknown): OrgChoice[] | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const orgs = (error.details as { orgs?: unknown } | null | undefined)?.orgs;
  if (!Array.isArray(orgs)) return null;
  return orgs.filter(
    (org): org is OrgChoice => typeof org?.slug === 'string' && typeof org?.name === 'string',
  );
}

/** Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const me = useMe();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [orgs, setOrgs] = useState<OrgChoice[] | null>(null);
  const [org, setOrg] = useState('');
  const next = safeNext(searchParams.get('next'));

  if (me.data) return <Navigate to={next} replace />;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email: email.trim(), password, ...(orgs && org ? { org } : {}) },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: (error) => {
          const choices = orgChoicesOf(error);
          if (choices && choices.length > 0) {
            setOrgs(choices);
            setOrg((current) => current || (choices[0]?.slug ?? ''));
          }
        },
      },
    );
  };

  const error = signIn.error;
  // The 409 that asks for an organisation is a question, not a failure; the field itself explains it.
  const showError = error && !(orgChoicesOf(error) && orgs);

  return (
    <AuthLayout title="Sign in" description="Welcome back. Sign in with your work email.">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {showError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert">
              {error.message}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
              setOrgs(null);
              setOrg('');
            }}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          {orgs && (
            <NativeSelect
              label="Organisation"
              description="This email has accounts in several organisations. Choose one."
              required
              value={org}
              onChange={(event) => setOrg(event.currentTarget.value)}
              data={orgs.map((choice) => ({ value: choice.slug, label: `${choice.name} (${choice.slug})` }))}
            />
          )}
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
          <Group justify="center">
            <Anchor component={RouterLink} to="/forgot-password" size="sm">
              Forgot password?
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
