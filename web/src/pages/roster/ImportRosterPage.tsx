import { Anchor, Checkbox, Code, Stack } from '@mantine/core';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useRosterImport } from '../../api/roster';
import { CsvImport, type ImportColumn, ImportColumns } from '../../components/CsvImport';
import { PageHeader } from '../../components/PageHeader';

const COLUMNS: ImportColumn[] = [
  { name: 'email', required: true, note: 'work email; identifies the person' },
  { name: 'name', required: true, note: 'full name' },
  { name: 'preferred_name', note: 'what colleagues call them' },
  { name: 'role', note: 'admin, leader, manager or employee (default employee)' },
  { name: 'start_date', note: 'YYYY-MM-DD' },
  { name: 'department', note: 'created if it does not exist' },
  { name: 'team', note: 'inside the department; created if it does not exist' },
  { name: 'active', note: 'true or false (default true)' },
];

const EXAMPLE = `email,name,preferred_name,role,start_date,department,team,active
ana.silva@example.com,Ana Silva,Ana,employee,2024-03-01,Customer Care,Phones,true`;

export function ImportRosterPage() {
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const check = useRosterImport(deactivateMissing);
  const run = useRosterImport(deactivateMissing);

  return (
    <>
      <PageHeader
        title="Import roster"
        description="Bring in people and teams from your HR system. The file is checked first; nothing is written until you import."
      />
      <Stack gap="lg" maw={960}>
        <ImportColumns
          intro={
            <>
              A header row, then one person per row. Only <Code>email</Code> and <Code>name</Code> are
              required.
            </>
          }
          columns={COLUMNS}
          example={EXAMPLE}
        />
        <CsvImport
          csvLabel="Roster CSV"
          noun={['person', 'people']}
          check={check}
          run={run}
          options={
            <Checkbox
              label="Deactivate people missing from the file"
              description="Anyone active in Serviceloop but not in this file will be deactivated."
              checked={deactivateMissing}
              onChange={(event) => {
                setDeactivateMissing(event.currentTarget.checked);
                check.reset();
                run.reset();
              }}
            />
          }
          extraStats={(report) => [
            {
              label: report.dryRun ? 'To deactivate' : 'Deactivated',
              phrase: report.dryRun ? 'to deactivate' : 'deactivated',
              value: report.deactivated,
            },
          ]}
          extraSummary={(report) =>
            report.teamsCreated.length > 0
              ? `${report.dryRun ? 'New teams' : 'Teams created'}: ${report.teamsCreated.join(', ')}.`
              : undefined
          }
          done={
            <Anchor component={RouterLink} to="/admin/people" mt="md" display="inline-block">
              Go to People
            </Anchor>
          }
        />
      </Stack>
    </>
  );
}
