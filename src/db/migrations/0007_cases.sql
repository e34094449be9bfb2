-- Close the loop: a case for every unhappy customer, with an owner, deadlines in business hours,
-- escalation, a contact log, root causes, an outcome, and goodwill within per-role limits.

-- One row per organisation, created with the default trigger rules the first time it is needed.
create table case_settings (
  org_id uuid not null references organisations (id) on delete cascade,
  -- Business hours in the organisation's time zone: ISO weekdays (1 = Monday), minutes after midnight.
  business_days smallint[] not null default '{1,2,3,4,5}',
  business_start_minute integer not null default 540 check (business_start_minute between 0 and 1439),
  business_end_minute integer not null default 1020 check (business_end_minute between 1 and 1440),
  holidays date[] not null default '{}',
  -- Deadlines: first contact within N business hours, resolution within M business days.
  first_contact_hours integer not null default 48 check (first_contact_hours between 1 and 2000),
  resolution_days integer not null default 10 check (resolution_days between 1 and 365),
  -- Remind the owner this many business hours before a deadline; escalate one level further after
  -- this many business hours still in breach.
  reminder_hours integer not null default 4 check (reminder_hours between 0 and 2000),
  escalation_hours integer not null default 8 check (escalation_hours between 1 and 2000),
  -- Who owns a new case: the employee who served (frontline), or their team's manager.
  owner_rule text not null default 'frontline' check (owner_rule in ('frontline', 'team_manager')),
  root_causes text[] not null default '{}',
  -- Goodwill one person may grant on the spot, per role, in the organisation's currency.
  goodwill_limits jsonb not null default '{"employee": 50, "manager": 500, "leader": 5000, "admin": 5000}'::jsonb,
  -- A detractor with no interaction for this many days afterwards counts as lost.
  lost_after_days integer not null default 90 check (lost_after_days between 1 and 3650),
  updated_at timestamptz not null default now(),
  primary key (org_id)
);

create table case_rules (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  -- nps_detractor: score <= threshold (0–6); csat_low: score <= threshold; ces_high: score >= threshold;
  -- keyword: the comment contains one of the keywords; negative_sentiment: text analytics says so.
  kind text not null check (kind in ('nps_detractor', 'csat_low', 'ces_high', 'keyword', 'negative_sentiment')),
  threshold integer,
  keywords text[] not null default '{}',
  -- Only responses to this survey; null: every survey of the rule's kind.
  survey_id uuid,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, survey_id) references surveys (org_id, id) on delete cascade
);

create table cases (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  customer_id uuid,
  -- The response that opened the case (null for a case opened by hand on a customer).
  response_id uuid,
  interaction_id uuid,
  team_id uuid,
  rule_id uuid,
  origin text not null check (origin in ('rule', 'manual')),
  reason text not null,
  status text not null default 'new' check (status in ('new', 'contacted', 'resolved', 'closed')),
  owner_id uuid,
  -- Bumped on every reopening: deadline jobs of an earlier cycle find they are stale and stop.
  cycle integer not null default 1,
  opened_at timestamptz not null,
  first_contact_due timestamptz not null,
  resolution_due timestamptz not null,
  first_contacted_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  -- 0: none; 1: the owner's manager was called in; 2: one level further.
  escalation_level integer not null default 0,
  first_contact_breached boolean not null default false,
  resolution_breached boolean not null default false,
  root_causes text[] not null default '{}',
  outcome text check (outcome in ('recovered', 'retained', 'lost')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, customer_id) references customers (org_id, id) on delete cascade,
  foreign key (org_id, owner_id) references employees (org_id, id),
  foreign key (org_id, team_id) references teams (org_id, id)
);
-- One open case per customer: a second negative answer joins it instead of opening another.
create unique index cases_one_open_per_customer on cases (org_id, customer_id)
  where customer_id is not null and status in ('new', 'contacted');
create index cases_owner_idx on cases (org_id, owner_id, status);
create index cases_customer_idx on cases (org_id, customer_id, opened_at desc);
create index cases_opened_idx on cases (org_id, opened_at desc);

-- Every response a case was opened or reopened by: a response belongs to one case at most, which
-- is what makes the trigger step idempotent.
create table case_responses (
  org_id uuid not null,
  response_id uuid not null,
  case_id uuid not null,
  added_at timestamptz not null default now(),
  primary key (org_id, response_id),
  foreign key (org_id, case_id) references cases (org_id, id) on delete cascade
);
create index case_responses_case_idx on case_responses (org_id, case_id);

create table case_watchers (
  org_id uuid not null,
  case_id uuid not null,
  employee_id uuid not null,
  primary key (org_id, case_id, employee_id),
  foreign key (org_id, case_id) references cases (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id)
);

-- The case's history: notes, the contact log, status changes, assignments, reminders, escalations.
create table case_events (
  org_id uuid not null,
  id uuid not null,
  case_id uuid not null,
  kind text not null check (kind in ('opened', 'reopened', 'response', 'note', 'contact', 'status', 'assigned',
    'watcher', 'reminder', 'escalated', 'root_causes', 'goodwill', 'email')),
  actor_id uuid,
  -- For contacts and emails: how the customer was reached.
  channel text check (channel in ('call', 'email')),
  body text,
  details jsonb not null default '{}'::jsonb,
  -- Set by deadline jobs: a reminder or escalation is recorded once however often its job runs.
  dedupe_key text,
  at timestamptz not null,
  primary key (org_id, id),
  foreign key (org_id, case_id) references cases (org_id, id) on delete cascade
);
create index case_events_case_idx on case_events (org_id, case_id, at);
create unique index case_events_dedupe_key on case_events (org_id, dedupe_key) where dedupe_key is not null;

create table goodwill_actions (
  org_id uuid not null,
  id uuid not null,
  case_id uuid not null,
  kind text not null check (kind in ('refund', 'credit', 'replacement', 'upgrade', 'other')),
  amount numeric(14, 2) not null check (amount >= 0),
  description text,
  -- approved at once within the requester's limit; otherwise pending until the next level decides.
  status text not null check (status in ('approved', 'pending', 'rejected')),
  requested_by uuid not null,
  -- Who is asked to decide (pending), or who decided.
  approver_id uuid,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, case_id) references cases (org_id, id) on delete cascade
);
create index goodwill_actions_case_idx on goodwill_actions (org_id, case_id);
create index goodwill_actions_pending_idx on goodwill_actions (org_id, approver_id) where status = 'pending';
