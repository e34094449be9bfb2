-- The culture pulse: an anonymous employee survey on the seven constructs (README, "Culture pulse";
-- docs/culture.md). Answers are stored WITHOUT respondent identity: culture_answers,
-- culture_answer_scores and culture_comments hold no employee id, no timestamp and random (v4) ids.
-- Who took part is in culture_participation, kept apart and used only to stop a second answer and
-- to remind those who have not answered; it holds no time either.

-- One row per organisation once a leader changes anything; until then the code's defaults apply.
create table culture_settings (
  org_id uuid not null references organisations (id) on delete cascade,
  -- The anonymity guard's smallest reportable group; never below 3.
  min_group_size integer not null default 5 check (min_group_size between 3 and 1000),
  -- Comment lists need their own, larger crowd (never below the numeric one).
  min_comment_group_size integer not null default 10 check (min_comment_group_size between 3 and 1000),
  updated_at timestamptz not null default now(),
  primary key (org_id),
  check (min_comment_group_size >= min_group_size)
);

-- The organisation's statement bank, seeded with the default bank on first use. A retired statement
-- is never deleted: past pulses keep their answers to it.
create table culture_statements (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  construct text not null check (construct in ('strategy', 'characteristics', 'commander', 'commitment',
    'communication', 'competency', 'consequence')),
  text text not null,
  position integer not null default 0,
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);
create index culture_statements_construct_idx on culture_statements (org_id, construct, position);

create table culture_pulses (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  title text not null,
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  -- Empty: everyone; otherwise these teams and their sub-teams.
  audience_team_ids uuid[] not null default '{}',
  constructs text[] not null,
  recurrence text not null default 'none' check (recurrence in ('none', 'monthly', 'quarterly')),
  -- The pulse a recurring one was created from: one next pulse per pulse, however often the job runs.
  previous_pulse_id uuid,
  closed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  check (closes_at > opens_at)
);
create unique index culture_pulses_previous_key on culture_pulses (org_id, previous_pulse_id);
create index culture_pulses_opens_idx on culture_pulses (org_id, opens_at desc);

-- The statements a pulse asked, with the wording used then (the bank may be reworded later).
create table culture_pulse_statements (
  org_id uuid not null,
  pulse_id uuid not null,
  statement_id uuid not null,
  construct text not null,
  text text not null,
  position integer not null,
  primary key (org_id, pulse_id, statement_id),
  foreign key (org_id, pulse_id) references culture_pulses (org_id, id) on delete cascade,
  foreign key (org_id, statement_id) references culture_statements (org_id, id)
);

-- Who has answered: no answer id, no time. Only for "have I answered?" and reminders.
create table culture_participation (
  org_id uuid not null,
  pulse_id uuid not null,
  employee_id uuid not null,
  primary key (org_id, pulse_id, employee_id),
  foreign key (org_id, pulse_id) references culture_pulses (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

-- One anonymous answer: the team at answer time and coarse attributes used as filters.
create table culture_answers (
  org_id uuid not null,
  id uuid not null,
  pulse_id uuid not null,
  team_id uuid,
  role text not null,
  tenure_band text not null check (tenure_band in ('<1y', '1-3y', '3y+', 'unknown')),
  -- "How likely are you to recommend working here?" 0-10.
  enps smallint not null check (enps between 0 and 10),
  primary key (org_id, id),
  foreign key (org_id, pulse_id) references culture_pulses (org_id, id) on delete cascade
);
create index culture_answers_pulse_idx on culture_answers (org_id, pulse_id);

create table culture_answer_scores (
  org_id uuid not null,
  answer_id uuid not null,
  statement_id uuid not null,
  construct text not null,
  score smallint not null check (score between 1 and 5),
  primary key (org_id, answer_id, statement_id),
  foreign key (org_id, answer_id) references culture_answers (org_id, id) on delete cascade
);

-- Open comments, kept apart from the scores (no answer id), shown only through the guard.
create table culture_comments (
  org_id uuid not null,
  id uuid not null,
  pulse_id uuid not null,
  team_id uuid,
  body text not null,
  primary key (org_id, id),
  foreign key (org_id, pulse_id) references culture_pulses (org_id, id) on delete cascade
);
create index culture_comments_pulse_idx on culture_comments (org_id, pulse_id);
