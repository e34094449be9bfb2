import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconMail, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import {
  type EmployeeInput,
  useEmployee,
  useMemberships,
  useSendInvitation,
  useTeams,
  useUpdateEmployee,
} from '../../api/people';
import type { Employee } from '../../api/types';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import {
  draftOf,
  inputOf,
  type PersonErrors,
  PersonFields,
  serverFieldErrors,
  usePersonDraft,
  validatePerson,
} from './PersonFields';

function BackLink() {
  return (
    <Anchor component={RouterLink} to="/admin/people" size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> All people
      </Group>
    </Anchor>
  );
}

/** Sends only what changed, so an unchanged team list does not touch the membership history. */
function changedFields(before: Employee, after: EmployeeInput): Partial<EmployeeInput> {
  const changes: Partial<EmployeeInput> = {};
  if (after.name !== before.name) changes.name = after.name;
  if ((after.preferredName ?? null) !== before.preferredName)
    changes.preferredName = after.preferredName ?? null;
  if (after.email !== before.email) changes.email = after.email;
  if (after.role !== before.role) changes.role = after.role;
  if ((after.startDate ?? null) !== before.startDate) changes.startDate = after.startDate ?? null;
  if (after.active !== undefined && after.active !== before.active) changes.active = after.active;
  const teams = after.teamIds ?? [];
  if (teams.length !== before.teamIds.length || teams.some((id) => !before.teamIds.includes(id))) {
    changes.teamIds = teams;
  }
  return changes;
}

function PersonEditor({ employee }: { employee: Employee }) {
  const teams = useTeams();
  const update = useUpdateEmployee(employee.id);
  const { draft, set } = usePersonDraft(draftOf(employee));
  const [errors, setErrors] = useState<PersonErrors>({});

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePerson(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const changes = changedFields(employee, { ...inputOf(draft), active: draft.active });
    if (Object.keys(changes).length === 0) {
      notifications.show({ message: 'Nothing to save; no field changed.', color: 'gray' });
      return;
    }
    update.mutate(changes, {
      onSuccess: () => notifications.show({ message: 'Changes saved.', color: 'teal' }),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const generalError = update.error && !(update.error instanceof ApiError && update.error.status === 409);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="details-heading">
      <Title order={2} size="h4" mb="md" id="details-heading">
        Details
      </Title>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {generalError && (
            <Alert color="red" variant="light" role="alert">
              {update.error?.message}
            </Alert>
          )}
          <PersonFields
            draft={draft}
            set={(key, value) => {
              set(key, value);
              if (key === 'email' || key === 'name')
                setErrors((current) => ({ ...current, [key]: undefined }));
            }}
            errors={errors}
            teams={teams.data ?? []}
            teamsLoading={teams.isPending}
            showActive
          />
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

function Memberships({ employeeId }: { employeeId: string }) {
  const memberships = useMemberships(employeeId);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h4" mb="md" id="history-heading">
        Team history
      </Title>
      {memberships.isPending ? (
        <TableSkeleton rows={2} label="Loading team history" />
      ) : memberships.isError ? (
        <ErrorAlert error={memberships.error} title="Could not load team history" />
      ) : memberships.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          Not a member of any team yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table aria-label="Team history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Team</Table.Th>
                <Table.Th scope="col">From</Table.Th>
                <Table.Th scope="col">Until</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {memberships.data.map((membership) => (
                <Table.Tr key={`${membership.teamId}-${membership.startedAt}`}>
                  <Table.Td>{membership.teamName}</Table.Td>
                  <Table.Td>{formatDate(membership.startedAt)}</Table.Td>
                  <Table.Td>{membership.endedAt ? formatDate(membership.endedAt) : 'Current'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function PersonActions({ employee }: { employee: Employee }) {
  const invite = useSendInvitation(employee.id);
  const update = useUpdateEmployee(employee.id);
  const [confirming, { open, close }] = useDisclosure(false);

  const sendInvitation = () =>
    invite.mutate(undefined, {
      onSuccess: () =>
        notifications.show({ message: `Invitation sent to ${employee.email}.`, color: 'teal' }),
      onError: (error) =>
        notifications.show({ title: 'Invitation not sent', message: errorMessage(error), color: 'red' }),
    });

  const setActive = (active: boolean) =>
    update.mutate(
      { active },
      {
        onSuccess: () => {
          close();
          notifications.show({
            message: active ? `${employee.name} is active again.` : `${employee.name} was deactivated.`,
            color: 'teal',
          });
        },
        onError: (error) =>
          notifications.show({ title: 'Not changed', message: errorMessage(error), color: 'red' }),
      },
    );

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconMail size={16} aria-hidden />}
        onClick={sendInvitation}
        loading={invite.isPending}
        disabled={!employee.active}
      >
        Send invitation
      </Button>
      {employee.active ? (
        <Button
          color="red"
          variant="light"
          leftSection={<IconUserOff size={16} aria-hidden />}
          onClick={open}
        >
          Deactivate
        </Button>
      ) : (
        <Button
          variant="light"
          leftSection={<IconUserCheck size={16} aria-hidden />}
          onClick={() => setActive(true)}
          loading={update.isPending}
        >
          Reactivate
        </Button>
      )}
      <Modal opened={confirming} onClose={close} title={`Deactivate ${employee.name}?`}>
        <Stack>
          <Text size="sm">
            They will be signed out and can no longer sign in. Their history stays, and you can reactivate
            them at any time.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => setActive(false)} loading={update.isPending}>
              Deactivate
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function PersonPage() {
  const { id = '' } = useParams();
  const employee = useEmployee(id);

  if (employee.isPending) {
    return (
      <>
        <BackLink />
        <TableSkeleton rows={6} label="Loading person" />
      </>
    );
  }
  if (employee.isError) {
    return (
      <>
        <BackLink />
        <ErrorAlert
          error={employee.error}
          title="Could not load this person"
          onRetry={() => employee.refetch()}
        />
      </>
    );
  }

  const person = employee.data;
  return (
    <>
      <BackLink />
      <PageHeader
        title={person.name}
        description={
          <Group gap="xs" component="span">
            <span>{person.email}</span>
            <Badge color={person.active ? 'teal' : 'gray'} variant="light" component="span">
              {person.active ? 'Active' : 'Inactive'}
            </Badge>
          </Group>
        }
        actions={<PersonActions employee={person} />}
      />
      <Stack gap="lg" maw={900}>
        <PersonEditor key={`${person.id}-${person.updatedAt}`} employee={person} />
        <Memberships employeeId={person.id} />
      </Stack>
    </>
  );
}
