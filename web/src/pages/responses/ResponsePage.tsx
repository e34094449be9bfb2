import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { useInteraction } from '../../api/customers';
import { useTeams } from '../../api/people';
import { useEmployeeNames, useResponse } from '../../api/responses';
import { useSurvey } from '../../api/surveys';
import {
  type AnswerValue,
  CHANNEL_LABELS,
  LANGUAGE_LABELS,
  LANGUAGES,
  type Language,
  type Question,
  type SurveyResponse,
} from '../../api/types';
import { AnalysedComment } from '../../components/AnalysedComment';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { ScoreBadge } from '../../components/ScoreBadge';
import { scaleOf, textIn, withOrg } from '../surveys/surveyText';
import { ThemeLabelsPanel } from '../text/ThemeLabelsPanel';

const SOURCE_LABELS: Record<SurveyResponse['source'], string> = {
  email: 'Email invitation',
  link: 'Shareable link',
  embed: 'Embedded on a website',
  api: 'API',
  import: 'Import',
};

function BackLink() {
  return (
    <Anchor component={RouterLink} to="/responses" size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> All responses
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

function formatAnswer(question: Question | undefined, value: AnswerValue): string {
  if (question && 'options' in question) {
    const label = (id: string) => {
      const option = question.options.find((o) => o.id === id);
      return option ? textIn(option.label, 'en') : id;
    };
    return Array.isArray(value) ? value.map(label).join(', ') : label(String(value));
  }
  const scale = question ? scaleOf(question) : null;
  if (scale && typeof value === 'number') return `${value} on a scale of ${scale.min}–${scale.max}`;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function Answers({ response }: { response: SurveyResponse }) {
  const survey = useSurvey(response.surveyId);
  const me = useMe();
  const orgName = me.data?.org.name ?? '';
  if (survey.isPending) return <TableSkeleton rows={3} label="Loading the survey's questions" />;
  if (survey.isError)
    return <ErrorAlert error={survey.error} title="Could not load the survey's questions" />;
  const questions = survey.data.definition.questions;
  const known = new Set(questions.map((q) => q.id));
  const extra = Object.keys(response.answers).filter((key) => !known.has(key));
  return (
    <Stack gap="md" component="dl" m={0}>
      {questions.map((question) => {
        const value = response.answers[question.id];
        return (
          <div key={question.id}>
            <Text fw={600} component="dt">
              {withOrg(textIn(question.label, 'en'), orgName)}
            </Text>
            <Text
              component="dd"
              m={0}
              c={value === undefined ? 'dimmed' : undefined}
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {value === undefined ? 'Not answered' : formatAnswer(question, value)}
            </Text>
          </div>
        );
      })}
      {extra.map((key) => (
        <div key={key}>
          <Text fw={600} component="dt">
            {key}{' '}
            <Text span size="xs" c="dimmed">
              (question no longer in the survey)
            </Text>
          </Text>
          <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
            {formatAnswer(undefined, response.answers[key] as AnswerValue)}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function Attribution({ response }: { response: SurveyResponse }) {
  const interaction = useInteraction(response.interactionId);
  const teams = useTeams();
  const employees = useEmployeeNames();
  const team = response.teamId ? teams.data?.find((t) => t.id === response.teamId) : null;
  const language = (LANGUAGES as readonly string[]).includes(response.locale)
    ? LANGUAGE_LABELS[response.locale as Language]
    : response.locale;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" component="dl" m={0}>
      <Fact label="Customer">
        {response.customerId ? (
          <Anchor component={RouterLink} to={`/customers/${response.customerId}`}>
            {response.customerName ?? 'View customer'}
          </Anchor>
        ) : (
          'Anonymous'
        )}
      </Fact>
      <Fact label="Interaction">
        {!response.interactionId ? (
          'Not linked to an interaction'
        ) : interaction.data ? (
          <Anchor component={RouterLink} to={`/interactions/${interaction.data.id}`}>
            {`${CHANNEL_LABELS[interaction.data.channel] ?? interaction.data.channel}, ${formatDateTime(interaction.data.occurredAt)}${interaction.data.externalRef ? ` (${interaction.data.externalRef})` : ''}`}
          </Anchor>
        ) : interaction.isError ? (
          <Anchor component={RouterLink} to={`/interactions/${response.interactionId}`}>
            View the interaction
          </Anchor>
        ) : (
          'Loading…'
        )}
      </Fact>
      <Fact label="Team">{response.teamId ? (team?.name ?? 'Unknown team') : 'No team'}</Fact>
      <Fact label="Served by">
        {response.employeeIds.length === 0
          ? 'Nobody recorded'
          : response.employeeIds.map((id) => employees.data?.get(id) ?? 'Unknown employee').join(', ')}
      </Fact>
      <Fact label="Source">
        {SOURCE_LABELS[response.source] ?? response.source}
        {response.channel ? ` · ${CHANNEL_LABELS[response.channel] ?? response.channel}` : ''}
      </Fact>
      <Fact label="Language">{language}</Fact>
      <Fact label="Submitted">{formatDateTime(response.submittedAt)}</Fact>
    </SimpleGrid>
  );
}

export function ResponsePage() {
  const { id = '' } = useParams();
  const response = useResponse(id);
  const survey = useSurvey(response.data?.surveyId ?? '');
  const me = useMe();
  // Labelling needs text:manage: managers, leaders and admins.
  const canLabel = Boolean(me.data && me.data.employee.role !== 'employee');

  if (response.isPending) {
    return (
      <>
        <BackLink />
        <TableSkeleton rows={6} label="Loading response" />
      </>
    );
  }
  if (response.isError) {
    return (
      <>
        <BackLink />
        <ErrorAlert
          error={response.error}
          title="Could not load this response"
          onRetry={() => response.refetch()}
        />
      </>
    );
  }
  const data = response.data;
  return (
    <>
      <BackLink />
      <PageHeader
        title={`Response from ${data.customerName ?? 'a customer'}`}
        description={
          <Group gap="xs" component="span">
            <ScoreBadge score={data.score} kind={survey.data?.kind} />
            <span>
              {survey.data ? (
                <Anchor component={RouterLink} to={`/surveys/${survey.data.id}`} inherit>
                  {survey.data.name}
                </Anchor>
              ) : (
                'Survey'
              )}{' '}
              · {formatDateTime(data.submittedAt)}
            </span>
          </Group>
        }
      />
      <Stack gap="lg" maw={900}>
        {data.comment && (
          <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="comment-heading">
            <Title order={2} size="h4" mb="sm" id="comment-heading">
              Comment
            </Title>
            <AnalysedComment comment={data.comment} text={data.text} />
          </Paper>
        )}
        {data.comment && canLabel && <ThemeLabelsPanel responseId={data.id} />}
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="answers-heading">
          <Title order={2} size="h4" mb="md" id="answers-heading">
            Answers
          </Title>
          <Answers response={data} />
        </Paper>
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="attribution-heading">
          <Title order={2} size="h4" mb="md" id="attribution-heading">
            Attribution
          </Title>
          <Attribution response={data} />
        </Paper>
      </Stack>
    </>
  );
}
