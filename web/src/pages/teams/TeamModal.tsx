import { Alert, Button, Group, Modal, MultiSelect, NativeSelect, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { useAllEmployees, useCreateTeam, useUpdateTeam } from '../../api/people';
import { TEAM_KIND_LABELS, type Team, type TeamKind } from '../../api/types';

const KINDS: TeamKind[] = ['department', 'team', 'sub_team'];

/** A team cannot sit under itself or under one of its own descendants. */
function descendantsOf(teamId: string, teams: Team[]): Set<string> {
  const result = new Set<string>([teamId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (team.parentId && result.has(team.parentId) && !result.has(team.id)) {
        result.add(team.id);
        grew = true;
      }
    }
  }
  return result;
}

interface TeamModalProps {
  opened: boolean;
  onClose: () => void;
  teams: Team[];
  /** The team being edited; absent when creating. */
  team?: Team;
}

export function TeamModal({ opened, onClose, teams, team }: TeamModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'Create team'} size="lg">
      {/* Remounting the form resets it each time the modal opens for another team. */}
      {opened && <TeamForm key={team?.id ?? 'new'} onClose={onClose} teams={teams} team={team} />}
    </Modal>
  );
}

function TeamForm({ onClose, teams, team }: Omit<TeamModalProps, 'opened'>) {
  const employees = useAllEmployees();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [kind, setKind] = useState<TeamKind>(team?.kind ?? 'team');
  const [parentId, setParentId] = useState(team?.parentId ?? '');
  const [managerIds, setManagerIds] = useState<string[]>(team?.managerIds ?? []);
  const [nameError, setNameError] = useState<string | undefined>();

  const parentChoices = useMemo(() => {
    const excluded = team ? descendantsOf(team.id, teams) : new Set<string>();
    return teams
      .filter((candidate) => !excluded.has(candidate.id) && candidate.kind !== 'sub_team')
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((candidate) => ({
        value: candidate.id,
        label: `${candidate.name} (${TEAM_KIND_LABELS[candidate.kind]})`,
      }));
  }, [team, teams]);

  const managerChoices = useMemo(
    () =>
      (employees.data ?? []).map((person) => ({
        value: person.id,
        label: `${person.name} · ${person.email}`,
      })),
    [employees.data],
  );

  const mutation = team ? update : create;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Enter a name.');
      return;
    }
    const onSuccess = () => {
      notifications.show({ message: team ? 'Team saved.' : `${name.trim()} was created.`, color: 'teal' });
      onClose();
    };
    if (team) {
      update.mutate(
        { id: team.id, name: name.trim(), parentId: parentId || null, managerIds },
        { onSuccess },
      );
    } else {
      create.mutate({ name: name.trim(), kind, parentId: parentId || null, managerIds }, { onSuccess });
    }
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {mutation.isError && (
          <Alert color="red" variant="light" role="alert">
            {mutation.error.message}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setNameError(undefined);
          }}
          error={nameError}
          data-autofocus
        />
        <NativeSelect
          label="Kind"
          description={team ? 'The kind of an existing team cannot change.' : undefined}
          disabled={Boolean(team)}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as TeamKind)}
          data={KINDS.map((value) => ({ value, label: TEAM_KIND_LABELS[value] }))}
        />
        <NativeSelect
          label="Part of"
          value={parentId}
          onChange={(event) => setParentId(event.currentTarget.value)}
          data={[{ value: '', label: 'Nothing (top level)' }, ...parentChoices]}
        />
        <MultiSelect
          label="Managers"
          placeholder={
            employees.isPending ? 'Loading people…' : managerIds.length ? undefined : 'Choose managers'
          }
          data={managerChoices}
          value={managerIds}
          onChange={setManagerIds}
          searchable
          clearable
          nothingFoundMessage="Nobody by that name"
          error={employees.isError ? `Could not load people: ${employees.error.message}` : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {team ? 'Save team' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
