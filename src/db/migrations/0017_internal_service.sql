-- Internal customers (docs/culture.md, "Internal customers"): departments rate the service they get
-- from other teams like customers would (internal NPS and the five SERVQUAL dimensions). As with the
-- pulse, ratings are stored WITHOUT respondent identity: random (v4) ids, no employee id, no time.
-- Who took part is in internal_service_participation, only to stop a second answer.

create table internal_service_rounds (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  title text not null,
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  -- The teams being rated (at least one).
  provider_team_ids uuid[] not null check (cardinality(provider_team_ids) > 0),
  -- Empty: everyone; otherwise these teams and their sub-teams.
  audience_team_ids uuid[] not null default '{}',
  closed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  check (closes_at > opens_at)
);
create index internal_service_rounds_opens_idx on internal_service_rounds (org_id, opens_at desc);

-- Who has answered a round: no answer id, no time.
create table internal_service_participation (
  org_id uuid not null,
  round_id uuid not null,
  employee_id uuid not null,
  primary key (org_id, round_id, employee_id),
  foreign key (org_id, round_id) references internal_service_rounds (org_id, id) on delete cascade,
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

-- One anonymous rating of one provider team: the rater's team at answer time, every item answered.
create table internal_service_ratings (
  org_id uuid not null,
  id uuid not null,
  round_id uuid not null,
  rater_team_id uuid,
  provider_team_id uuid not null,
  -- "How likely are you to recommend <team>'s service to a colleague?" 0-10.
  nps smallint not null check (nps between 0 and 10),
  reliability smallint not null check (reliability between 1 and 5),
  assurance smallint not null check (assurance between 1 and 5),
  tangibles smallint not null check (tangibles between 1 and 5),
  empathy smallint not null check (empathy between 1 and 5),
  responsiveness smallint not null check (responsiveness between 1 and 5),
  primary key (org_id, id),
  foreign key (org_id, round_id) references internal_service_rounds (org_id, id) on delete cascade
);
create index internal_service_ratings_round_idx on internal_service_ratings (org_id, round_id, provider_team_id);

-- Comments on a provider, kept apart from the ratings (no rating id), shown only through the guard.
create table internal_service_comments (
  org_id uuid not null,
  id uuid not null,
  round_id uuid not null,
  rater_team_id uuid,
  provider_team_id uuid not null,
  body text not null,
  primary key (org_id, id),
  foreign key (org_id, round_id) references internal_service_rounds (org_id, id) on delete cascade
);
create index internal_service_comments_round_idx on internal_service_comments (org_id, round_id, provider_team_id);
