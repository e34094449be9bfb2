import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconClipboardList, IconPlus } from '@tabler/icons-react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { useSurveys } from '../../api/surveys';
import { LANGUAGES, SURVEY_KIND_LABELS } from '../../api/types';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { NewSurveyModal } from './NewSurveyModal';
import { SurveyStatusBadge } from './SurveyStatusBadge';

export function SurveysPage() {
  const navigate = useNavigate();
  const surveys = useSurveys();
  const [creating, { open, close }] = useDisclosure(false);
  const rows = [...(surveys.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <>
      <PageHeader
        title="Surveys"
        description="NPS, CSAT, CES and custom surveys that customers answer after real interactions."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            New survey
          </Button>
        }
      />
      <Stack gap="md">
        {surveys.isPending ? (
          <TableSkeleton label="Loading surveys" />
        ) : surveys.isError ? (
          <ErrorAlert
            error={surveys.error}
            title="Could not load surveys"
            onRetry={() => surveys.refetch()}
          />
        ) : rows.length === 0 ? (
          <EmptyPanel
            icon={<IconClipboardList aria-hidden />}
            title="No surveys yet"
            description="Create an NPS, CSAT or CES survey from a ready-made template, make it active and share its link — or send it after each helpdesk interaction through the API."
            action={
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
                New survey
              </Button>
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="Surveys">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Kind</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Languages</Table.Th>
                    <Table.Th scope="col">Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((survey) => (
                    <Table.Tr
                      key={survey.id}
                      className="clickable-row"
                      onClick={() => navigate(`/surveys/${survey.id}`)}
                    >
                      <Table.Td>
                        <Anchor
                          component={RouterLink}
                          to={`/surveys/${survey.id}`}
                          fw={600}
                          onClick={(event) => event.stopPropagation()}
                        >
                          {survey.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{SURVEY_KIND_LABELS[survey.kind]}</Table.Td>
                      <Table.Td>
                        <SurveyStatusBadge status={survey.status} />
                      </Table.Td>
                      <Table.Td>
                        {LANGUAGES.filter((lang) => survey.definition.languages.includes(lang))
                          .map((lang) => lang.toUpperCase())
                          .join(', ')}
                      </Table.Td>
                      <Table.Td>{formatDate(survey.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm" c="dimmed" role="status">
              {rows.length} {rows.length === 1 ? 'survey' : 'surveys'}
            </Text>
          </>
        )}
      </Stack>
      <NewSurveyModal opened={creating} onClose={close} />
    </>
  );
}
