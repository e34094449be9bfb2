import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { validationIssues } from '../../api/client';
import { type CustomerInput, useCustomer, useUpdateCustomer } from '../../api/customers';
import type { Customer } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { CustomerLoyaltyPanel } from '../cases/CustomerLoyaltyPanel';
import { CustomerTimeline } from '../cases/CustomerTimeline';
import { ContactStatus, customerLabel, formatMoney } from './CustomersPage';

function BackLink() {
  return (
    <Anchor component={RouterLink} to="/customers" size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> All customers
      </Group>
    </Anchor>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Summary({ customer }: { customer: Customer }) {
  const me = useMe();
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="contact-heading">
      <Title order={2} size="h4" mb="md" id="contact-heading">
        Contact and consent
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" component="dl" m={0}>
        <Fact label="Email">{customer.email ?? '—'}</Fact>
        <Fact label="Phone">{customer.phone ?? '—'}</Fact>
        <Fact label="External id">{customer.externalId ?? '—'}</Fact>
        <Fact label="Segment">{customer.segment ?? '—'}</Fact>
        <Fact label="Value">{formatMoney(customer.value, me.data?.org.currency)}</Fact>
        <Fact label="Language">{customer.locale ?? 'Not known'}</Fact>
        <Fact label="Email surveys">
          {customer.unsubscribedAt
            ? `Unsubscribed ${formatDateTime(customer.unsubscribedAt)}`
            : customer.consentEmail
              ? 'Consented'
              : 'No consent'}
        </Fact>
        <Fact label="Name may be published">{customer.consentPublishName ? 'Yes' : 'No'}</Fact>
        <Fact label="Customer since">{formatDateTime(customer.createdAt)}</Fact>
      </SimpleGrid>
    </Paper>
  );
}

interface Draft {
  name: string;
  email: string;
  phone: string;
  segment: string;
  value: number | string;
  locale: string;
  consentEmail: boolean;
  consentPublishName: boolean;
  unsubscribed: boolean;
}

function draftOf(customer: Customer): Draft {
  return {
    name: customer.name ?? '',
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    segment: customer.segment ?? '',
    value: customer.value ?? '',
    locale: customer.locale ?? '',
    consentEmail: customer.consentEmail,
    consentPublishName: customer.consentPublishName,
    unsubscribed: customer.unsubscribedAt !== null,
  };
}

/** Sends only what changed; an emptied text field clears the value. */
function changes(customer: Customer, draft: Draft): CustomerInput {
  const input: CustomerInput = {};
  const text = (key: 'name' | 'email' | 'phone' | 'segment' | 'locale') => {
    const next = draft[key].trim() || null;
    if (next !== customer[key]) input[key] = next;
  };
  text('name');
  text('email');
  text('phone');
  text('segment');
  text('locale');
  const value = draft.value === '' ? null : Number(draft.value);
  if (value !== customer.value) input.value = value;
  if (draft.consentEmail !== customer.consentEmail) input.consentEmail = draft.consentEmail;
  if (draft.consentPublishName !== customer.consentPublishName)
    input.consentPublishName = draft.consentPublishName;
  if (draft.unsubscribed !== (customer.unsubscribedAt !== null)) input.unsubscribed = draft.unsubscribed;
  return input;
}

function CustomerEditor({ customer }: { customer: Customer }) {
  const update = useUpdateCustomer(customer.id);
  const [draft, setDraft] = useState(() => draftOf(customer));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const issues = validationIssues(update.error);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = changes(customer, draft);
    if (Object.keys(input).length === 0) {
      notifications.show({ message: 'Nothing to save; no field changed.', color: 'gray' });
      return;
    }
    update.mutate(input, {
      onSuccess: () => notifications.show({ message: 'Customer saved.', color: 'teal' }),
    });
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="edit-heading">
      <Title order={2} size="h4" mb="md" id="edit-heading">
        Edit customer
      </Title>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {update.isError && issues.size === 0 && (
            <Alert color="red" variant="light" role="alert">
              {update.error.message}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="Name"
              value={draft.name}
              onChange={(event) => set('name', event.currentTarget.value)}
              error={issues.get('name')}
              autoComplete="off"
            />
            <TextInput
              label="Email"
              type="email"
              value={draft.email}
              onChange={(event) => set('email', event.currentTarget.value)}
              error={issues.get('email')}
              autoComplete="off"
            />
            <TextInput
              label="Phone"
              type="tel"
              value={draft.phone}
              onChange={(event) => set('phone', event.currentTarget.value)}
              error={issues.get('phone')}
              autoComplete="off"
            />
            <TextInput
              label="Segment"
              value={draft.segment}
              onChange={(event) => set('segment', event.currentTarget.value)}
              error={issues.get('segment')}
            />
            <NumberInput
              label="Value"
              description="What the customer is worth to you, in your organisation's currency"
              min={0}
              decimalScale={2}
              thousandSeparator
              value={draft.value}
              onChange={(value) => set('value', value)}
              error={issues.get('value')}
            />
            <TextInput
              label="Language"
              description="A language tag such as en, es or de-AT; surveys are sent in it when offered"
              value={draft.locale}
              onChange={(event) => set('locale', event.currentTarget.value)}
              error={issues.get('locale')}
            />
          </SimpleGrid>
          <Stack gap="sm">
            <Switch
              label="Agreed to receive survey emails"
              checked={draft.consentEmail}
              onChange={(event) => set('consentEmail', event.currentTarget.checked)}
            />
            <Switch
              label="Agreed that their name may be published with their feedback"
              checked={draft.consentPublishName}
              onChange={(event) => set('consentPublishName', event.currentTarget.checked)}
            />
            <Switch
              label="Unsubscribed"
              description="An unsubscribed customer receives no survey invitations, whatever their consent"
              checked={draft.unsubscribed}
              onChange={(event) => set('unsubscribed', event.currentTarget.checked)}
            />
          </Stack>
          <Group>
            <Button type="submit" loading={update.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const customer = useCustomer(id);

  if (customer.isPending) {
    return (
      <>
        <BackLink />
        <TableSkeleton rows={6} label="Loading customer" />
      </>
    );
  }
  if (customer.isError) {
    return (
      <>
        <BackLink />
        <ErrorAlert
          error={customer.error}
          title="Could not load this customer"
          onRetry={() => customer.refetch()}
        />
      </>
    );
  }
  const data = customer.data;
  return (
    <>
      <BackLink />
      <PageHeader
        title={customerLabel(data)}
        description={
          <Group gap="xs" component="span">
            {data.email && <span>{data.email}</span>}
            {data.segment && (
              <Badge variant="light" component="span">
                {data.segment}
              </Badge>
            )}
            <ContactStatus customer={data} />
          </Group>
        }
      />
      <Stack gap="lg" maw={960}>
        <Summary customer={data} />
        <CustomerLoyaltyPanel customerId={data.id} />
        <CustomerTimeline customerId={data.id} />
        <CustomerEditor key={`${data.id}-${data.updatedAt}`} customer={data} />
      </Stack>
    </>
  );
}
