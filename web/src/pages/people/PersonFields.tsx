import { MultiSelect, NativeSelect, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { EmployeeInput } from '../../api/people';
import { type Employee, ROLE_LABELS, ROLES, type Role, type Team } from '../../api/types';

export interface PersonDraft {
  name: string;
  preferredName: string;
  email: string;
  role: Role;
  startDate: string;
  teamIds: string[];
  active: boolean;
}

export const emptyPerson: PersonDraft = {
  name: '',
  preferredName: '',
  email: '',
  role: 'employee',
  startDate: '',
  teamIds: [],
  active: true,
};

export function draftOf(employee: Employee): PersonDraft {
  return {
    name: employee.name,
    preferredName: employee.preferredName ?? '',
    email: employee.email,
    role: employee.role,
    startDate: employee.startDate ?? '',
    teamIds: employee.teamIds,
    active: employee.active,
  };
}

export function inputOf(draft: PersonDraft): EmployeeInput {
  return {
    name: draft.name.trim(),
    preferredName: draft.preferredName.trim() || null,
    email: draft.email.trim(),
    role: draft.role,
    startDate: draft.startDate || null,
    teamIds: draft.teamIds,
  };
}

export type PersonErrors = Partial<Record<'name' | 'email', string>>;

export function validatePerson(draft: PersonDraft): PersonErrors {
  const errors: PersonErrors = {};
  if (!draft.name.trim()) errors.name = 'Enter a name.';
  if (!draft.email.trim()) errors.email = 'Enter an email address.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim()))
    errors.email = 'Enter a valid email address.';
  return errors;
}

/** A duplicate email comes back as 409; show it on the email field where the fix is made. */
export function serverFieldErrors(error: unknown): PersonErrors {
  if (error instanceof ApiError && error.status === 409) return { email: error.message };
  return {};
}

export function usePersonDraft(initial: PersonDraft) {
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof PersonDraft>(key: K, value: PersonDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  return { draft, setDraft, set };
}

interface PersonFieldsProps {
  draft: PersonDraft;
  set: <K extends keyof PersonDraft>(key: K, value: PersonDraft[K]) => void;
  errors: PersonErrors;
  teams: Team[];
  teamsLoading: boolean;
  showActive?: boolean;
}

export function PersonFields({ draft, set, errors, teams, teamsLoading, showActive }: PersonFieldsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <TextInput
        label="Name"
        required
        autoComplete="off"
        value={draft.name}
        onChange={(event) => set('name', event.currentTarget.value)}
        error={errors.name}
      />
      <TextInput
        label="Preferred name"
        description="What colleagues call them, if different"
        autoComplete="off"
        value={draft.preferredName}
        onChange={(event) => set('preferredName', event.currentTarget.value)}
      />
      <TextInput
        label="Email"
        type="email"
        required
        autoComplete="off"
        value={draft.email}
        onChange={(event) => set('email', event.currentTarget.value)}
        error={errors.email}
      />
      <NativeSelect
        label="Role"
        value={draft.role}
        onChange={(event) => set('role', event.currentTarget.value as Role)}
        data={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      />
      <TextInput
        label="Start date"
        type="date"
        value={draft.startDate}
        onChange={(event) => set('startDate', event.currentTarget.value)}
      />
      <MultiSelect
        label="Teams"
        placeholder={teamsLoading ? 'Loading teams…' : draft.teamIds.length ? undefined : 'Choose teams'}
        data={teams.map((team) => ({ value: team.id, label: team.name }))}
        value={draft.teamIds}
        onChange={(value) => set('teamIds', value)}
        searchable
        clearable
        nothingFoundMessage="No team with that name"
      />
      {showActive && (
        <Switch
          label="Active"
          description="Inactive people cannot sign in and are left out of reports going forward"
          checked={draft.active}
          onChange={(event) => set('active', event.currentTarget.checked)}
        />
      )}
    </SimpleGrid>
  );
}
