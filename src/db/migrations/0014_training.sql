-- Training (README, "Training"): a catalogue of modules for competency and commitment, paths that
-- order them (e.g. onboarding), rules that assign them (a team's comment themes, new employees),
-- assignments with due dates, and completion with quiz scores.

create table training_modules (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  title text not null,
  -- competency: skills, product knowledge; commitment: the why (values, strategy, customer stories).
  kind text not null check (kind in ('competency', 'commitment')),
  summary text not null default '',
  -- Plain text with blank-line paragraphs; shown as text, never as HTML.
  body text not null default '',
  -- [{label, url}], https or http only (checked by the API).
  links jsonb not null default '[]'::jsonb,
  -- An https video on an allow-listed host (YouTube no-cookie, Vimeo), embedded; else null.
  video_url text,
  -- A quiz (src/domains/training/quiz.ts), answers included; null = no quiz, "mark as done".
  quiz jsonb,
  estimated_minutes integer not null check (estimated_minutes between 1 and 600),
  tags text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create table training_paths (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create table training_path_modules (
  org_id uuid not null,
  path_id uuid not null,
  module_id uuid not null,
  position integer not null,
  primary key (org_id, path_id, module_id),
  foreign key (org_id, path_id) references training_paths (org_id, id) on delete cascade,
  foreign key (org_id, module_id) references training_modules (org_id, id) on delete cascade
);

-- Assignment rules, evaluated by the daily `training-rules` job (and on demand).
create table training_rules (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  -- theme: a team whose comments show a theme with negative mentions above a level gets the module;
  -- new_employee: someone who started within window_days gets it (usually the onboarding path).
  kind text not null check (kind in ('theme', 'new_employee')),
  active boolean not null default true,
  -- A text-analytics theme key (theme rules only).
  theme text,
  -- Share of the team's comments in the window that are negative and mention the theme, 0–1.
  min_share real not null default 0.2 check (min_share >= 0 and min_share <= 1),
  -- At least this many such comments, so one unhappy comment in a quiet week does not trigger it.
  min_count integer not null default 3 check (min_count >= 1),
  window_days integer not null default 30 check (window_days between 1 and 365),
  due_in_days integer not null default 14 check (due_in_days between 1 and 365),
  module_id uuid,
  path_id uuid,
  last_run_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, module_id) references training_modules (org_id, id) on delete cascade,
  foreign key (org_id, path_id) references training_paths (org_id, id) on delete cascade,
  check ((module_id is null) <> (path_id is null)),
  check ((kind = 'theme') = (theme is not null))
);

create table training_assignments (
  org_id uuid not null,
  id uuid not null,
  module_id uuid not null,
  employee_id uuid not null,
  -- How it came: by hand (to people, a team or a role), by a rule, or taken by the person themselves.
  source text not null check (source in ('manual', 'team', 'role', 'rule', 'self')),
  -- Where it came from; no foreign keys, so the record outlives a rule or path that is removed.
  rule_id uuid,
  path_id uuid,
  assigned_by uuid,
  due_date date,
  assigned_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  -- The quiz: attempts made and the last and best scores (0–1); null without a quiz.
  quiz_attempts integer not null default 0,
  last_score real,
  best_score real,
  primary key (org_id, id),
  foreign key (org_id, module_id) references training_modules (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
-- Never the same module twice to one person while an assignment of it is open.
create unique index training_assignments_open_key on training_assignments (org_id, employee_id, module_id)
  where completed_at is null;
create index training_assignments_employee_idx on training_assignments (org_id, employee_id, assigned_at desc);
create index training_assignments_module_idx on training_assignments (org_id, module_id, completed_at);
