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

create table surveys (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  kind text not null check (kind in ('nps', 'csat', 'ces', 'custom')),
  name text not null,
  status text not null default 'draft' check (status in ('draft', 'active', 'archived')),
  -- Title, intro, thank-you text, questions with their translations, branding: validated by
  -- SurveyDefinition (src/domains/surveys/surveys.api.ts) on every write.
  definition jsonb not null,
  active_from timestamptz,
  active_until timestamptz,
  -- The token of the survey's shareable open link (/s/<token>); null until a link is made.
  link_token text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);
create unique index surveys_link_token_key on surveys (link_token) where link_token is not null;

create table invitations (
  org_id uuid not null,
  id uuid not null,
  survey_id uuid not null,
  customer_id uuid not null,
  interaction_id uuid,
  channel text not null check (channel in ('email', 'link', 'embed', 'api')),
  token text not null,
  locale text not null default 'en',
  scheduled_for timestamptz,
  sent_at timestamptz,
  opened_at timestamptz,
  answered_at timestamptz,
  bounced_at timestamptz,
  reminded_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, survey_id) references surveys (org_id, id) on delete cascade,
  foreign key (org_id, customer_id) references customers (org_id, id) on delete cascade,
  foreign key (org_id, interaction_id) references interactions (org_id, id) on delete cascade
);
create unique index invitations_token_key on invitations (token);
create index invitations_customer_idx on invitations (org_id, customer_id, created_at desc);
create index invitations_survey_idx on invitations (org_id, survey_id, created_at desc);

create table responses (
  org_id uuid not null,
  id uuid not null,
  survey_id uuid not null,
  invitation_id uuid,
  customer_id uuid,
  interaction_id uuid,
  team_id uuid,
  -- The interaction's channel, copied so reports need no join.
  channel text,
  source text not null check (source in ('email', 'link', 'embed', 'api', 'import')),
  locale text not null default 'en',
  -- The answer to the survey's first (score) question: NPS 0-10, CSAT 1-5, CES 1-7.
  score smallint,
  answers jsonb not null default '{}'::jsonb,
  comment text,
  submitted_at timestamptz not null,
  updated_at timestamptz not null default now(),
  amendable_until timestamptz,
  primary key (org_id, id),
  foreign key (org_id, survey_id) references surveys (org_id, id) on delete cascade,
  -- Erasing a customer erases their interactions, invitations and responses with them.
  foreign key (org_id, invitation_id) references invitations (org_id, id) on delete cascade,
  foreign key (org_id, customer_id) references customers (org_id, id) on delete cascade,
  foreign key (org_id, interaction_id) references interactions (org_id, id) on delete cascade,
  foreign key (org_id, team_id) references teams (org_id, id)
);
create unique index responses_invitation_key on responses (org_id, invitation_id) where invitation_id is not null;
create index responses_survey_idx on responses (org_id, survey_id, submitted_at desc);
create index responses_submitted_idx on responses (org_id, submitted_at desc, id desc);
create index responses_customer_idx on responses (org_id, customer_id);

create table response_employees (
  org_id uuid not null,
  response_id uuid not null,
  employee_id uuid not null,
  primary key (org_id, response_id, employee_id),
  foreign key (org_id, response_id) references responses (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id)
);
create index response_employees_employee_idx on response_employees (org_id, employee_id);
