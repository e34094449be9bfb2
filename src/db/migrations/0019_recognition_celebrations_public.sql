-- Recognition, the rest of issue 6 (README, "Recognition and feedback"): two more automatic
-- celebrations (a team reaching its target, a customer recovered) and award winners; the optional
-- public page of selected stories; nominations for a periodic award with an approval step.

alter table celebrations drop constraint celebrations_kind_check;
alter table celebrations add constraint celebrations_kind_check
  check (kind in ('first_promoter', 'praise_milestone', 'work_anniversary', 'team_target',
    'customer_recovered', 'award_winner'));

alter table recognition_settings
  add column celebrate_team_targets boolean not null default true,
  add column celebrate_recoveries boolean not null default true,
  -- The public page of selected stories is off until a leader turns it on.
  add column public_wall_enabled boolean not null default false;

-- A story a leader published to the public page. Only kudos and customer praise can be published;
-- praise only while its customer consents (checked when published and again when shown).
create table wall_publications (
  org_id uuid not null references organisations (id) on delete cascade,
  story_type text not null check (story_type in ('kudos', 'praise')),
  story_id uuid not null,
  published_by uuid,
  published_at timestamptz not null default now(),
  primary key (org_id, story_type, story_id)
);
create index wall_publications_at_idx on wall_publications (org_id, published_at desc);

-- An award round (e.g. "Service star, March"): open for nominations until closes_at; its owner
-- approves the winners, who are celebrated on the wall.
create table award_rounds (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  title text not null,
  period text not null,
  closes_at timestamptz not null,
  owner_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, owner_id) references employees (org_id, id) on delete cascade
);
create index award_rounds_closes_idx on award_rounds (org_id, closes_at desc);

create table award_nominations (
  org_id uuid not null,
  id uuid not null,
  round_id uuid not null,
  nominee_id uuid not null,
  nominator_id uuid not null,
  reason text not null,
  evidence_type text check (evidence_type in ('response', 'interaction', 'case', 'kudos')),
  evidence_id uuid,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  -- One nomination of a person per nominator and round.
  unique (org_id, round_id, nominee_id, nominator_id),
  foreign key (org_id, round_id) references award_rounds (org_id, id) on delete cascade,
  foreign key (org_id, nominee_id) references employees (org_id, id) on delete cascade,
  foreign key (org_id, nominator_id) references employees (org_id, id) on delete cascade,
  check ((evidence_type is null) = (evidence_id is null))
);
create index award_nominations_round_idx on award_nominations (org_id, round_id, created_at);
