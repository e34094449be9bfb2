-- Recognition and feedback: kudos with points, customer praise, celebrations, the service wall's
-- reactions and comments, private feedback, and outbound webhooks (README, "Recognition and
-- feedback"). Its notifications are in 0009_notifications.sql.

-- One row per organisation once an admin changes anything; until then the code's defaults apply.
create table recognition_settings (
  org_id uuid not null references organisations (id) on delete cascade,
  value_tags text[] not null,
  points_enabled boolean not null default true,
  monthly_allowance integer not null default 100 check (monthly_allowance between 0 and 100000),
  max_points_per_kudos integer not null default 50 check (max_points_per_kudos between 1 and 100000),
  celebrate_first_promoter boolean not null default true,
  praise_milestones integer[] not null default '{10,50,100}',
  celebrate_anniversaries boolean not null default true,
  feedback_nudge_days integer not null default 14 check (feedback_nudge_days between 1 and 365),
  updated_at timestamptz not null default now(),
  primary key (org_id)
);

create table kudos (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  giver_id uuid not null,
  -- Kudos to a whole team; individual recipients are in kudos_recipients.
  team_id uuid,
  kind text not null check (kind in ('success', 'effort')),
  message text not null,
  value_tags text[] not null default '{}',
  -- Evidence: what really happened. No foreign key, as the evidence may live in another domain
  -- (cases) and may be erased with its customer while the kudos stays.
  evidence_type text check (evidence_type in ('response', 'interaction', 'case')),
  evidence_id uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, giver_id) references employees (org_id, id) on delete cascade,
  foreign key (org_id, team_id) references teams (org_id, id) on delete cascade,
  check ((evidence_type is null) = (evidence_id is null))
);
create index kudos_created_idx on kudos (org_id, created_at desc, id desc);
create index kudos_giver_idx on kudos (org_id, giver_id, created_at desc);

create table kudos_recipients (
  org_id uuid not null,
  kudos_id uuid not null,
  employee_id uuid not null,
  -- Points received never expire: a person's balance is the sum of these.
  points integer not null default 0 check (points >= 0),
  primary key (org_id, kudos_id, employee_id),
  foreign key (org_id, kudos_id) references kudos (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create index kudos_recipients_employee_idx on kudos_recipients (org_id, employee_id);

-- Points a person has given in a month (YYYY-MM in the organisation's time zone). Giving is one
-- conditional upsert on this row, so concurrent gifts can never spend more than the allowance.
create table kudos_allowances (
  org_id uuid not null,
  employee_id uuid not null,
  period char(7) not null,
  spent integer not null check (spent >= 0),
  primary key (org_id, employee_id, period),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

-- A customer response that praised a named employee (the response-pipeline "recognition" step).
create table customer_praise (
  org_id uuid not null,
  id uuid not null,
  response_id uuid not null,
  employee_id uuid not null,
  team_id uuid,
  customer_id uuid,
  quote text not null,
  score smallint,
  praised_at timestamptz not null,
  -- The manager's one-click suggestion: recognise it (creating kudos) or dismiss it.
  status text not null default 'suggested' check (status in ('suggested', 'recognised', 'dismissed')),
  kudos_id uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  -- Erasing a customer erases their responses, and with them the praise quoting them.
  foreign key (org_id, response_id) references responses (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create unique index customer_praise_response_key on customer_praise (org_id, response_id, employee_id);
create index customer_praise_employee_idx on customer_praise (org_id, employee_id, praised_at desc);
create index customer_praise_praised_idx on customer_praise (org_id, praised_at desc, id desc);

create table celebrations (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  kind text not null check (kind in ('first_promoter', 'praise_milestone', 'work_anniversary')),
  employee_id uuid,
  team_id uuid,
  title text not null,
  details jsonb not null default '{}'::jsonb,
  -- One celebration per milestone, ever (e.g. `praise:50:<employee id>`).
  dedupe_key text not null,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create unique index celebrations_dedupe_key on celebrations (org_id, dedupe_key);
create index celebrations_occurred_idx on celebrations (org_id, occurred_at desc, id desc);

-- Reactions and comments on any wall story: kudos, customer praise or a celebration.
create table wall_reactions (
  org_id uuid not null,
  story_type text not null check (story_type in ('kudos', 'praise', 'celebration')),
  story_id uuid not null,
  employee_id uuid not null,
  reaction text not null check (reaction in ('applause', 'heart', 'star', 'party', 'smile')),
  created_at timestamptz not null default now(),
  primary key (org_id, story_type, story_id, employee_id, reaction),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

create table wall_comments (
  org_id uuid not null,
  id uuid not null,
  story_type text not null check (story_type in ('kudos', 'praise', 'celebration')),
  story_id uuid not null,
  author_id uuid not null,
  body text not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, author_id) references employees (org_id, id) on delete cascade
);
create index wall_comments_story_idx on wall_comments (org_id, story_type, story_id, created_at);

-- Private feedback: seen only by the giver, the person it is about and that person's managers.
create table feedback (
  org_id uuid not null,
  id uuid not null,
  giver_id uuid not null,
  employee_id uuid not null,
  kind text not null check (kind in ('praise', 'to_improve')),
  message text not null,
  evidence_type text check (evidence_type in ('response', 'interaction', 'case', 'kudos')),
  evidence_id uuid,
  -- When the evidence happened, so immediacy (created_at - evidence_at) can be reported.
  evidence_at timestamptz,
  acknowledged_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, giver_id) references employees (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade,
  check ((evidence_type is null) = (evidence_id is null)),
  check (giver_id <> employee_id)
);
create index feedback_employee_idx on feedback (org_id, employee_id, created_at desc, id desc);
create index feedback_giver_idx on feedback (org_id, giver_id, created_at desc);

create table feedback_replies (
  org_id uuid not null,
  id uuid not null,
  feedback_id uuid not null,
  author_id uuid not null,
  body text not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, feedback_id) references feedback (org_id, id) on delete cascade,
  foreign key (org_id, author_id) references employees (org_id, id) on delete cascade
);
create index feedback_replies_feedback_idx on feedback_replies (org_id, feedback_id, created_at);

-- Outbound webhooks post wall stories to another system: generic (HMAC-signed JSON), Slack or
-- Microsoft Teams incoming webhooks.
create table outbound_webhooks (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  format text not null check (format in ('generic', 'slack', 'teams')),
  url text not null,
  -- The HMAC key of generic deliveries; shown to the admin, who gives it to the receiver.
  secret text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

create table outbound_deliveries (
  org_id uuid not null,
  id uuid not null,
  webhook_id uuid not null,
  event text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  response_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, webhook_id) references outbound_webhooks (org_id, id) on delete cascade
);
create index outbound_deliveries_webhook_idx on outbound_deliveries (org_id, webhook_id, created_at desc, id desc);
