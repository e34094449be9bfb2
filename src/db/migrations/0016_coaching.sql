-- Coaching (README, "Recognition and feedback"): 1:1 meetings between a manager and a report,
-- with an agenda (items may come from the report's recent customer comments, cases and feedback),
-- shared notes and the manager's private notes; and coaching goals with dated check-ins.
-- Seen only by the two people and the report's other managers (as private feedback is).

create table one_on_ones (
  org_id uuid not null,
  id uuid not null,
  manager_id uuid not null,
  employee_id uuid not null,
  scheduled_for timestamptz not null,
  -- Set when the meeting took place; the leadership scorecard counts 1:1s held.
  held_at timestamptz,
  -- [{ id, text, source: { type, id } | null, done }]
  agenda jsonb not null default '[]'::jsonb,
  shared_notes text not null default '',
  -- Only the manager who holds the 1:1 reads these.
  private_notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, manager_id) references employees (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade,
  check (manager_id <> employee_id)
);
create index one_on_ones_employee_idx on one_on_ones (org_id, employee_id, scheduled_for desc);
create index one_on_ones_manager_idx on one_on_ones (org_id, manager_id, scheduled_for desc);

create table coaching_goals (
  org_id uuid not null,
  id uuid not null,
  employee_id uuid not null,
  created_by uuid not null,
  title text not null,
  description text not null default '',
  due_on date,
  status text not null default 'active' check (status in ('active', 'achieved', 'dropped')),
  -- 0-100, the latest check-in's figure.
  progress smallint not null default 0 check (progress between 0 and 100),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade,
  foreign key (org_id, created_by) references employees (org_id, id) on delete cascade
);
create index coaching_goals_employee_idx on coaching_goals (org_id, employee_id, created_at desc);

create table coaching_check_ins (
  org_id uuid not null,
  id uuid not null,
  goal_id uuid not null,
  author_id uuid not null,
  progress smallint not null check (progress between 0 and 100),
  note text not null default '',
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, goal_id) references coaching_goals (org_id, id) on delete cascade,
  foreign key (org_id, author_id) references employees (org_id, id) on delete cascade
);
create index coaching_check_ins_goal_idx on coaching_check_ins (org_id, goal_id, created_at);
