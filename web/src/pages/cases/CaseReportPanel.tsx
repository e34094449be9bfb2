import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { type CaseReport, formatMoney, type ReportGroup, useCaseReport } from './casesApi';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const score = (v: number | null) => (v === null ? '—' : v.toFixed(1));

const COLUMNS: { label: string; csv: string; value: (r: ReportGroup) => string | number }[] = [
  { label: 'Cases', csv: 'cases', value: (r) => r.cases },
  { label: 'First contact on time', csv: 'first_contact_met', value: (r) => r.firstContactMet },
  { label: 'Resolved on time', csv: 'resolution_met', value: (r) => r.resolutionMet },
  { label: 'Deadline compliance', csv: 'deadline_compliance', value: (r) => pct(r.compliance) },
  { label: 'Recovered / resolved', csv: 'recovered', value: (r) => `${r.recovered} / ${r.settled}` },
  { label: 'Recovery rate', csv: 'recovery_rate', value: (r) => pct(r.recoveryRate) },
  { label: 'Follow-up answers', csv: 'follow_up_answers', value: (r) => r.followUpAnswers },
  { label: 'Recovery score (1–5)', csv: 'recovery_score', value: (r) => score(r.recoveryScore) },
  { label: 'Measured recovery', csv: 'measured_recovery', value: (r) => pct(r.measuredRecovery) },
];

const csvCell = (v: string | number | null) => {
  const text = v === null ? '' : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The table as CSV: raw numbers (shares 0–1), so a spreadsheet can compute with them. */
export function reportCsv(rows: ReportGroup[], nameHeader: string): string {
  const header = [
    nameHeader,
    'cases',
    'first_contact_met',
    'resolution_met',
    'deadline_compliance',
    'settled',
    'recovered',
    'recovery_rate',
    'follow_up_answers',
    'recovery_score',
    'measured_recovery',
  ];
  const lines = rows.map((r) =>
    [
      r.name,
      r.cases,
      r.firstContactMet,
      r.resolutionMet,
      r.compliance,
      r.settled,
      r.recovered,
      r.recoveryRate,
      r.followUpAnswers,
      r.recoveryScore,
      r.measuredRecovery,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function GroupTable({ title, rows, by }: { title: string; rows: ReportGroup[]; by: 'team' | 'owner' }) {
  const headingId = `report-${by}-heading`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id={headingId}>
          {title}
        </Title>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconDownload size={14} aria-hidden />}
          aria-label={`Download “${title}” as CSV`}
          disabled={rows.length === 0}
          onClick={() => download(`cases-by-${by}.csv`, reportCsv(rows, by))}
        >
          CSV
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No cases in this period.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-labelledby={headingId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{by === 'team' ? 'Team' : 'Owner'}</Table.Th>
                {COLUMNS.map((c) => (
                  <Table.Th key={c.csv} scope="col" ta="right">
                    {c.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id ?? row.name}>
                  <Table.Th scope="row" fw={500}>
                    {row.name}
                  </Table.Th>
                  {COLUMNS.map((c) => (
                    <Table.Td key={c.csv} ta="right">
                      {c.value(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

function Figures({ r }: { r: CaseReport }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      <Stat label="Opened" value={String(r.opened)} />
      <Stat label="Recovery rate" value={pct(r.recoveryRate)} />
      <Stat
        label="Median time to first contact"
        value={
          r.medianHoursToFirstContact === null ? '—' : `${r.medianHoursToFirstContact.toFixed(1)} business h`
        }
      />
      <Stat label="Recovered / retained / lost" value={`${r.recovered} / ${r.retained} / ${r.lost}`} />
      <Stat
        label="Measured recovery (follow-up 4–5)"
        value={`${pct(r.followUp.measuredRecovery)} of ${r.followUp.answered}`}
      />
      <Stat label="Recovery score (1–5)" value={score(r.followUp.recoveryScore)} />
      <Stat label="Goodwill granted" value={formatMoney(r.goodwill.approvedTotal, r.goodwill.currency)} />
      <Stat
        label="Goodwill per recovered customer"
        value={
          r.goodwill.perRecoveredCustomer === null
            ? '—'
            : formatMoney(r.goodwill.perRecoveredCustomer, r.goodwill.currency)
        }
      />
    </SimpleGrid>
  );
}

/** The organisation's close-the-loop report: recovery, speed, deadline compliance per team and owner. */
export function CaseReportPanel() {
  const report = useCaseReport();
  if (report.isPending) return <TableSkeleton rows={3} label="Loading the report" />;
  if (report.isError) return <ErrorAlert error={report.error} />;
  const r = report.data;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Cases opened in the last 90 days. Measured recovery is the customers’ own answer to the follow-up
        question “How well did we put things right?” (4 or 5 of 5).
      </Text>
      <Figures r={r} />
      <GroupTable title="Deadlines and recovery by team" rows={r.byTeam} by="team" />
      <GroupTable title="Deadlines and recovery by owner" rows={r.byOwner} by="owner" />
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="report-causes-heading">
        <Title order={3} size="h5" mb="xs" id="report-causes-heading">
          Top root causes
        </Title>
        {r.topRootCauses.length === 0 ? (
          <Text size="sm" c="dimmed">
            No root causes tagged yet.
          </Text>
        ) : (
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {r.topRootCauses.map((c) => (
              <Group key={c.rootCause} justify="space-between" component="li">
                <Text size="sm">{c.rootCause}</Text>
                <Text size="sm" fw={600}>
                  {c.cases}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
