import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconFileImport, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { type CustomerFilters, useCustomers } from '../../api/customers';
import type { Customer } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate } from '../../components/format';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';

export function customerLabel(customer: Pick<Customer, 'name' | 'email' | 'externalId'>): string {
  return customer.name ?? customer.email ?? customer.externalId ?? 'Unnamed customer';
}

export function formatMoney(value: number | null, currency: string | undefined): string {
  if (value === null) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency ?? 'EUR' }).format(value);
  } catch {
    return String(value);
  }
}

export function ContactStatus({ customer }: { customer: Customer }) {
  if (customer.unsubscribedAt)
    return (
      <Badge color="gray" variant="light" component="span">
        Unsubscribed
      </Badge>
    );
  return customer.consentEmail ? (
    <Badge color="teal" variant="light" component="span">
      Email OK
    </Badge>
  ) : (
    <Badge color="gray" variant="outline" component="span">
      No email consent
    </Badge>
  );
}

export function CustomersPage() {
  const navigate = useNavigate();
  const me = useMe();
  const [search, setSearch] = useState('');
  const [segment, setSegment] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [debouncedSegment] = useDebouncedValue(segment.trim(), 300);
  const filters: CustomerFilters = {
    q: debouncedSearch || undefined,
    segment: debouncedSegment || undefined,
  };
  const customers = useCustomers(filters);
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filters.q || filters.segment);

  return (
    <>
      <PageHeader
        title="Customers"
        description="The people you serve: their contact details, consent, and every interaction and response."
        actions={
          <>
            <Button
              component={RouterLink}
              to="/customers/import"
              variant="default"
              leftSection={<IconFileImport size={16} aria-hidden />}
            >
              Import customers
            </Button>
            <Button
              component={RouterLink}
              to="/customers/import?kind=interactions"
              variant="default"
              leftSection={<IconFileImport size={16} aria-hidden />}
            >
              Import interactions
            </Button>
          </>
        }
      />
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name, email or external id"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 300 }}
            type="search"
          />
          <TextInput
            label="Segment"
            placeholder="e.g. Premium"
            value={segment}
            onChange={(event) => setSegment(event.currentTarget.value)}
            w={{ base: '100%', sm: 200 }}
          />
        </Group>

        {customers.isPending ? (
          <TableSkeleton label="Loading customers" />
        ) : customers.isError ? (
          <ErrorAlert
            error={customers.error}
            title="Could not load customers"
            onRetry={() => customers.refetch()}
          />
        ) : rows.length === 0 ? (
          <EmptyPanel
            icon={<IconAddressBook aria-hidden />}
            title={filtered ? 'No customer matches' : 'No customers yet'}
            description={
              filtered
                ? 'Try another search, or clear the segment. The segment must match exactly.'
                : 'Customers appear here when your helpdesk or CRM sends interactions through the API, or when someone answers a survey.'
            }
            action={
              !filtered && (
                <Button component={RouterLink} to="/surveys" variant="default">
                  Go to surveys
                </Button>
              )
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table
                highlightOnHover
                verticalSpacing="sm"
                aria-label="Customers"
                aria-busy={customers.isFetching}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">External id</Table.Th>
                    <Table.Th scope="col">Segment</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Value
                    </Table.Th>
                    <Table.Th scope="col">Contact</Table.Th>
                    <Table.Th scope="col">Since</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((customer) => (
                    <Table.Tr
                      key={customer.id}
                      className="clickable-row"
                      onClick={() => navigate(`/customers/${customer.id}`)}
                    >
                      <Table.Td>
                        <Anchor
                          component={RouterLink}
                          to={`/customers/${customer.id}`}
                          fw={600}
                          onClick={(event) => event.stopPropagation()}
                        >
                          {customerLabel(customer)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{customer.email ?? '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {customer.externalId ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{customer.segment ?? '—'}</Table.Td>
                      <Table.Td ta="right">{formatMoney(customer.value, me.data?.org.currency)}</Table.Td>
                      <Table.Td>
                        <ContactStatus customer={customer} />
                      </Table.Td>
                      <Table.Td>{formatDate(customer.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListFooter shown={rows.length} noun={['customer', 'customers']} query={customers} />
          </>
        )}
      </Stack>
    </>
  );
}
