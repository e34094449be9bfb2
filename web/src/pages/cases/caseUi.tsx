import { Anchor, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link as RouterLink } from 'react-router-dom';
import { errorMessage } from '../../api/client';

export function BackToCases() {
  return (
    <Anchor component={RouterLink} to="/cases" size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> All cases
      </Group>
    </Anchor>
  );
}

/** A failed save, told with the API's own message. */
export const showSaveError = (error: unknown) =>
  notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
