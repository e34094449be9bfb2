-- Re-analysis of every comment after the organisation's themes or classifier changed: one row per
-- run, with the cursor (the last response id analysed, in id order) committed with each batch, so
-- a run interrupted by a crash or a restart carries on where it stopped.
create table text_reanalyses (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  status text not null default 'running' check (status in ('running', 'done', 'superseded')),
  reason text not null,
  -- Comments to analyse when the run started, and how many are done.
  total integer not null,
  done integer not null default 0,
  cursor uuid,
  started_by uuid,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (org_id, id)
);
create index text_reanalyses_started_idx on text_reanalyses (org_id, started_at desc);
-- At most one run at a time per organisation.
create unique index text_reanalyses_running on text_reanalyses (org_id) where status = 'running';
