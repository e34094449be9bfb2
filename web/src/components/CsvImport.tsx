import {
  Alert,
  Button,
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
import type { UseMutationResult } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import type { CsvImportInput } from '../api/imports';
import type { ImportReport } from '../api/types';
import { ErrorAlert } from './QueryStatus';

export interface ImportColumn {
  name: string;
  required?: boolean;
  note: string;
}

/** A count of the report beyond the common ones, e.g. the roster's deactivations. */
export interface ImportStat {
  label: string;
  /** How the count reads in the summary sentence, e.g. "to deactivate". */
  phrase: string;
  value: number;
}

export function plural(n: number, one: string, many: string): string {
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

function baseStats(report: ImportReport): ImportStat[] {
  const dry = report.dryRun;
  return [
    { label: dry ? 'To create' : 'Created', phrase: dry ? 'to create' : 'created', value: report.created },
    { label: dry ? 'To update' : 'Updated', phrase: dry ? 'to update' : 'updated', value: report.updated },
    { label: 'Unchanged', phrase: 'unchanged', value: report.unchanged },
  ];
}

export function ImportReportView<R extends ImportReport>({
  report,
  extraStats = [],
  extraSummary,
}: {
  report: R;
  extraStats?: ImportStat[];
  extraSummary?: string;
}) {
  const dry = report.dryRun;
  const stats = [...baseStats(report), ...extraStats];
  const summary = `${stats.map((stat) => `${stat.value} ${stat.phrase}`).join(', ')}.`;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, md: stats.length + 1 }}>
        <Stat label="Rows" value={report.total} />
        {stats.map((stat) => (
          <Stat key={stat.label} label={stat.label} value={stat.value} />
        ))}
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
          {extraSummary && ` ${extraSummary}`}
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

export function ImportColumns({
  intro,
  columns,
  example,
  children,
}: {
  intro: ReactNode;
  columns: ImportColumn[];
  example: string;
  children?: ReactNode;
}) {
  const headingId = useId();
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h5" mb="xs" id={headingId}>
        Expected columns
      </Title>
      <Text size="sm" mb="xs">
        {intro}
      </Text>
      <List size="sm" spacing={2}>
        {columns.map((column) => (
          <List.Item key={column.name}>
            <Code>{column.name}</Code>
            {column.required ? ' (required)' : ''}: {column.note}
          </List.Item>
        ))}
      </List>
      {children}
      <Text size="sm" mt="sm" mb={4}>
        Example:
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {example}
      </Code>
    </Paper>
  );
}

type ImportMutation<R extends ImportReport> = UseMutationResult<R, Error, CsvImportInput>;

interface CsvImportProps<R extends ImportReport> {
  /** The label of the text box, e.g. "Customers CSV". */
  csvLabel: string;
  /** `[one, many]` for the import button: "Import 3 customers". */
  noun: [string, string];
  /** Two instances of the same import mutation: one for the dry run, one for the import. */
  check: ImportMutation<R>;
  run: ImportMutation<R>;
  /** Controls that change what the import does (shown above the buttons); reset the results on change. */
  options?: ReactNode;
  /** Why the file cannot be checked yet (e.g. no survey chosen). */
  blockedReason?: string;
  extraStats?: (report: R) => ImportStat[];
  extraSummary?: (report: R) => string | undefined;
  /** Shown under the result of a successful import, e.g. a link to the imported records. */
  done?: ReactNode;
}

/**
 * Paste or choose a CSV file → "Check file" (a dry run) → the report with counts and row errors →
 * "Import" once the check is clean. Any change to the input makes the previous check stale.
 */
export function CsvImport<R extends ImportReport>({
  csvLabel,
  noun,
  check,
  run,
  options,
  blockedReason,
  extraStats,
  extraSummary,
  done,
}: CsvImportProps<R>) {
  const [csv, setCsv] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const headingId = useId();

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
  const canImport = Boolean(report?.ok && report.errors.length === 0 && !run.data && !blockedReason);
  const shown = run.data ?? report;

  return (
    <Stack gap="lg">
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
          label={csvLabel}
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
        {options}
        <Group>
          <Button
            onClick={() => {
              run.reset();
              check.mutate({ csv, dryRun: true });
            }}
            loading={check.isPending}
            disabled={!csv.trim() || Boolean(blockedReason)}
            variant={canImport ? 'default' : 'filled'}
          >
            Check file
          </Button>
          {canImport && report && (
            <Button color="teal.9" onClick={() => run.mutate({ csv, dryRun: false })} loading={run.isPending}>
              Import {plural(report.total, noun[0], noun[1])}
            </Button>
          )}
          {blockedReason && csv.trim() && (
            <Text size="sm" c="dimmed">
              {blockedReason}
            </Text>
          )}
        </Group>
      </Stack>

      {check.isError && <ErrorAlert error={check.error} title="The file could not be checked" />}
      {run.isError && <ErrorAlert error={run.error} title="The import failed" />}

      {shown && (
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby={headingId}>
          <Title order={2} size="h4" mb="md" id={headingId}>
            {run.data ? 'Import result' : 'Check result'}
          </Title>
          <ImportReportView
            report={shown}
            extraStats={extraStats?.(shown)}
            extraSummary={extraSummary?.(shown)}
          />
          {run.data?.ok && done}
        </Paper>
      )}
    </Stack>
  );
}
