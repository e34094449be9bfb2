-- Close the loop, measured recovery: some time after a case is resolved the customer gets a
-- one-question survey ("How well did we put things right?"); the answer is linked to the case.

-- Per organisation: whether to send it, how many hours after resolution, and which survey asks
-- (created on first use; an organisation may edit its wording like any other survey).
alter table case_settings add column follow_up_enabled boolean not null default true;
alter table case_settings add column follow_up_delay_hours integer not null default 72
  check (follow_up_delay_hours between 0 and 2160);
alter table case_settings add column follow_up_survey_id uuid;

-- One follow-up per case and cycle (a reopened and again resolved case asks again). Created when
-- the case is resolved; the `case-follow-up` job fills in the invitation at due_at, or records why
-- it was skipped (the case reopened, no customer or email, no consent, unsubscribed).
create table case_follow_ups (
  org_id uuid not null,
  case_id uuid not null,
  cycle integer not null,
  due_at timestamptz not null,
  invitation_id uuid,
  skipped text check (skipped in ('reopened', 'no_customer', 'no_email', 'no_consent', 'unsubscribed', 'disabled')),
  created_at timestamptz not null,
  primary key (org_id, case_id, cycle),
  foreign key (org_id, case_id) references cases (org_id, id) on delete cascade,
  foreign key (org_id, invitation_id) references invitations (org_id, id) on delete cascade
);
create unique index case_follow_ups_invitation_key on case_follow_ups (org_id, invitation_id)
  where invitation_id is not null;
