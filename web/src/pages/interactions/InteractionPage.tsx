import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { type ReactNode, useMemo } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { useInteraction } from '../../api/customers';
import { useTeams } from '../../api/people';
import { useCustomerResponses, useEmployeeNames } from '../../api/responses';
import { useSurveys } from '../../api/surveys';
import { CHANNEL_LABELS, type Interaction } from '../../api/types';
import { ChannelLabel } from '../../components/ChannelLabel';
import { formatDateTime, formatDateTimeIn } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { ScoreBadge } from '../../components/ScoreBadge';

function BackLink() {
  return (
    <Anchor component={RouterLink} to="/interactions" size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> All interactions
      </Group>
    </Anchor>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function metadataValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function Details({ interaction }: { interaction: Interaction }) {
  const me = useMe();
  const teams = useTeams();
  const employees = useEmployeeNames();
  const timeZone = me.data?.org.timeZone;
  const team = interaction.teamId ? teams.data?.find((t) => t.id === interaction.teamId) : null;
  const orgTime = formatDateTimeIn(interaction.occurredAt, timeZone);
  const localTime = formatDateTime(interaction.occurredAt);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="details-heading">
      <Title order={2} size="h4" mb="md" id="details-heading">
        Details
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" component="dl" m={0}>
        <Fact label="Customer">
          <Anchor component={RouterLink} to={`/customers/${interaction.customerId}`}>
            {interaction.customerName ?? 'View customer'}
          </Anchor>
        </Fact>
        <Fact label="Channel">
          <ChannelLabel channel={interaction.channel} size="md" />
        </Fact>
        <Fact label="When">
          {orgTime}
          {timeZone && (
            <Text span size="sm" c="dimmed" display="block">
              {timeZone} time
              {localTime !== orgTime ? ` · ${localTime} where you are` : ''}
            </Text>
          )}
        </Fact>
        <Fact label="Team">{interaction.teamId ? (team?.name ?? 'Unknown team') : 'No team'}</Fact>
        <Fact label="Served by">
          {interaction.employeeIds.length === 0
            ? 'Nobody recorded'
            : interaction.employeeIds.map((id) => employees.data?.get(id) ?? 'Unknown employee').join(', ')}
        </Fact>
        <Fact label="External reference">
          {interaction.externalRef ? (
            <Text span ff="monospace" inherit>
              {interaction.externalRef}
            </Text>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Recorded">{formatDateTimeIn(interaction.createdAt, timeZone)}</Fact>
      </SimpleGrid>
    </Paper>
  );
}

function Metadata({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="metadata-heading">
      <Title order={2} size="h4" mb="md" id="metadata-heading">
        Metadata
      </Title>
      {entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          No metadata was sent with this interaction.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing="xs" aria-label="Metadata">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Key</Table.Th>
                <Table.Th scope="col">Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Th scope="row" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {key}
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{metadataValue(value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function Responses({ interaction }: { interaction: Interaction }) {
  // The API filters responses by customer, not by interaction; pick this interaction's out of the customer's.
  const responses = useCustomerResponses(interaction.customerId);
  const surveys = useSurveys();
  const surveyById = useMemo(() => new Map((surveys.data ?? []).map((s) => [s.id, s])), [surveys.data]);
  const items = (responses.data?.items ?? []).filter((r) => r.interactionId === interaction.id);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="responses-heading">
      <Title order={2} size="h4" mb="md" id="responses-heading">
        Responses
      </Title>
      {responses.isPending ? (
        <TableSkeleton rows={2} label="Loading responses" />
      ) : responses.isError ? (
        <ErrorAlert
          error={responses.error}
          title="Could not load the responses"
          onRetry={() => responses.refetch()}
        />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {responses.data.nextCursor
            ? 'No response to this interaction among the customer’s latest 100 responses.'
            : 'The customer has not answered a survey about this interaction.'}
        </Text>
      ) : (
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Responses">
          {items.map((response) => {
            const survey = surveyById.get(response.surveyId);
            return (
              <Stack
                key={response.id}
                component="li"
                gap={4}
                py="sm"
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              >
                <Group gap="xs">
                  <Anchor component={RouterLink} to={`/responses/${response.id}`} fw={600}>
                    Response to {survey?.name ?? 'a survey'}
                  </Anchor>
                  <ScoreBadge score={response.score} kind={survey?.kind} />
                </Group>
                {response.comment && <Text size="sm">“{response.comment}”</Text>}
                <Text size="sm" c="dimmed">
                  {formatDateTime(response.submittedAt)}
                </Text>
              </Stack>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}

export function InteractionPage() {
  const { id = '' } = useParams();
  const interaction = useInteraction(id);
  const me = useMe();

  if (interaction.isPending) {
    return (
      <>
        <BackLink />
        <TableSkeleton rows={6} label="Loading interaction" />
      </>
    );
  }
  if (interaction.isError) {
    return (
      <>
        <BackLink />
        <ErrorAlert
          error={interaction.error}
          title="Could not load this interaction"
          onRetry={() => interaction.refetch()}
        />
      </>
    );
  }
  const data = interaction.data;
  const channel = CHANNEL_LABELS[data.channel] ?? data.channel;
  return (
    <>
      <BackLink />
      <PageHeader
        title={`${channel} interaction with ${data.customerName ?? 'a customer'}`}
        description={
          <>
            {formatDateTimeIn(data.occurredAt, me.data?.org.timeZone)}
            {data.externalRef ? ` · ${data.externalRef}` : ''}
          </>
        }
      />
      <Stack gap="lg" maw={960}>
        <Details interaction={data} />
        <Responses interaction={data} />
        <Metadata metadata={data.metadata} />
      </Stack>
    </>
  );
}
