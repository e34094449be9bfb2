import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconFileImport, IconMessages } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router-dom';
import { useTeams } from '../../api/people';
import { type ResponseFilters, useEmployeeNames, useResponses, useTextThemes } from '../../api/responses';
import { useSurveys } from '../../api/surveys';
import { EmptyPanel } from '../../components/EmptyPanel';
import { formatDateTime } from '../../components/format';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { ScoreBadge } from '../../components/ScoreBadge';

const SCORE_GROUPS = [
  { value: '', label: 'Any score', min: null, max: null },
  { value: 'detractors', label: 'Detractors (0–6)', min: 0, max: 6 },
  { value: 'passives', label: 'Passives (7–8)', min: 7, max: 8 },
  { value: 'promoters', label: 'Promoters (9–10)', min: 9, max: 10 },
] as const;

function excerpt(text: string, length = 140): string {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

/** A `YYYY-MM-DD` date as the start (or end) of that day in the browser's time zone. */
function dayBoundary(value: string | null, end: boolean): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function numberParam(value: string | null): number | null {
  if (value === null || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : null;
}

export function ResponsesPage() {
  const navigate = useNavigate();
  // Filters live in the address so a filtered list can be shared and survives going back.
  const [params, setParams] = useSearchParams();
  const surveyId = params.get('surveyId') ?? '';
  const teamId = params.get('teamId') ?? '';
  const scoreMin = numberParam(params.get('scoreMin'));
  const scoreMax = numberParam(params.get('scoreMax'));
  const hasComment = params.get('hasComment') ?? '';
  const sentiment = params.get('sentiment') ?? '';
  const theme = params.get('theme') ?? '';
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';

  const setParam = (updates: Record<string, string | number | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(updates)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );

  const filters: ResponseFilters = {
    surveyId: surveyId || null,
    teamId: teamId || null,
    scoreMin,
    scoreMax,
    hasComment: hasComment === 'true' || hasComment === 'false' ? hasComment : null,
    sentiment:
      sentiment === 'negative' || sentiment === 'neutral' || sentiment === 'positive' ? sentiment : null,
    theme: theme || null,
    from: dayBoundary(fromDay, false),
    to: dayBoundary(toDay, true),
  };
  const responses = useResponses(filters);
  const surveys = useSurveys();
  const teams = useTeams();
  const themes = useTextThemes();
  const employees = useEmployeeNames();
  const surveyById = useMemo(() => new Map((surveys.data ?? []).map((s) => [s.id, s])), [surveys.data]);
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const rows = responses.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = [...params.keys()].length > 0;
  const scoreGroup =
    SCORE_GROUPS.find((group) => group.min === scoreMin && group.max === scoreMax)?.value ?? 'custom';

  return (
    <>
      <PageHeader
        title="Responses"
        description="What customers said, with score and comment, attributed to the team and people who served them."
        actions={
          <Button
            component={RouterLink}
            to={surveyId ? `/responses/import?surveyId=${surveyId}` : '/responses/import'}
            variant="default"
            leftSection={<IconFileImport size={16} aria-hidden />}
          >
            Import historical responses
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap" role="search" aria-label="Filter responses">
          <NativeSelect
            label="Survey"
            value={surveyId}
            onChange={(event) => setParam({ surveyId: event.currentTarget.value })}
            data={[
              { value: '', label: 'All surveys' },
              ...(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            w={{ base: '100%', xs: 220 }}
          />
          <NativeSelect
            label="Team"
            value={teamId}
            onChange={(event) => setParam({ teamId: event.currentTarget.value })}
            data={[
              { value: '', label: 'All teams' },
              ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
            ]}
            w={{ base: '100%', xs: 200 }}
          />
          <NativeSelect
            label="Score group"
            value={scoreGroup}
            onChange={(event) => {
              const group = SCORE_GROUPS.find((g) => g.value === event.currentTarget.value);
              if (group) setParam({ scoreMin: group.min, scoreMax: group.max });
            }}
            data={[
              ...SCORE_GROUPS.map((g) => ({ value: g.value, label: g.label })),
              ...(scoreGroup === 'custom' ? [{ value: 'custom', label: 'Custom range' }] : []),
            ]}
            w={{ base: '100%', xs: 180 }}
          />
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <NumberInput
              label="Score from"
              min={0}
              max={10}
              allowDecimal={false}
              clampBehavior="strict"
              value={scoreMin ?? ''}
              onChange={(value) => setParam({ scoreMin: value === '' ? null : Number(value) })}
              w={100}
            />
            <NumberInput
              label="to"
              aria-label="Score to"
              min={0}
              max={10}
              allowDecimal={false}
              clampBehavior="strict"
              value={scoreMax ?? ''}
              onChange={(value) => setParam({ scoreMax: value === '' ? null : Number(value) })}
              w={100}
            />
          </Group>
          <NativeSelect
            label="Comment"
            value={hasComment}
            onChange={(event) => setParam({ hasComment: event.currentTarget.value })}
            data={[
              { value: '', label: 'With or without' },
              { value: 'true', label: 'With a comment' },
              { value: 'false', label: 'Without a comment' },
            ]}
          />
          <NativeSelect
            label="Sentiment"
            value={sentiment}
            onChange={(event) => setParam({ sentiment: event.currentTarget.value })}
            data={[
              { value: '', label: 'Any sentiment' },
              { value: 'negative', label: 'Negative' },
              { value: 'neutral', label: 'Neutral' },
              { value: 'positive', label: 'Positive' },
            ]}
          />
          {themes.data && themes.data.length > 0 && (
            <NativeSelect
              label="Theme"
              value={theme}
              onChange={(event) => setParam({ theme: event.currentTarget.value })}
              data={[
                { value: '', label: 'Any theme' },
                ...themes.data.map((t) => ({ value: t.key, label: t.name })),
              ]}
              w={{ base: '100%', xs: 220 }}
            />
          )}
          <TextInput
            label="From"
            type="date"
            value={fromDay}
            onChange={(event) => setParam({ from: event.currentTarget.value })}
          />
          <TextInput
            label="To"
            type="date"
            value={toDay}
            onChange={(event) => setParam({ to: event.currentTarget.value })}
          />
          {filtered && (
            <Button variant="subtle" onClick={() => setParams({}, { replace: true })}>
              Clear filters
            </Button>
          )}
        </Group>

        {responses.isPending ? (
          <TableSkeleton label="Loading responses" />
        ) : responses.isError ? (
          <ErrorAlert
            error={responses.error}
            title="Could not load responses"
            onRetry={() => responses.refetch()}
          />
        ) : rows.length === 0 ? (
          <EmptyPanel
            icon={<IconMessages aria-hidden />}
            title={filtered ? 'No response matches' : 'No responses yet'}
            description={
              filtered
                ? 'Widen the score range or the dates, or clear the filters.'
                : 'Activate a survey and share its link, or connect your helpdesk so customers are asked after each interaction.'
            }
            action={
              !filtered && (
                <Button component={RouterLink} to="/surveys" variant="default">
                  Go to surveys
                </Button>
              )
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table
                highlightOnHover
                verticalSpacing="sm"
                aria-label="Responses"
                aria-busy={responses.isFetching}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Score</Table.Th>
                    <Table.Th scope="col">Comment</Table.Th>
                    <Table.Th scope="col">Customer</Table.Th>
                    <Table.Th scope="col">Team</Table.Th>
                    <Table.Th scope="col">Served by</Table.Th>
                    <Table.Th scope="col">Survey</Table.Th>
                    <Table.Th scope="col">Date</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((response) => {
                    const survey = surveyById.get(response.surveyId);
                    return (
                      <Table.Tr
                        key={response.id}
                        className="clickable-row"
                        onClick={() => navigate(`/responses/${response.id}`)}
                      >
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Anchor
                            component={RouterLink}
                            to={`/responses/${response.id}`}
                            onClick={(event) => event.stopPropagation()}
                            aria-label={`Response from ${response.customerName ?? 'a customer'}, ${formatDateTime(response.submittedAt)}`}
                          >
                            <ScoreBadge score={response.score} kind={survey?.kind} />
                          </Anchor>
                        </Table.Td>
                        <Table.Td maw={360}>
                          {response.comment ? (
                            <Text size="sm">{excerpt(response.comment)}</Text>
                          ) : (
                            <Text size="sm" c="dimmed">
                              No comment
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {response.customerId ? (
                            <Anchor
                              component={RouterLink}
                              to={`/customers/${response.customerId}`}
                              size="sm"
                              onClick={(event) => event.stopPropagation()}
                            >
                              {response.customerName ?? 'Customer'}
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Anonymous
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{response.teamId ? (teamNames.get(response.teamId) ?? '—') : '—'}</Table.Td>
                        <Table.Td>
                          {response.employeeIds.length === 0
                            ? '—'
                            : response.employeeIds
                                .map((id) => employees.data?.get(id) ?? 'Unknown employee')
                                .join(', ')}
                        </Table.Td>
                        <Table.Td>{survey?.name ?? '—'}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(response.submittedAt)}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListFooter shown={rows.length} noun={['response', 'responses']} query={responses} />
          </>
        )}
      </Stack>
    </>
  );
}
