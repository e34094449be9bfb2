import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { useAllEmployees } from '../../api/people';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { CaseStatusBadge } from './CasesInboxPage';
import {
  type CaseDetail,
  type CaseEvent,
  caseActions,
  formatMoney,
  GOODWILL_LABELS,
  type GoodwillKind,
  OUTCOME_LABELS,
  type Outcome,
  useCase,
  useCaseAction,
  useEmailCustomer,
  useRecordGoodwill,
} from './casesApi';
import { BackToCases, showSaveError } from './caseUi';
import { FollowUpPanel } from './FollowUpPanel';

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

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function ContactForm({ c }: { c: CaseDetail }) {
  const [channel, setChannel] = useState<'call' | 'email'>('call');
  const [reached, setReached] = useState(true);
  const [body, setBody] = useState('');
  const save = useCaseAction(c.id, caseActions(c.id).contact);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { channel, reached, ...(body.trim() && { body: body.trim() }) },
      { onSuccess: () => setBody(''), onError: showSaveError },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Log a contact">
      <Stack gap="xs">
        <SegmentedControl
          aria-label="How you reached out"
          value={channel}
          onChange={(v) => setChannel(v as 'call' | 'email')}
          data={[
            { value: 'call', label: 'Call' },
            { value: 'email', label: 'Email' },
          ]}
        />
        <Checkbox
          label="I reached the customer"
          checked={reached}
          onChange={(e) => setReached(e.currentTarget.checked)}
        />
        <Textarea
          label="What was said"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Log contact
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NoteForm({ c }: { c: CaseDetail }) {
  const [body, setBody] = useState('');
  const save = useCaseAction(c.id, caseActions(c.id).note);
  return (
    <form
      aria-label="Add a note"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) save.mutate(body.trim(), { onSuccess: () => setBody(''), onError: showSaveError });
      }}
    >
      <Stack gap="xs">
        <Textarea
          label="Note"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group>
          <Button type="submit" variant="default" loading={save.isPending} disabled={!body.trim()}>
            Add note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function GoodwillForm({ c }: { c: CaseDetail }) {
  const [kind, setKind] = useState<GoodwillKind>('credit');
  const [amount, setAmount] = useState<number | string>('');
  const [description, setDescription] = useState('');
  const record = useRecordGoodwill(c.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof amount !== 'number') return;
    record.mutate(
      { kind, amount, ...(description.trim() && { description: description.trim() }) },
      {
        onSuccess: (g) => {
          notifications.show({
            color: g.status === 'approved' ? 'teal' : 'yellow',
            message:
              g.status === 'approved'
                ? `${GOODWILL_LABELS[g.kind]} recorded`
                : `Above your limit: sent to ${g.approver?.name ?? 'the next level'} for approval`,
          });
          setAmount('');
          setDescription('');
        },
        onError: showSaveError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Record goodwill">
      <Stack gap="xs">
        {c.goodwillLimit !== null && (
          <Text size="sm" c="dimmed">
            You can grant up to {formatMoney(c.goodwillLimit, c.currency)} on the spot; above that it goes to
            the next level for approval.
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Kind"
            value={kind}
            allowDeselect={false}
            onChange={(v) => setKind((v ?? 'credit') as GoodwillKind)}
            data={Object.entries(GOODWILL_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <NumberInput
            label={`Amount (${c.currency})`}
            value={amount}
            onChange={setAmount}
            min={0}
            decimalScale={2}
            required
          />
        </SimpleGrid>
        <TextInput
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={record.isPending} disabled={typeof amount !== 'number'}>
            Record goodwill
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResolveForm({ c }: { c: CaseDetail }) {
  const [outcome, setOutcome] = useState<Outcome | null>(c.outcome);
  const [rootCauses, setRootCauses] = useState<string[]>(c.rootCauses);
  const update = useCaseAction(c.id, caseActions(c.id).update);
  if (c.status === 'closed') return <Text size="sm">This case is closed.</Text>;
  if (c.status === 'resolved')
    return (
      <Button
        variant="default"
        onClick={() => update.mutate({ status: 'closed' }, { onError: showSaveError })}
      >
        Close case
      </Button>
    );
  return (
    <form
      aria-label="Resolve the case"
      onSubmit={(e) => {
        e.preventDefault();
        if (outcome) update.mutate({ status: 'resolved', outcome, rootCauses }, { onError: showSaveError });
      }}
    >
      <Stack gap="xs">
        <Select
          label="Outcome"
          placeholder="How did it end?"
          value={outcome}
          onChange={(v) => setOutcome(v as Outcome | null)}
          data={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <MultiSelect
          label="Root causes"
          value={rootCauses}
          onChange={setRootCauses}
          data={c.rootCauseOptions}
        />
        {c.status === 'new' && (
          <Text size="sm" c="dimmed">
            Log a contact with the customer before resolving.
          </Text>
        )}
        <Group>
          <Button type="submit" disabled={!outcome || c.status !== 'contacted'} loading={update.isPending}>
            Resolve case
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function OwnershipForm({ c }: { c: CaseDetail }) {
  const employees = useAllEmployees();
  const update = useCaseAction(c.id, caseActions(c.id).update);
  const options = (employees.data ?? []).map((e) => ({ value: e.id, label: e.preferredName ?? e.name }));
  return (
    <Stack gap="xs">
      <Select
        label="Owner"
        searchable
        data={options}
        value={c.owner?.id ?? null}
        disabled={employees.isPending}
        onChange={(v) => v && update.mutate({ ownerId: v }, { onError: showSaveError })}
      />
      <MultiSelect
        label="Watchers"
        searchable
        data={options}
        value={c.watchers.map((w) => w.id)}
        disabled={employees.isPending}
        onChange={(ids) => update.mutate({ watcherIds: ids }, { onError: showSaveError })}
      />
    </Stack>
  );
}

function EmailForm({ c }: { c: CaseDetail }) {
  const [template, setTemplate] = useState<'apology' | 'follow_up' | 'custom'>('apology');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const send = useEmailCustomer(c.id);
  if (!c.customer?.email) return <Text size="sm">The customer has no email address.</Text>;
  return (
    <form
      aria-label="Email the customer"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate(
          {
            template,
            ...(subject.trim() && { subject: subject.trim() }),
            ...(body.trim() && { body: body.trim() }),
          },
          {
            onSuccess: (r) => {
              notifications.show({ color: 'teal', message: `Email to ${r.to} is on its way` });
              setSubject('');
              setBody('');
            },
            onError: showSaveError,
          },
        );
      }}
    >
      <Stack gap="xs">
        <Select
          label="Template"
          value={template}
          allowDeselect={false}
          onChange={(v) => setTemplate((v ?? 'apology') as typeof template)}
          data={[
            { value: 'apology', label: 'Apology' },
            { value: 'follow_up', label: 'Follow-up' },
            { value: 'custom', label: 'Write my own' },
          ]}
        />
        <TextInput
          label="Subject"
          description={template === 'custom' ? undefined : 'Leave empty to use the template'}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
        <Textarea
          label="Message"
          description={template === 'custom' ? undefined : 'Leave empty to use the template'}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={3}
        />
        <Group>
          <Button type="submit" variant="default" loading={send.isPending}>
            Send email to {c.customer.email}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function describeEvent(e: CaseEvent, currency: string): string {
  const d = e.details;
  switch (e.kind) {
    case 'opened':
      return `Case opened${d.origin === 'manual' ? ' by hand' : ' by a trigger rule'}`;
    case 'reopened':
      return 'Reopened: the customer answered negatively again';
    case 'response':
      return 'The customer answered again';
    case 'note':
      return 'Note';
    case 'contact':
      return `${e.channel === 'email' ? 'Email' : 'Call'}${d.reached === false ? ' (not reached)' : ''}`;
    case 'status':
      return d.to
        ? `Status: ${String(d.from)} → ${String(d.to)}${d.outcome ? ` (${String(d.outcome)})` : ''}`
        : `Outcome: ${String(d.outcome)}`;
    case 'assigned':
      return 'Reassigned';
    case 'watcher':
      return 'Watchers changed';
    case 'reminder':
      return `Reminder: ${d.deadline === 'first_contact' ? 'first contact' : 'resolution'} due soon`;
    case 'escalated':
      return `Escalated (level ${String(d.level)}): ${d.deadline === 'first_contact' ? 'first contact' : 'resolution'} overdue`;
    case 'root_causes':
      return `Root causes: ${(d.rootCauses as string[] | undefined)?.join(', ') || 'none'}`;
    case 'goodwill':
      return `Goodwill ${String(d.kind)} of ${formatMoney(Number(d.amount), currency)}: ${String(d.status)}`;
    case 'email':
      return `Email to the customer: ${String(d.subject)} (${String(d.status)})`;
    default:
      return e.kind;
  }
}

export function CasePage() {
  const { id = '' } = useParams();
  const kase = useCase(id);
  const me = useMe();
  if (kase.isPending) return <TableSkeleton label="Loading the case" />;
  if (kase.isError) return <ErrorAlert error={kase.error} title="Could not load the case" />;
  const c = kase.data;
  const open = c.status === 'new' || c.status === 'contacted';
  return (
    <>
      <BackToCases />
      <PageHeader
        title={`Case: ${c.customer?.name ?? c.customer?.email ?? 'unknown customer'}`}
        description={c.reason}
        actions={<CaseStatusBadge c={c} />}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack>
          <Section title="Facts">
            <SimpleGrid cols={2} component="dl" m={0}>
              <Fact label="Customer">
                {c.customer ? (
                  <Anchor component={RouterLink} to={`/customers/${c.customer.id}`}>
                    {c.customer.name ?? c.customer.email}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label="Owner">{c.owner?.name ?? 'Unassigned'}</Fact>
              <Fact label="Team">{c.team?.name ?? '—'}</Fact>
              <Fact label="Opened">{formatDateTime(c.openedAt)}</Fact>
              <Fact label="First contact due">
                {formatDateTime(c.firstContactDue)}
                {c.firstContactedAt && (
                  <Text size="xs" c="dimmed">
                    Contacted {formatDateTime(c.firstContactedAt)}
                  </Text>
                )}
              </Fact>
              <Fact label="Resolution due">{formatDateTime(c.resolutionDue)}</Fact>
              <Fact label="Escalation">
                {c.escalationLevel === 0 ? 'None' : `Level ${c.escalationLevel}`}
              </Fact>
              <Fact label="Root causes">{c.rootCauses.join(', ') || '—'}</Fact>
            </SimpleGrid>
          </Section>
          {c.responses.length > 0 && (
            <Section title="What the customer said">
              <Stack gap="xs">
                {c.responses.map((r) => (
                  <div key={r.id}>
                    <Group gap="xs">
                      <Badge variant="light">
                        {r.surveyKind.toUpperCase()} {r.score ?? '—'}
                      </Badge>
                      <Anchor component={RouterLink} to={`/responses/${r.id}`} size="sm">
                        {formatDateTime(r.submittedAt)}
                      </Anchor>
                    </Group>
                    {r.comment && <Text size="sm">“{r.comment}”</Text>}
                  </div>
                ))}
              </Stack>
            </Section>
          )}
          <Section title="History">
            <Timeline bulletSize={14} lineWidth={2}>
              {c.events.map((e) => (
                <Timeline.Item key={e.id} title={describeEvent(e, c.currency)}>
                  {e.body && <Text size="sm">{e.body}</Text>}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(e.at)}
                    {e.actor ? ` · ${e.actor.name}` : ''}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Section>
        </Stack>
        <Stack>
          {open && (
            <Section title="Follow up">
              <ContactForm c={c} />
            </Section>
          )}
          <Section title="Goodwill">
            <Stack>
              {c.goodwill.map((g) => (
                <Group key={g.id} justify="space-between">
                  <Text size="sm">
                    {GOODWILL_LABELS[g.kind]} {formatMoney(g.amount, c.currency)}
                    {g.description ? ` — ${g.description}` : ''}
                  </Text>
                  <Badge
                    color={g.status === 'approved' ? 'teal' : g.status === 'pending' ? 'yellow' : 'gray'}
                  >
                    {g.status === 'pending' ? `Waiting for ${g.approver?.name ?? 'approval'}` : g.status}
                  </Badge>
                </Group>
              ))}
              {me.data && <GoodwillForm c={c} />}
            </Stack>
          </Section>
          <Section title="Outcome">
            <ResolveForm c={c} />
          </Section>
          <Section title="Follow-up survey">
            <FollowUpPanel followUp={c.followUp} />
          </Section>
          <Section title="Ownership">
            <OwnershipForm c={c} />
          </Section>
          <Section title="Email the customer">
            <EmailForm c={c} />
          </Section>
          <Section title="Notes">
            <NoteForm c={c} />
          </Section>
        </Stack>
      </SimpleGrid>
    </>
  );
}
