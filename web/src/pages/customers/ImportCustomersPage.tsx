import { Anchor, Code, Group, Stack, Tabs } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { useCustomerImport, useInteractionImport } from '../../api/imports';
import { CsvImport, type ImportColumn, ImportColumns } from '../../components/CsvImport';
import { PageHeader } from '../../components/PageHeader';

export const CUSTOMER_COLUMNS: ImportColumn[] = [
  { name: 'external_id', note: 'your CRM’s id for the customer; matched first' },
  { name: 'name', note: 'full name' },
  { name: 'email', note: 'matched when there is no external_id match' },
  { name: 'phone', note: 'any format' },
  { name: 'segment', note: 'e.g. Premium' },
  { name: 'value', note: 'a number such as 1250.50' },
  { name: 'locale', note: 'language for surveys, e.g. en, es or de' },
  { name: 'consent_email', note: 'true or false: may we email surveys' },
  { name: 'consent_publish_name', note: 'true or false: may we publish their name with praise' },
];

const CUSTOMER_EXAMPLE = `external_id,name,email,phone,segment,value,locale,consent_email,consent_publish_name
crm-1001,Rosa Díaz,rosa@example.com,+34 600 123 456,Premium,1250.50,es,true,false`;

export const INTERACTION_COLUMNS: ImportColumn[] = [
  { name: 'occurred_at', required: true, note: 'ISO 8601, e.g. 2026-03-04T10:15:00Z' },
  { name: 'channel', required: true, note: 'email, phone, chat, in_person, field_visit or order' },
  { name: 'customer_external_id', note: 'the customer’s id in your CRM' },
  { name: 'customer_email', note: 'the customer’s email' },
  { name: 'customer_name', note: 'used when the customer is new' },
  { name: 'employee_emails', note: 'who served them; several separated by ;' },
  { name: 'team', note: 'the team’s name, as in Serviceloop' },
  {
    name: 'external_ref',
    note: 'e.g. the ticket id; a row with the same external_ref and time is imported once',
  },
];

const INTERACTION_EXAMPLE = `occurred_at,channel,customer_external_id,customer_email,customer_name,employee_emails,team,external_ref
2026-03-04T10:15:00Z,phone,crm-1001,rosa@example.com,Rosa Díaz,tom@example.com,Tier 1,ticket-5521`;

function CustomersImport() {
  const check = useCustomerImport();
  const run = useCustomerImport();
  return (
    <Stack gap="lg">
      <ImportColumns
        intro={
          <>
            A header row, then one customer per row. Each row needs an <Code>external_id</Code> or an{' '}
            <Code>email</Code>; existing customers are updated, and an empty cell keeps what is stored.
          </>
        }
        columns={CUSTOMER_COLUMNS}
        example={CUSTOMER_EXAMPLE}
      />
      <CsvImport
        csvLabel="Customers CSV"
        noun={['customer', 'customers']}
        check={check}
        run={run}
        done={
          <Anchor component={RouterLink} to="/customers" mt="md" display="inline-block">
            Go to Customers
          </Anchor>
        }
      />
    </Stack>
  );
}

function InteractionsImport() {
  const check = useInteractionImport();
  const run = useInteractionImport();
  return (
    <Stack gap="lg">
      <ImportColumns
        intro={
          <>
            A header row, then one interaction per row. Each row needs a <Code>customer_external_id</Code> or
            a <Code>customer_email</Code>; unknown customers are created. The people and the team must exist.
            Active distribution rules apply to imported interactions too, but nothing older than seven days is
            surveyed.
          </>
        }
        columns={INTERACTION_COLUMNS}
        example={INTERACTION_EXAMPLE}
      />
      <CsvImport
        csvLabel="Interactions CSV"
        noun={['interaction', 'interactions']}
        check={check}
        run={run}
        done={
          <Anchor component={RouterLink} to="/customers" mt="md" display="inline-block">
            Go to Customers
          </Anchor>
        }
      />
    </Stack>
  );
}

export function ImportCustomersPage() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') === 'interactions' ? 'interactions' : 'customers';
  return (
    <>
      <Anchor component={RouterLink} to="/customers" size="sm" mb="sm" display="inline-flex">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All customers
        </Group>
      </Anchor>
      <PageHeader
        title={kind === 'customers' ? 'Import customers' : 'Import interactions'}
        description="Bring in customers and past interactions from your CRM or helpdesk. The file is checked first; nothing is written until you import."
      />
      <Tabs
        value={kind}
        onChange={(value) => setParams(value === 'interactions' ? { kind: value } : {}, { replace: true })}
        maw={960}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="customers">Customers</Tabs.Tab>
          <Tabs.Tab value="interactions">Interactions</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="customers">
          <CustomersImport />
        </Tabs.Panel>
        <Tabs.Panel value="interactions">
          <InteractionsImport />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
