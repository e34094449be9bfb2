-- Action plans ("you said, we did") and the leaders' climate self-assessment (README, "Action
-- plans and the climate self-assessment"; docs/climate.md).

-- An action an owner takes in answer to a result. Its source is (kind, key, optional pulse id) and
-- deliberately has no foreign key: a construct key, a pulse statement, a text theme or a customer
-- metric, so the plan does not depend on the pulse tables (and survives a pulse's deletion).
create table action_plans (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  team_id uuid not null,
  owner_id uuid not null,
  created_by uuid,
  source_kind text not null check (source_kind in ('construct', 'statement', 'theme', 'metric')),
  source_key text not null check (length(source_key) between 1 and 200),
  pulse_id uuid,
  title text not null check (length(title) between 1 and 200),
  description text,
  due_date date not null,
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'dropped')),
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, team_id) references teams (org_id, id) on delete cascade,
  foreign key (org_id, owner_id) references employees (org_id, id) on delete cascade
);
create index action_plans_team_idx on action_plans (org_id, team_id, created_at desc);
create index action_plans_owner_idx on action_plans (org_id, owner_id);

-- The plan's timeline: dated progress notes, each optionally moving the status.
create table action_plan_updates (
  org_id uuid not null,
  id uuid not null,
  action_plan_id uuid not null,
  author_id uuid,
  body text not null,
  status text check (status in ('planned', 'in_progress', 'done', 'dropped')),
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, action_plan_id) references action_plans (org_id, id) on delete cascade
);
create index action_plan_updates_plan_idx on action_plan_updates (org_id, action_plan_id, created_at);

-- A leader's answers to the twelve climate questions, dated so it can be repeated and compared.
create table climate_assessments (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  leader_id uuid not null,
  assessed_on date not null,
  status text not null default 'draft' check (status in ('draft', 'completed')),
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, leader_id) references employees (org_id, id) on delete cascade
);
create index climate_assessments_leader_idx on climate_assessments (org_id, leader_id, assessed_on desc);

-- One answer per question: a maturity level 1 (not started) to 5 (leading) and notes.
create table climate_answers (
  org_id uuid not null,
  assessment_id uuid not null,
  question_key text not null,
  rating smallint check (rating between 1 and 5),
  notes text,
  updated_at timestamptz not null default now(),
  primary key (org_id, assessment_id, question_key),
  foreign key (org_id, assessment_id) references climate_assessments (org_id, id) on delete cascade
);
