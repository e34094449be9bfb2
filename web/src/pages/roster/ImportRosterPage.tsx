import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Code,
  FileInput,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCheck, IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useRosterImport } from '../../api/roster';
import type { RosterReport } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryStatus';

const COLUMNS: { name: string; required: boolean; note: string }[] = [
  { name: 'email', required: true, note: 'work email; identifies the person' },
  { name: 'name', required: true, note: 'full name' },
  { name: 'preferred_name', required: false, note: 'what colleagues call them' },
  { name: 'role', required: false, note: 'admin, leader, manager or employee (default employee)' },
  { name: 'start_date', required: false, note: 'YYYY-MM-DD' },
  { name: 'department', required: false, note: 'created if it does not exist' },
  { name: 'team', required: false, note: 'inside the department; created if it does not exist' },
  { name: 'active', required: false, note: 'true or false (default true)' },
];

const EXAMPLE = `email,name,preferred_name,role,start_date,department,team,active
ana.silva@example.com,Ana Silva,Ana,employee,2024-03-01,Customer Care,Phones,true`;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={24} fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

function ReportView({ report }: { report: RosterReport }) {
  const dry = report.dryRun;
  const summary = dry
    ? `${report.created} to create, ${report.updated} to update, ${report.unchanged} unchanged, ${report.deactivated} to deactivate.`
    : `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deactivated} deactivated.`;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }}>
        <Stat label="Rows" value={report.total} />
        <Stat label={dry ? 'To create' : 'Created'} value={report.created} />
        <Stat label={dry ? 'To update' : 'Updated'} value={report.updated} />
        <Stat label="Unchanged" value={report.unchanged} />
        <Stat label={dry ? 'To deactivate' : 'Deactivated'} value={report.deactivated} />
      </SimpleGrid>
      {report.errors.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle aria-hidden />}
          role="alert"
          title="Fix these rows"
        >
          {plural(report.errors.length, 'error', 'errors')} found. Nothing was imported. Correct the file and
          check it again.
        </Alert>
      ) : (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCheck aria-hidden />}
          role="status"
          title={dry ? 'No errors' : 'Import complete'}
        >
          {summary}
          {report.teamsCreated.length > 0 &&
            ` ${dry ? 'New teams' : 'Teams created'}: ${report.teamsCreated.join(', ')}.`}
        </Alert>
      )}
      {report.errors.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Row errors" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Row</Table.Th>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.errors.map((error) => (
                <Table.Tr key={`${error.row}-${error.field ?? ''}-${error.message}`}>
                  <Table.Td>{error.row}</Table.Td>
                  <Table.Td>{error.field ? <Code>{error.field}</Code> : '—'}</Table.Td>
                  <Table.Td>{error.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function ImportRosterPage() {
  const [csv, setCsv] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const check = useRosterImport();
  const run = useRosterImport();

  // Any change to the input makes the previous check stale.
  const resetResults = () => {
    check.reset();
    run.reset();
  };

  const chooseFile = async (chosen: File | null) => {
    setFile(chosen);
    setFileError(undefined);
    resetResults();
    if (!chosen) return;
    try {
      setCsv(await chosen.text());
    } catch {
      setFileError('Could not read that file.');
    }
  };

  const report = check.data;
  const canImport = report?.ok && report.errors.length === 0 && !run.data;

  return (
    <>
      <PageHeader
        title="Import roster"
        description="Bring in people and teams from your HR system. The file is checked first; nothing is written until you import."
      />
      <Stack gap="lg" maw={960}>
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="columns-heading">
          <Title order={2} size="h5" mb="xs" id="columns-heading">
            Expected columns
          </Title>
          <Text size="sm" mb="xs">
            A header row, then one person per row. Only <Code>email</Code> and <Code>name</Code> are required.
          </Text>
          <List size="sm" spacing={2}>
            {COLUMNS.map((column) => (
              <List.Item key={column.name}>
                <Code>{column.name}</Code>
                {column.required ? ' (required)' : ''}: {column.note}
              </List.Item>
            ))}
          </List>
          <Text size="sm" mt="sm" mb={4}>
            Example:
          </Text>
          <Code block>{EXAMPLE}</Code>
        </Paper>

        <Stack gap="md">
          <FileInput
            label="Choose a .csv file"
            placeholder="No file chosen"
            accept=".csv,text/csv"
            leftSection={<IconFileUpload size={16} aria-hidden />}
            value={file}
            onChange={chooseFile}
            clearable
            error={fileError}
            maw={420}
          />
          <Textarea
            label="Roster CSV"
            description="Paste the file's contents here, or choose a file above."
            autosize
            minRows={6}
            maxRows={18}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            value={csv}
            onChange={(event) => {
              setCsv(event.currentTarget.value);
              resetResults();
            }}
          />
          <Checkbox
            label="Deactivate people missing from the file"
            description="Anyone active in Serviceloop but not in this file will be deactivated."
            checked={deactivateMissing}
            onChange={(event) => {
              setDeactivateMissing(event.currentTarget.checked);
              resetResults();
            }}
          />
          <Group>
            <Button
              onClick={() => {
                run.reset();
                check.mutate({ csv, dryRun: true, deactivateMissing });
              }}
              loading={check.isPending}
              disabled={!csv.trim()}
              variant={canImport ? 'default' : 'filled'}
            >
              Check file
            </Button>
            {canImport && (
              <Button
                color="teal.9"
                onClick={() => run.mutate({ csv, dryRun: false, deactivateMissing })}
                loading={run.isPending}
              >
                Import {plural(report.total, 'person', 'people')}
              </Button>
            )}
          </Group>
        </Stack>

        {check.isError && <ErrorAlert error={check.error} title="The file could not be checked" />}
        {run.isError && <ErrorAlert error={run.error} title="The import failed" />}

        {(run.data ?? report) && (
          <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="report-heading">
            <Title order={2} size="h4" mb="md" id="report-heading">
              {run.data ? 'Import result' : 'Check result'}
            </Title>
            <ReportView report={run.data ?? (report as RosterReport)} />
            {run.data?.ok && (
              <Anchor component={RouterLink} to="/admin/people" mt="md" display="inline-block">
                Go to People
              </Anchor>
            )}
          </Paper>
        )}
      </Stack>
    </>
  );
}
