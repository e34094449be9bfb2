-- Foundation: organisations, people, teams, sign-in, API keys, audit log.
-- Every tenant table has org_id leading its primary key (DESIGN.md, "Tenancy").

create table organisations (
  id uuid primary key,
  name text not null,
  slug text not null,
  time_zone text not null default 'UTC',
  currency char(3) not null default 'EUR',
  created_at timestamptz not null default now()
);
create unique index organisations_slug_key on organisations (slug);

create table employees (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  preferred_name text,
  email text not null,
  role text not null default 'employee' check (role in ('admin', 'leader', 'manager', 'employee')),
  active boolean not null default true,
  start_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);
create unique index employees_email_key on employees (org_id, lower(email));
create index employees_name_idx on employees (org_id, lower(name));

create table teams (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  kind text not null check (kind in ('department', 'team', 'sub_team')),
  parent_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  -- Deferrable so a restore can load a tree in any row order (src/db/backup.ts).
  foreign key (org_id, parent_id) references teams (org_id, id) deferrable initially immediate
);
create unique index teams_name_key on teams (org_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'), lower(name));

create table team_managers (
  org_id uuid not null,
  team_id uuid not null,
  employee_id uuid not null,
  primary key (org_id, team_id, employee_id),
  foreign key (org_id, team_id) references teams (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

create table team_memberships (
  org_id uuid not null,
  id uuid not null,
  team_id uuid not null,
  employee_id uuid not null,
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, team_id) references teams (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create unique index team_memberships_current_key on team_memberships (org_id, team_id, employee_id) where ended_at is null;
create index team_memberships_employee_idx on team_memberships (org_id, employee_id);

create table credentials (
  org_id uuid not null,
  employee_id uuid not null,
  password_hash text not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, employee_id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

create table sessions (
  org_id uuid not null,
  id uuid not null,
  employee_id uuid not null,
  token_hash text not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  primary key (org_id, id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create unique index sessions_token_key on sessions (token_hash);
create index sessions_employee_idx on sessions (org_id, employee_id);

create table one_time_tokens (
  org_id uuid not null,
  id uuid not null,
  employee_id uuid not null,
  purpose text not null check (purpose in ('password_reset', 'invitation')),
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create unique index one_time_tokens_hash_key on one_time_tokens (token_hash);

create table api_keys (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  prefix text not null,
  key_hash text not null,
  scopes text[] not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (org_id, id)
);
create unique index api_keys_hash_key on api_keys (key_hash);

create table audit_events (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  action text not null,
  target_type text,
  target_id uuid,
  ip text,
  details jsonb not null default '{}'::jsonb,
  primary key (org_id, id)
);
create index audit_events_at_idx on audit_events (org_id, at desc, id desc);

-- Not tenant data: counters for sign-in attempts, which happen before anyone belongs to an
-- organisation. Kept in the database so every app process shares them.
create table rate_limit_counters (
  bucket text not null,
  window_start timestamptz not null,
  count integer not null,
  primary key (bucket, window_start)
);
