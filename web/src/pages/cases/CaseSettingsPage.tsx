import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  type CaseRule,
  type CaseSettings,
  RULE_LABELS,
  type RuleKind,
  useCaseRules,
  useCaseSettings,
  useDeleteRule,
  useSaveRule,
  useUpdateCaseSettings,
} from './casesApi';
import { BackToCases, showSaveError } from './caseUi';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ROLES = ['employee', 'manager', 'leader', 'admin'] as const;

function SettingsForm({ settings }: { settings: CaseSettings }) {
  const [draft, setDraft] = useState(settings);
  useEffect(() => setDraft(settings), [settings]);
  const save = useUpdateCaseSettings();
  const set = <K extends keyof CaseSettings>(key: K, value: CaseSettings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const num = (v: number | string) => (typeof v === 'number' ? v : Number(v) || 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { timeZone: _t, currency: _c, ...input } = draft;
    save.mutate(input, {
      onSuccess: () => notifications.show({ color: 'teal', message: 'Settings saved' }),
      onError: showSaveError,
    });
  };
  return (
    <form onSubmit={submit} aria-label="Deadlines, ownership and goodwill limits">
      <Stack>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Business hours
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Deadlines count only these hours, in the organisation’s time zone ({settings.timeZone}).
          </Text>
          <Checkbox.Group
            label="Open on"
            value={draft.businessDays.map(String)}
            onChange={(v) => set('businessDays', v.map(Number).sort())}
          >
            <Group mt="xs">
              {DAYS.map((d, i) => (
                <Checkbox key={d} value={String(i + 1)} label={d} />
              ))}
            </Group>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mt="sm">
            <TextInput
              label="Opens"
              type="time"
              value={draft.businessStart}
              onChange={(e) => set('businessStart', e.currentTarget.value)}
            />
            <TextInput
              label="Closes"
              type="time"
              value={draft.businessEnd}
              onChange={(e) => set('businessEnd', e.currentTarget.value)}
            />
            <TagsInput
              label="Holidays"
              description="Dates as YYYY-MM-DD"
              value={draft.holidays}
              onChange={(v) => set('holidays', v)}
            />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            Deadlines and escalation
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <NumberInput
              label="First contact within (business hours)"
              min={1}
              value={draft.firstContactHours}
              onChange={(v) => set('firstContactHours', num(v))}
            />
            <NumberInput
              label="Resolution within (business days)"
              min={1}
              value={draft.resolutionDays}
              onChange={(v) => set('resolutionDays', num(v))}
            />
            <NumberInput
              label="Remind the owner (business hours before)"
              min={0}
              value={draft.reminderHours}
              onChange={(v) => set('reminderHours', num(v))}
            />
            <NumberInput
              label="Escalate one level further after (business hours)"
              min={1}
              value={draft.escalationHours}
              onChange={(v) => set('escalationHours', num(v))}
            />
          </SimpleGrid>
          <Radio.Group
            mt="md"
            label="Who owns a new case"
            value={draft.ownerRule}
            onChange={(v) => set('ownerRule', v as CaseSettings['ownerRule'])}
          >
            <Stack gap={4} mt="xs">
              <Radio value="frontline" label="The employee who served the customer (frontline ownership)" />
              <Radio value="team_manager" label="The manager of the team that served" />
            </Stack>
          </Radio.Group>
          <NumberInput
            mt="md"
            maw={320}
            label="A silent detractor counts as lost after (days)"
            min={1}
            value={draft.lostAfterDays}
            onChange={(v) => set('lostAfterDays', num(v))}
          />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Follow-up survey
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            After a case is resolved, the customer is asked one question by email: “How well did we put things
            right?” (1–5). It respects survey-email consent and unsubscribes; its answer shows on the case and
            counts in the report as measured recovery.
          </Text>
          <Switch
            label="Send the follow-up survey"
            checked={draft.followUpEnabled}
            onChange={(e) => set('followUpEnabled', e.currentTarget.checked)}
          />
          <NumberInput
            mt="sm"
            maw={320}
            label="Hours after resolution"
            min={0}
            max={2160}
            disabled={!draft.followUpEnabled}
            value={draft.followUpDelayHours}
            onChange={(v) => set('followUpDelayHours', num(v))}
          />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Empowerment: goodwill limits
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            What one person may grant on the spot, per action, in {settings.currency}. Above it, the request
            goes to the next level.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {ROLES.map((role) => (
              <NumberInput
                key={role}
                label={`${role[0]?.toUpperCase()}${role.slice(1)} limit`}
                min={0}
                decimalScale={2}
                value={draft.goodwillLimits[role]}
                onChange={(v) => set('goodwillLimits', { ...draft.goodwillLimits, [role]: num(v) })}
              />
            ))}
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            Root causes
          </Title>
          <TagsInput
            label="The list people choose from when they resolve a case"
            value={draft.rootCauses}
            onChange={(v) => set('rootCauses', v)}
          />
        </Paper>
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RuleRow({ rule }: { rule: CaseRule }) {
  const save = useSaveRule();
  const remove = useDeleteRule();
  const scored = rule.kind === 'nps_detractor' || rule.kind === 'csat_low' || rule.kind === 'ces_high';
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={500}>{rule.name}</Text>
        <Text size="xs" c="dimmed">
          {RULE_LABELS[rule.kind]}
        </Text>
      </Table.Td>
      <Table.Td>
        {scored ? (
          <NumberInput
            aria-label={`Threshold of ${rule.name}`}
            w={90}
            min={0}
            max={10}
            value={rule.threshold ?? ''}
            onBlur={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v !== rule.threshold)
                save.mutate({ id: rule.id, threshold: v }, { onError: showSaveError });
            }}
          />
        ) : rule.kind === 'keyword' ? (
          <TagsInput
            aria-label={`Keywords of ${rule.name}`}
            value={rule.keywords}
            onChange={(keywords) =>
              keywords.length > 0 && save.mutate({ id: rule.id, keywords }, { onError: showSaveError })
            }
          />
        ) : (
          <Text size="sm" c="dimmed">
            Fires once text analytics marks a comment negative
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${rule.name} active`}
          checked={rule.active}
          onChange={(e) =>
            save.mutate({ id: rule.id, active: e.currentTarget.checked }, { onError: showSaveError })
          }
        />
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          onClick={() => remove.mutate(rule.id, { onError: showSaveError })}
        >
          Delete
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function NewRuleForm() {
  const [kind, setKind] = useState<RuleKind>('keyword');
  const [name, setName] = useState('');
  const [keywords, setKeywords] = useState<string[]>([]);
  const save = useSaveRule();
  return (
    <form
      aria-label="Add a trigger rule"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { kind, name: name.trim(), ...(kind === 'keyword' && { keywords }) },
          {
            onSuccess: () => {
              setName('');
              setKeywords([]);
            },
            onError: showSaveError,
          },
        );
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Kind"
          value={kind}
          allowDeselect={false}
          onChange={(v) => setKind((v ?? 'keyword') as RuleKind)}
          data={Object.entries(RULE_LABELS).map(([value, label]) => ({ value, label }))}
          w={280}
        />
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        {kind === 'keyword' && <TagsInput label="Keywords" value={keywords} onChange={setKeywords} w={280} />}
        <Button
          type="submit"
          loading={save.isPending}
          disabled={!name.trim() || (kind === 'keyword' && keywords.length === 0)}
        >
          Add rule
        </Button>
      </Group>
    </form>
  );
}

export function CaseSettingsPage() {
  const settings = useCaseSettings();
  const rules = useCaseRules();
  return (
    <>
      <BackToCases />
      <PageHeader
        title="Case rules and limits"
        description="Which answers open a case, who owns it, how fast it must be handled, and what people may grant on the spot."
      />
      <Stack>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            Trigger rules
          </Title>
          {rules.isPending ? (
            <TableSkeleton rows={3} label="Loading rules" />
          ) : rules.isError ? (
            <ErrorAlert error={rules.error} />
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Rule</Table.Th>
                    <Table.Th>Threshold or keywords</Table.Th>
                    <Table.Th>Active</Table.Th>
                    <Table.Th>
                      <span className="sr-only">Actions</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.data.items.map((rule) => (
                    <RuleRow key={rule.id} rule={rule} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Stack mt="md">
            <NewRuleForm />
          </Stack>
        </Paper>
        {settings.isPending ? (
          <TableSkeleton label="Loading settings" />
        ) : settings.isError ? (
          <ErrorAlert error={settings.error} />
        ) : (
          <SettingsForm settings={settings.data} />
        )}
      </Stack>
    </>
  );
}
