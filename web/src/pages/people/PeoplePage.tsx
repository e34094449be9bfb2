import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { type EmployeeFilters, useEmployees, useTeams } from '../../api/people';
import { ROLE_LABELS, ROLES, type Role } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate } from '../../components/format';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { AddPersonModal } from './AddPersonModal';

type ActiveFilter = 'true' | 'false' | 'all';

export function PeoplePage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | ''>('');
  const [active, setActive] = useState<ActiveFilter>('true');
  const [adding, { open: openAdd, close: closeAdd }] = useDisclosure(false);

  const filters: EmployeeFilters = {
    q: debouncedSearch || undefined,
    role: role || null,
    active: active === 'all' ? null : active,
  };
  const people = useEmployees(filters);
  const teams = useTeams();
  const teamNames = useMemo(
    () => new Map((teams.data ?? []).map((team) => [team.id, team.name])),
    [teams.data],
  );
  const rows = people.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filters.q || filters.role || active !== 'true');

  return (
    <>
      <PageHeader
        title="People"
        description="Everyone in your organisation: their role, teams and whether they can sign in."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openAdd}>
            Add person
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name or email"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
            type="search"
          />
          <NativeSelect
            label="Role"
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role | '')}
            data={[
              { value: '', label: 'All roles' },
              ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
            ]}
          />
          <NativeSelect
            label="Status"
            value={active}
            onChange={(event) => setActive(event.currentTarget.value as ActiveFilter)}
            data={[
              { value: 'true', label: 'Active' },
              { value: 'false', label: 'Inactive' },
              { value: 'all', label: 'All' },
            ]}
          />
        </Group>

        {people.isPending ? (
          <TableSkeleton label="Loading people" />
        ) : people.isError ? (
          <ErrorAlert error={people.error} title="Could not load people" onRetry={() => people.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyPanel
            icon={<IconUsers aria-hidden />}
            title={filtered ? 'Nobody matches' : 'No people yet'}
            description={
              filtered
                ? 'Try another search or clear the filters.'
                : 'Add people one by one, or import your HR roster from a CSV file.'
            }
            action={
              !filtered && (
                <Button component={RouterLink} to="/admin/import" variant="default">
                  Import roster
                </Button>
              )
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="People" aria-busy={people.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Role</Table.Th>
                    <Table.Th scope="col">Teams</Table.Th>
                    <Table.Th scope="col">Start date</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((person) => (
                    <Table.Tr
                      key={person.id}
                      className="clickable-row"
                      onClick={() => navigate(`/admin/people/${person.id}`)}
                    >
                      <Table.Td>
                        <Anchor
                          component={RouterLink}
                          to={`/admin/people/${person.id}`}
                          fw={600}
                          onClick={(event) => event.stopPropagation()}
                        >
                          {person.name}
                        </Anchor>
                        {person.preferredName && person.preferredName !== person.name && (
                          <Text size="xs" c="dimmed">
                            Goes by {person.preferredName}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{person.email}</Table.Td>
                      <Table.Td>{ROLE_LABELS[person.role] ?? person.role}</Table.Td>
                      <Table.Td>
                        {person.teamIds.length === 0
                          ? '—'
                          : person.teamIds.map((id) => teamNames.get(id) ?? 'Unknown team').join(', ')}
                      </Table.Td>
                      <Table.Td>{formatDate(person.startDate)}</Table.Td>
                      <Table.Td>
                        <Badge color={person.active ? 'teal' : 'gray'} variant="light">
                          {person.active ? 'Active' : 'Inactive'}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListFooter shown={rows.length} noun={['person', 'people']} query={people} />
          </>
        )}
      </Stack>
      <AddPersonModal opened={adding} onClose={closeAdd} />
    </>
  );
}
