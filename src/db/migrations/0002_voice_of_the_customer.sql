-- Voice of the customer: customers, interactions, surveys, invitations, responses, idempotency.

create table customers (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  external_id text,
  name text,
  email text,
  phone text,
  segment text,
  value numeric(14, 2),
  locale text,
  -- Consent: may we email surveys, and may we show the customer's name with their praise.
  consent_email boolean not null default true,
  consent_publish_name boolean not null default false,
  unsubscribed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);
create unique index customers_external_id_key on customers (org_id, external_id) where external_id is not null;
create unique index customers_email_key on customers (org_id, lower(email)) where email is not null;

create table interactions (
  org_id uuid not null,
  id uuid not null,
  customer_id uuid not null,
  channel text not null check (channel in ('email', 'phone', 'chat', 'in_person', 'field_visit', 'order')),
  occurred_at timestamptz not null,
  team_id uuid,
  external_ref text,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, customer_id) references customers (org_id, id) on delete cascade,
  foreign key (org_id, team_id) references teams (org_id, id)
);
create index interactions_customer_idx on interactions (org_id, customer_id, occurred_at desc);
create index interactions_occurred_idx on interactions (org_id, occurred_at desc);
create index interactions_external_ref_idx on interactions (org_id, external_ref) where external_ref is not null;

create table interaction_employees (
  org_id uuid not null,
  interaction_id uuid not null,
  employee_id uuid not null,
  primary key (org_id, interaction_id, employee_id),
  foreign key (org_id, interaction_id) references interactions (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id)
);
create index interaction_employees_employee_idx on interaction_employees (org_id, employee_id);

-- One record per (organisation, idempotency key): a retried request gets the first answer back.
create table idempotency_keys (
  org_id uuid not null references organisations (id) on delete cascade,
  scope text not null,
  key text not null,
  request_hash text not null,
  resource_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (org_id, scope, key)
);
