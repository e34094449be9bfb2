-- Strategy and communication (README, "Strategy and communication"): the organisation's strategy
-- as a draft and immutable published versions, and announcements that ask people to acknowledge
-- them, with per-person reach (seen, acknowledged, quiz score) and reminders.

-- The one draft a leader edits before publishing it; no row means "start from the current version".
create table strategy_drafts (
  org_id uuid not null references organisations (id) on delete cascade,
  -- StrategyContent (strategy.api.ts): vision, customers served / not served, trade-offs,
  -- ranked priorities, targets with owners.
  content jsonb not null,
  -- The version the draft started from, so a publish can refuse a draft overtaken by another.
  based_on_version integer,
  updated_by uuid,
  updated_at timestamptz not null default now(),
  primary key (org_id)
);

-- Published versions are never updated or deleted: diffs compare any two of them.
create table strategy_versions (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  number integer not null check (number >= 1),
  content jsonb not null,
  -- What changed, in the publisher's words.
  note text,
  published_by uuid,
  published_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, number)
);

create table strategy_announcements (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  kind text not null check (kind in ('strategy', 'priority', 'announcement')),
  title text not null,
  body text not null default '',
  strategy_version_id uuid,
  -- A great service story from the recognition wall (its id there), featured in the announcement.
  story_id uuid,
  -- null: everyone; otherwise the teams asked (and the teams below them).
  audience_team_ids uuid[],
  requires_acknowledgement boolean not null,
  -- A Quiz (src/domains/training/quiz.ts), with its answers; shown to readers without them.
  quiz jsonb,
  -- Remind those who have not acknowledged after this many days (null: no automatic reminder).
  remind_after_days integer check (remind_after_days between 1 and 90),
  published_by uuid,
  published_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, strategy_version_id) references strategy_versions (org_id, id)
);
create index strategy_announcements_published_idx on strategy_announcements (org_id, published_at desc, id desc);

-- One row per person asked, taken when the announcement is published (with their team then), so
-- reach per team counts the people who were asked, not whoever is in the team today.
create table strategy_acknowledgements (
  org_id uuid not null,
  announcement_id uuid not null,
  employee_id uuid not null,
  team_id uuid,
  seen_at timestamptz,
  acknowledged_at timestamptz,
  -- Share of quiz questions answered right, 0–1, and the answers given (latest attempt).
  quiz_score real check (quiz_score between 0 and 1),
  quiz_answers jsonb,
  quiz_answered_at timestamptz,
  -- Reminder rounds sent to this person; a round job only emails people below its round.
  reminders integer not null default 0,
  last_reminded_at timestamptz,
  primary key (org_id, announcement_id, employee_id),
  foreign key (org_id, announcement_id) references strategy_announcements (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create index strategy_acknowledgements_employee_idx on strategy_acknowledgements (org_id, employee_id);
