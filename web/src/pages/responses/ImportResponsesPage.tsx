import { Anchor, Code, Group, List, NativeSelect, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { useResponseImport } from '../../api/imports';
import { useSurveys } from '../../api/surveys';
import { CsvImport, type ImportColumn, ImportColumns } from '../../components/CsvImport';
import { PageHeader } from '../../components/PageHeader';
import { textIn } from '../surveys/surveyText';

const COLUMNS: ImportColumn[] = [
  { name: 'submitted_at', required: true, note: 'ISO 8601, e.g. 2025-11-20T10:15:00Z' },
  { name: 'score', note: 'the answer to the survey’s first question, e.g. 0–10 for NPS' },
  { name: 'comment', note: 'the answer to the free-text question' },
  { name: 'customer_external_id', note: 'the customer’s id in your CRM' },
  { name: 'customer_email', note: 'the customer’s email' },
  { name: 'employee_emails', note: 'who served them; several separated by ;' },
  { name: 'team', note: 'the team’s name, as in Serviceloop' },
  { name: 'channel', note: 'email, phone, chat, in_person, field_visit or order' },
  {
    name: 'external_ref',
    note: 'an interaction’s reference: the response is credited to its people, team and channel',
  },
  { name: 'answer.<questionId>', note: 'answers to other questions; ; between options of a multiple choice' },
];

const EXAMPLE = `submitted_at,score,comment,customer_email,employee_emails,team,channel
2025-11-20T10:15:00Z,9,Quick and friendly,rosa@example.com,tom@example.com,Tier 1,phone`;

export function ImportResponsesPage() {
  const [params, setParams] = useSearchParams();
  const surveyId = params.get('surveyId') ?? '';
  const surveys = useSurveys();
  const survey = surveys.data?.find((s) => s.id === surveyId);
  const check = useResponseImport(surveyId);
  const run = useResponseImport(surveyId);

  return (
    <>
      <Anchor component={RouterLink} to="/responses" size="sm" mb="sm" display="inline-flex">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All responses
        </Group>
      </Anchor>
      <PageHeader
        title="Import historical responses"
        description="Bring in survey answers collected before Serviceloop, so trends start from your history. The file is checked first; nothing is written until you import."
      />
      <Stack gap="lg" maw={960}>
        <NativeSelect
          label="Survey"
          description="The survey these answers belong to; each row is checked against its questions."
          value={surveyId}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParams(value ? { surveyId: value } : {}, { replace: true });
            check.reset();
            run.reset();
          }}
          data={[
            { value: '', label: surveys.isPending ? 'Loading surveys…' : 'Choose a survey' },
            ...(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          maw={420}
        />
        <ImportColumns
          intro={
            <>
              A header row, then one response per row. Only <Code>submitted_at</Code> is required; rows are
              checked against the survey’s questions. Re-importing a file adds nothing.
            </>
          }
          columns={COLUMNS}
          example={EXAMPLE}
        >
          {survey && (
            <>
              <Text size="sm" mt="sm" mb={4}>
                Question ids of “{survey.name}”:
              </Text>
              <List size="sm" spacing={2}>
                {survey.definition.questions.map((question, index) => (
                  <List.Item key={question.id}>
                    <Code>answer.{question.id}</Code>: {textIn(question.label, 'en')}
                    {index === 0 ? ' (or the score column)' : ''}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </ImportColumns>
        <CsvImport
          csvLabel="Responses CSV"
          noun={['response', 'responses']}
          check={check}
          run={run}
          blockedReason={surveyId ? undefined : 'Choose a survey first.'}
          done={
            <Anchor
              component={RouterLink}
              to={`/responses?surveyId=${surveyId}`}
              mt="md"
              display="inline-block"
            >
              See the survey’s responses
            </Anchor>
          }
        />
      </Stack>
    </>
  );
}
