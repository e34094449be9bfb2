-- Inbound helpdesk webhooks: "ticket solved" events become interactions (README, "Helpdesk webhook").

create table inbound_webhooks (
  org_id uuid not null references organisations (id) on delete cascade,
  id uuid not null,
  name text not null,
  kind text not null check (kind in ('zendesk', 'freshdesk', 'generic')),
  -- Kept in the clear: it is the HMAC key, and the admin pastes it into the helpdesk.
  secret text not null,
  -- Generic webhooks only: where each field is in the payload (src/integrations/helpdesk-mappings.ts).
  mapping jsonb,
  default_channel text not null default 'email',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
-- The public URL names only the webhook id, so it must find the webhook without an organisation.
create unique index inbound_webhooks_id_key on inbound_webhooks (id);

create table webhook_deliveries (
  org_id uuid not null,
  id uuid not null,
  webhook_id uuid not null,
  received_at timestamptz not null default now(),
  signature_ok boolean not null,
  status text not null check (status in ('accepted', 'ignored', 'rejected')),
  http_status integer not null,
  error text,
  -- The parsed payload, or its first 64 KB as text when it is larger or not JSON.
  payload jsonb,
  -- No foreign key: erasing a customer erases their interactions, and the log may outlive them.
  interaction_id uuid,
  primary key (org_id, id),
  foreign key (org_id, webhook_id) references inbound_webhooks (org_id, id) on delete cascade
);
create index webhook_deliveries_webhook_idx on webhook_deliveries (org_id, webhook_id, received_at desc, id desc);
