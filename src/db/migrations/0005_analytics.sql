-- Analytics: rollups of responses (dashboards read these, never raw responses) and targets.

-- One row per organisation × employee × grain × period × survey × team × channel. A response is
-- counted once in the "all responses" rows (employee_id = the nil uuid) and once more in the rows
-- of each employee it credits, so organisation, team and survey totals read only the nil-uuid rows
-- and never double count a response served by two people. Every response is added at three grains
-- (day, the ISO week and the month containing that day, in the organisation's time zone), so a
-- year of monthly figures reads a few hundred rows whatever the volume. Maintained in the same
-- transaction as every response write (src/domains/analytics/rollups.ts); rebuilt by
-- `serviceloop rollups rebuild`.
create table analytics_rollups (
  org_id uuid not null references organisations (id) on delete cascade,
  employee_id uuid not null,
  grain text not null check (grain in ('day', 'week', 'month')),
  period date not null,
  survey_id uuid not null,
  -- The nil uuid: a response with no team; '': a response with no channel.
  team_id uuid not null,
  channel text not null,
  responses integer not null,
  -- Responses with a first score; the rest of the columns count or sum only those.
  scored integer not null,
  -- NPS surveys only (9–10, 7–8, 0–6).
  promoters integer not null,
  passives integer not null,
  detractors integer not null,
  score_sum bigint not null,
  score_sq_sum bigint not null,
  -- CSAT surveys only: 4 or 5 on the 1–5 scale.
  satisfied integer not null,
  -- CES surveys only: the sum of the 1–7 effort scores.
  ces_sum bigint not null,
  primary key (org_id, employee_id, grain, period, survey_id, team_id, channel)
);
-- Which grain and which employee rows go together is far from independent; without this the
-- planner overestimates "all employees, months" several-fold and scans the whole table (measured:
-- 500 ms instead of 50 ms at 1M responses).
create statistics analytics_rollups_grain_stats (mcv, dependencies) on employee_id, grain from analytics_rollups;

-- What leaders aim for: "NPS >= 50 by 2027-06-30", for the organisation or one team.
create table analytics_targets (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text,
  metric text not null check (metric in ('nps', 'csat', 'ces')),
  -- null: the whole organisation.
  team_id uuid,
  comparator text not null check (comparator in ('>=', '<=')),
  value double precision not null,
  due_date date not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, team_id) references teams (org_id, id) on delete cascade
);
create index analytics_targets_team_idx on analytics_targets (org_id, team_id);
