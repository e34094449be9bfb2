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
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconMessage, IconPhoneCall } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { validationIssues } from '../../api/client';
import {
  type CustomerInput,
  useCustomer,
  useCustomerInteractions,
  useUpdateCustomer,
} from '../../api/customers';
import { useTeams } from '../../api/people';
import { useCustomerResponses, useEmployeeNames } from '../../api/responses';
import { useSurveys } from '../../api/surveys';
import { CHANNEL_LABELS, type Customer, type Interaction, type SurveyResponse } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { ScoreBadge } from '../../components/ScoreBadge';
import { CustomerLoyaltyPanel } from '../cases/CustomerLoyaltyPanel';
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

type TimelineEntry =
  | { kind: 'interaction'; at: string; item: Interaction }
  | { kind: 'response'; at: string; item: SurveyResponse };

function Timeline({ customerId }: { customerId: string }) {
  const interactions = useCustomerInteractions(customerId);
  const responses = useCustomerResponses(customerId);
  const surveys = useSurveys();
  const teams = useTeams();
  const employees = useEmployeeNames();
  const surveyById = useMemo(() => new Map((surveys.data ?? []).map((s) => [s.id, s])), [surveys.data]);
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);

  const entries: TimelineEntry[] = [
    ...(interactions.data?.items ?? []).map(
      (item): TimelineEntry => ({ kind: 'interaction', at: item.occurredAt, item }),
    ),
    ...(responses.data?.items ?? []).map(
      (item): TimelineEntry => ({ kind: 'response', at: item.submittedAt, item }),
    ),
  ].sort((a, b) => b.at.localeCompare(a.at));

  const people = (ids: string[]) =>
    ids.length === 0 ? null : ids.map((id) => employees.data?.get(id) ?? 'Unknown employee').join(', ');

  const truncated = Boolean(interactions.data?.nextCursor || responses.data?.nextCursor);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h4" mb="md" id="timeline-heading">
        Timeline
      </Title>
      {interactions.isPending || responses.isPending ? (
        <TableSkeleton rows={3} label="Loading timeline" />
      ) : interactions.isError || responses.isError ? (
        <ErrorAlert
          error={interactions.error ?? responses.error}
          title="Could not load the timeline"
          onRetry={() => {
            interactions.refetch();
            responses.refetch();
          }}
        />
      ) : entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          No interactions or responses yet. They appear here when your helpdesk sends interactions through the
          API, or when this customer answers a survey.
        </Text>
      ) : (
        <Stack gap={0} component="ol" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Timeline">
          {entries.map((entry) => (
            <Group
              key={`${entry.kind}-${entry.item.id}`}
              component="li"
              wrap="nowrap"
              align="flex-start"
              gap="md"
              py="sm"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <ThemeIcon
                variant="light"
                radius="xl"
                size={32}
                color={entry.kind === 'response' ? 'blue' : 'gray'}
                aria-hidden
              >
                {entry.kind === 'response' ? <IconMessage size={18} /> : <IconPhoneCall size={18} />}
              </ThemeIcon>
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                {entry.kind === 'interaction' ? (
                  <>
                    <Anchor component={RouterLink} to={`/interactions/${entry.item.id}`} fw={600}>
                      {CHANNEL_LABELS[entry.item.channel] ?? entry.item.channel} interaction
                      {entry.item.externalRef ? ` · ${entry.item.externalRef}` : ''}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {[
                        formatDateTime(entry.at),
                        entry.item.teamId ? teamNames.get(entry.item.teamId) : null,
                        people(entry.item.employeeIds),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </>
                ) : (
                  <>
                    <Group gap="xs">
                      <Anchor component={RouterLink} to={`/responses/${entry.item.id}`} fw={600}>
                        Response to {surveyById.get(entry.item.surveyId)?.name ?? 'a survey'}
                      </Anchor>
                      <ScoreBadge score={entry.item.score} kind={surveyById.get(entry.item.surveyId)?.kind} />
                    </Group>
                    {entry.item.comment && <Text size="sm">“{entry.item.comment}”</Text>}
                    <Text size="sm" c="dimmed">
                      {[formatDateTime(entry.at), people(entry.item.employeeIds)].filter(Boolean).join(' · ')}
                    </Text>
                  </>
                )}
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
      {truncated && (
        <Text size="sm" c="dimmed" mt="sm">
          Showing the latest 100 interactions and responses.
        </Text>
      )}
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
        <Timeline customerId={data.id} />
        <CustomerEditor key={`${data.id}-${data.updatedAt}`} customer={data} />
      </Stack>
    </>
  );
}
