-- Versioned form definitions of service items, and the values applicants gave before (pre-fill).

CREATE TABLE forms_versions (
  item_id     uuid        NOT NULL,  -- the catalogue item (catalogue module)
  version     integer     NOT NULL CHECK (version >= 1),
  definition  jsonb       NOT NULL,
  -- The built JSON Schema, uiSchema and field list per language, frozen with the version.
  built       jsonb       NOT NULL,
  digest      text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, version)
);

-- The latest value each account gave for each dictionary field, and the case it came from.
-- Values are encrypted (AES-256-GCM, platform/pii.ts); grade-4 fields are never kept.
CREATE TABLE forms_remembered_values (
  account_id   uuid        NOT NULL,
  field_code   text        NOT NULL,
  value_enc    text        NOT NULL,
  case_id      uuid        NOT NULL,
  case_number  text        NOT NULL,
  -- Outbox event id: a redelivered older event never overwrites a newer value.
  event_id     bigint      NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, field_code)
);
