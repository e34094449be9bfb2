import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link as RouterLink } from 'react-router-dom';
import { formatDateTime } from '../../components/format';
import type { FollowUp } from './casesApi';

const SKIPPED: Record<NonNullable<FollowUp['skipped']>, string> = {
  reopened: 'Not sent: the case reopened before it was due.',
  no_customer: 'Not sent: the case has no customer.',
  no_email: 'Not sent: the customer has no email address.',
  no_consent: 'Not sent: the customer has not agreed to survey emails.',
  unsubscribed: 'Not sent: the customer unsubscribed from survey emails.',
  disabled: 'Not sent: follow-up surveys are off (Rules and limits).',
};

/** The one-question survey after resolution: when it goes, and what the customer answered. */
export function FollowUpPanel({ followUp }: { followUp: FollowUp | null }) {
  if (!followUp)
    return (
      <Text size="sm" c="dimmed">
        When the case is resolved, the customer is asked one question: “How well did we put things right?”
      </Text>
    );
  const f = followUp;
  if (f.status === 'answered')
    return (
      <Stack gap={4}>
        <Group gap="xs">
          <Badge color={f.recovered ? 'teal' : 'red'} variant="light">
            {f.score} of {f.scaleMax}
          </Badge>
          <Text size="sm" fw={600}>
            {f.recovered ? 'Recovered, in the customer’s words' : 'Not recovered, in the customer’s words'}
          </Text>
        </Group>
        {f.comment && <Text size="sm">“{f.comment}”</Text>}
        <Text size="xs" c="dimmed">
          Answered {f.answeredAt ? formatDateTime(f.answeredAt) : ''}
          {f.responseId && (
            <>
              {' · '}
              <Anchor component={RouterLink} to={`/responses/${f.responseId}`} size="xs">
                the response
              </Anchor>
            </>
          )}
        </Text>
      </Stack>
    );
  const text =
    f.status === 'skipped' && f.skipped
      ? SKIPPED[f.skipped]
      : f.status === 'bounced'
        ? 'The email bounced.'
        : f.status === 'sent'
          ? `Sent ${f.sentAt ? formatDateTime(f.sentAt) : ''}; no answer yet.`
          : `Goes to the customer ${formatDateTime(f.dueAt)}.`;
  return <Text size="sm">{text}</Text>;
}
