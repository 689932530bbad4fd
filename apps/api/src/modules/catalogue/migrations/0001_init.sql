-- Service items (事项), their materials and the life-event categories they are grouped in.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE catalogue_life_events (
  code          text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*$'),
  name_zh       text    NOT NULL,
  name_en       text    NOT NULL,
  position      integer NOT NULL
);

CREATE TABLE catalogue_items (
  id              uuid PRIMARY KEY,
  code            text        NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9-]{1,39}$'),
  name_zh         text        NOT NULL,
  name_en         text        NOT NULL,
  audience        text        NOT NULL CHECK (audience IN ('citizen', 'enterprise')),
  -- The owning department lives in the org module: its id, and its code for filtering.
  department_id   uuid        NOT NULL,
  department_code text        NOT NULL,
  process_key     text        NOT NULL,
  promised_days   integer     NOT NULL CHECK (promised_days >= 0),
  statutory_days  integer     NOT NULL CHECK (statutory_days >= promised_days),
  fee_fen         bigint      NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
  online_level    text        NOT NULL CHECK (online_level IN ('full_online', 'one_visit', 'in_person')),
  life_events     text[]      NOT NULL DEFAULT '{}',
  legal_basis     jsonb       NOT NULL DEFAULT '[]',
  guide_zh        text        NOT NULL DEFAULT '',
  guide_en        text        NOT NULL DEFAULT '',
  faq             jsonb       NOT NULL DEFAULT '[]',
  steps           jsonb       NOT NULL DEFAULT '[]',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Search matches any part of the Chinese or English name or the code (ILIKE '%q%' uses the trigrams).
CREATE INDEX catalogue_items_search ON catalogue_items
  USING gin ((name_zh || ' ' || name_en || ' ' || code) gin_trgm_ops);
CREATE INDEX catalogue_items_life_events ON catalogue_items USING gin (life_events);
CREATE INDEX catalogue_items_department ON catalogue_items (department_code, code);
CREATE INDEX catalogue_items_audience ON catalogue_items (audience, code);

CREATE TABLE catalogue_materials (
  item_id          uuid    NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
  code             text    NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  position         integer NOT NULL,
  name_zh          text    NOT NULL,
  name_en          text    NOT NULL,
  -- A critical material can never be missing at acceptance; others allow 容缺受理.
  critical         boolean NOT NULL,
  required         boolean NOT NULL,
  description_zh   text    NOT NULL DEFAULT '',
  description_en   text    NOT NULL DEFAULT '',
  accepted_formats text[]  NOT NULL DEFAULT '{pdf,jpg,png}',
  satisfied_by_licence_types text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (item_id, code)
);
