-- The weekly analytics digest emailed to managers and leaders (README, "Analytics").

-- People who asked not to receive the digest; no row means they receive it.
create table analytics_digest_opt_outs (
  org_id uuid not null,
  employee_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (org_id, employee_id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);

-- One row per person and week sent: a retried or repeated digest job never emails anyone twice.
create table analytics_digest_deliveries (
  org_id uuid not null,
  -- The Monday of the ISO week the digest reports on, in the organisation's time zone.
  week date not null,
  employee_id uuid not null,
  sent_at timestamptz not null default now(),
  primary key (org_id, week, employee_id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
