import { Anchor, Button, Group, NativeSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowsExchange, IconFileImport } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router-dom';
import { type InteractionFilters, useInteractions } from '../../api/customers';
import { useEmployeeSearch, useTeams } from '../../api/people';
import { useEmployeeNames } from '../../api/responses';
import { CHANNEL_LABELS, INTERACTION_CHANNELS, type InteractionChannel } from '../../api/types';
import { ChannelLabel } from '../../components/ChannelLabel';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

/** A `YYYY-MM-DD` date as the start (or end) of that day in the browser's time zone. */
function dayBoundary(value: string | null, end: boolean): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function channelParam(value: string | null): InteractionChannel | null {
  return value && (INTERACTION_CHANNELS as readonly string[]).includes(value)
    ? (value as InteractionChannel)
    : null;
}

/** A searchable picker that asks the API for matching employees as you type. */
function EmployeeFilter({
  value,
  onChange,
  names,
}: {
  value: string;
  onChange: (id: string | null) => void;
  names: Map<string, string> | undefined;
}) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const selectedName = value ? names?.get(value) : undefined;
  // Once someone is chosen the box shows their name; don't search for it as if it were typed.
  const q = selectedName && debouncedSearch === selectedName ? '' : debouncedSearch;
  const employees = useEmployeeSearch(q);
  const options = (employees.data ?? []).map((e) => ({ value: e.id, label: e.preferredName ?? e.name }));
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: selectedName ?? 'Selected employee' });

  return (
    <Select
      label="Served by"
      placeholder="Anyone"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      value={value || null}
      onChange={onChange}
      data={options}
      // The API already matched names and emails; don't filter its answer again by label.
      filter={({ options: all }) => all}
      nothingFoundMessage={employees.isFetching ? 'Searching…' : 'Nobody with that name or email'}
      w={{ base: '100%', xs: 220 }}
    />
  );
}

export function InteractionsPage() {
  const navigate = useNavigate();
  // Filters live in the address so a filtered list can be shared and survives going back.
  const [params, setParams] = useSearchParams();
  const channel = channelParam(params.get('channel'));
  const teamId = params.get('teamId') ?? '';
  const employeeId = params.get('employeeId') ?? '';
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';

  const setParam = (updates: Record<string, string | number | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(updates)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );

  const filters: InteractionFilters = {
    channel,
    teamId: teamId || null,
    employeeId: employeeId || null,
    from: dayBoundary(fromDay, false),
    to: dayBoundary(toDay, true),
  };
  const interactions = useInteractions(filters);
  const teams = useTeams();
  const employees = useEmployeeNames();
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const rows = interactions.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = [...params.keys()].length > 0;

  return (
    <>
      <PageHeader
        title="Interactions"
        description="Every conversation, call, visit and order your helpdesk, CRM or imports told us about, and who served the customer."
        actions={
          <Button
            component={RouterLink}
            to="/customers/import?kind=interactions"
            variant="default"
            leftSection={<IconFileImport size={16} aria-hidden />}
          >
            Import interactions
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label="Filter interactions">
          <NativeSelect
            label="Channel"
            value={channel ?? ''}
            onChange={(event) => setParam({ channel: event.currentTarget.value })}
            data={[
              { value: '', label: 'All channels' },
              ...INTERACTION_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c })),
            ]}
            w={{ base: '100%', xs: 180 }}
          />
          <NativeSelect
            label="Team"
            value={teamId}
            onChange={(event) => setParam({ teamId: event.currentTarget.value })}
            data={[
              { value: '', label: 'All teams' },
              ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
            ]}
            w={{ base: '100%', xs: 200 }}
          />
          <EmployeeFilter
            value={employeeId}
            onChange={(id) => setParam({ employeeId: id })}
            names={employees.data}
          />
          <TextInput
            label="From"
            type="date"
            value={fromDay}
            onChange={(event) => setParam({ from: event.currentTarget.value })}
          />
          <TextInput
            label="To"
            type="date"
            value={toDay}
            onChange={(event) => setParam({ to: event.currentTarget.value })}
          />
          {filtered && (
            <Button variant="subtle" onClick={() => setParams({}, { replace: true })}>
              Clear filters
            </Button>
          )}
        </Group>

        {interactions.isPending ? (
          <TableSkeleton label="Loading interactions" />
        ) : interactions.isError ? (
          <ErrorAlert
            error={interactions.error}
            title="Could not load interactions"
            onRetry={() => interactions.refetch()}
          />
        ) : rows.length === 0 ? (
          <EmptyPanel
            icon={<IconArrowsExchange aria-hidden />}
            title={filtered ? 'No interaction matches' : 'No interactions yet'}
            description={
              filtered
                ? 'Widen the dates or pick another channel, team or person, or clear the filters.'
                : 'Interactions appear here when your helpdesk or CRM sends them through the API or a webhook, or when you import them.'
            }
            action={
              !filtered && (
                <Button component={RouterLink} to="/customers/import?kind=interactions" variant="default">
                  Import interactions
                </Button>
              )
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={860}>
              <Table
                highlightOnHover
                verticalSpacing="sm"
                aria-label="Interactions"
                aria-busy={interactions.isFetching}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Channel</Table.Th>
                    <Table.Th scope="col">Customer</Table.Th>
                    <Table.Th scope="col">Served by</Table.Th>
                    <Table.Th scope="col">Team</Table.Th>
                    <Table.Th scope="col">External reference</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((interaction) => (
                    <Table.Tr
                      key={interaction.id}
                      className="clickable-row"
                      onClick={() => navigate(`/interactions/${interaction.id}`)}
                    >
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Anchor
                          component={RouterLink}
                          to={`/interactions/${interaction.id}`}
                          size="sm"
                          onClick={(event) => event.stopPropagation()}
                          aria-label={`${CHANNEL_LABELS[interaction.channel] ?? interaction.channel} interaction with ${interaction.customerName ?? 'a customer'}, ${formatDateTime(interaction.occurredAt)}`}
                        >
                          {formatDateTime(interaction.occurredAt)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <ChannelLabel channel={interaction.channel} />
                      </Table.Td>
                      <Table.Td>
                        <Anchor
                          component={RouterLink}
                          to={`/customers/${interaction.customerId}`}
                          size="sm"
                          onClick={(event) => event.stopPropagation()}
                        >
                          {interaction.customerName ?? 'Customer'}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {interaction.employeeIds.length === 0
                          ? '—'
                          : interaction.employeeIds
                              .map((id) => employees.data?.get(id) ?? 'Unknown employee')
                              .join(', ')}
                      </Table.Td>
                      <Table.Td>
                        {interaction.teamId ? (teamNames.get(interaction.teamId) ?? '—') : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {interaction.externalRef ?? '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListFooter shown={rows.length} noun={['interaction', 'interactions']} query={interactions} />
          </>
        )}
      </Stack>
    </>
  );
}
