import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { useCreateEmployee, useTeams } from '../../api/people';
import {
  emptyPerson,
  inputOf,
  type PersonErrors,
  PersonFields,
  serverFieldErrors,
  usePersonDraft,
  validatePerson,
} from './PersonFields';

export function AddPersonModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const teams = useTeams();
  const create = useCreateEmployee();
  const { draft, setDraft, set } = usePersonDraft(emptyPerson);
  const [errors, setErrors] = useState<PersonErrors>({});

  const close = () => {
    onClose();
    setDraft(emptyPerson);
    setErrors({});
    create.reset();
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePerson(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(inputOf(draft), {
      onSuccess: (employee) => {
        notifications.show({ message: `${employee.name} was added.`, color: 'teal' });
        close();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const generalError = create.error && !(create.error instanceof ApiError && create.error.status === 409);

  return (
    <Modal opened={opened} onClose={close} title="Add person" size="lg">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {generalError && (
            <Alert color="red" variant="light" role="alert">
              {create.error?.message}
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
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add person
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
