-- Notifications: one in-app inbox for every capability (cases, recognition, …), each notification
-- also emailed by a durable job unless the person turned that topic off (README, "Notifications").
create table notifications (
  org_id uuid not null,
  id uuid not null,
  employee_id uuid not null,
  -- What happened, e.g. case_assigned, kudos, feedback_reply (notifications.tables.ts lists them).
  kind text not null,
  title text not null,
  body text,
  -- Where the thing is in the app, e.g. /cases/<id>.
  link text,
  -- The same key for the same person notifies once, however often a job or a request is retried.
  dedupe_key text not null,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
create unique index notifications_dedupe_key on notifications (org_id, employee_id, dedupe_key);
create index notifications_employee_idx on notifications (org_id, employee_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (org_id, employee_id) where read_at is null;

-- Which topics a person also wants by email; no row for a topic means yes.
create table notification_email_preferences (
  org_id uuid not null,
  employee_id uuid not null,
  topic text not null check (topic in ('cases', 'kudos', 'praise', 'feedback')),
  email boolean not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, employee_id, topic),
  foreign key (org_id, employee_id) references employees (org_id, id) on delete cascade
);
