import { Badge } from '@mantine/core';
import type { AssignmentStatus } from './api';

const LOOK: Record<AssignmentStatus, { color: string; label: string }> = {
  open: { color: 'blue', label: 'To do' },
  overdue: { color: 'red', label: 'Overdue' },
  done: { color: 'green', label: 'Done' },
};

export function StatusBadge({ status }: { status: AssignmentStatus }) {
  const look = LOOK[status];
  return (
    <Badge color={look.color} variant="light">
      {look.label}
    </Badge>
  );
}
