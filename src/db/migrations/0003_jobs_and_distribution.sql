-- Durable background jobs (docs/decisions/005-jobs-in-our-own-table.md) and survey distribution rules.

create table jobs (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  queue text not null,
  payload jsonb not null default '{}'::jsonb,
  run_at timestamptz not null,
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts >= 1),
  -- A runner's lease: until then nobody else claims the job; after it (a crashed process) anyone may.
  locked_until timestamptz,
  last_error text,
  done_at timestamptz,
  -- Dead letter: failed max_attempts times (or had an invalid payload); kept with its last error.
  dead_at timestamptz,
  -- Enqueueing twice with one key creates one job, ever (e.g. one invitation email per invitation).
  singleton_key text,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
create unique index jobs_singleton_key on jobs (org_id, queue, singleton_key) where singleton_key is not null;
create index jobs_due_idx on jobs (run_at) where done_at is null and dead_at is null;
create index jobs_dead_idx on jobs (org_id, dead_at desc) where dead_at is not null;

create table distribution_rules (
  org_id uuid not null,
  id uuid not null,
  survey_id uuid not null,
  name text not null,
  -- Interaction channels and teams the rule applies to; empty means all.
  channels text[] not null default '{}',
  team_ids uuid[] not null default '{}',
  delay_minutes integer not null default 60 check (delay_minutes between 0 and 525600),
  sampling_percent integer not null default 100 check (sampling_percent between 0 and 100),
  -- Never invite one customer more than once in this many days (0: no limit).
  fatigue_days integer not null default 30 check (fatigue_days between 0 and 3650),
  -- One reminder this many days after sending, if still unanswered; null: no reminder.
  reminder_days integer check (reminder_days between 1 and 365),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, survey_id) references surveys (org_id, id) on delete cascade
);
create index distribution_rules_active_idx on distribution_rules (org_id) where active;
