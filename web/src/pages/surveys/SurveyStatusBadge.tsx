import { Badge } from '@mantine/core';
import { SURVEY_STATUS_LABELS, type SurveyStatus } from '../../api/types';

const COLORS: Record<SurveyStatus, string> = { draft: 'gray', active: 'teal', archived: 'dark' };

export function SurveyStatusBadge({ status }: { status: SurveyStatus }) {
  return (
    <Badge color={COLORS[status]} variant={status === 'archived' ? 'outline' : 'light'} component="span">
      {SURVEY_STATUS_LABELS[status]}
    </Badge>
  );
}
