-- Text analytics (README, "Text analytics"): what each response's comment says, the organisation's
-- own themes, and its own trained classifiers.

-- One row per analysed response, written by the response pipeline's text step (idempotent: an
-- amended comment overwrites its row). `themes` is the keys, for filtering; `analysis` keeps the
-- phrase spans and mentions the detail page highlights.
create table response_text (
  org_id uuid not null,
  response_id uuid not null,
  sentiment text not null check (sentiment in ('negative', 'neutral', 'positive')),
  sentiment_score real not null,
  themes text[] not null default '{}',
  mentioned_employee_ids uuid[] not null default '{}',
  praise boolean not null default false,
  complaint boolean not null default false,
  analysis jsonb not null,
  -- 'default' or 'organisation', and the version of the default model and lexicons used.
  model text not null,
  model_version text not null,
  analysed_at timestamptz not null default now(),
  primary key (org_id, response_id),
  foreign key (org_id, response_id) references responses (org_id, id) on delete cascade
);
create index response_text_sentiment_idx on response_text (org_id, sentiment);
create index response_text_themes_idx on response_text using gin (themes);

-- An organisation's themes: a new key adds a theme, a default key adds example phrases to it.
create table text_themes (
  org_id uuid not null references organisations (id) on delete cascade,
  key text not null,
  name text not null,
  phrases text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, key)
);

-- Manager-assigned theme labels on responses: training data for the organisation's theme classifier.
create table response_theme_labels (
  org_id uuid not null,
  response_id uuid not null,
  theme text not null,
  labelled_by uuid,
  labelled_at timestamptz not null default now(),
  primary key (org_id, response_id, theme),
  foreign key (org_id, response_id) references responses (org_id, id) on delete cascade
);

-- The organisation's trained classifiers ('sentiment', 'themes'), with how they did on held-out
-- comments against the default; `in_use` only when they did better.
create table text_models (
  org_id uuid not null references organisations (id) on delete cascade,
  kind text not null check (kind in ('sentiment', 'themes')),
  model jsonb not null,
  held_out_macro_f1 real not null,
  default_macro_f1 real not null,
  held_out_accuracy real not null,
  trained_on integer not null,
  tested_on integer not null,
  in_use boolean not null,
  trained_at timestamptz not null default now(),
  primary key (org_id, kind)
);
