-- Decision tables: one row per key (its owner department), immutable versions, and the stored
-- evaluations with the trace that explains each decision.

CREATE TABLE decisions_tables (
  key                  text        PRIMARY KEY,
  owner_department_id  uuid        NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_tables_owner ON decisions_tables (owner_department_id, key);

CREATE TABLE decisions_versions (
  id                 uuid        PRIMARY KEY,
  key                text        NOT NULL REFERENCES decisions_tables (key),
  version            integer     NOT NULL CHECK (version > 0),
  name_zh            text        NOT NULL,
  name_en            text        NOT NULL,
  hit_policy         text        NOT NULL CHECK (hit_policy IN ('UNIQUE', 'FIRST', 'COLLECT')),
  rule_count         integer     NOT NULL,
  -- The table as JSON (packages/contracts DecisionTable); never changed once written.
  definition         jsonb       NOT NULL,
  -- SHA-256 of the canonical definition: saving the same content again is not a new version.
  definition_sha256  text        NOT NULL,
  source             text        NOT NULL CHECK (source IN ('json', 'dmn')),
  -- The DMN file a version was imported from (it may hold several decisions).
  source_xml         text,
  created_by         uuid,
  created_by_name    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version)
);

CREATE TABLE decisions_evaluations (
  id             uuid        PRIMARY KEY,
  table_key      text        NOT NULL,
  version_id     uuid        NOT NULL REFERENCES decisions_versions (id),
  version        integer     NOT NULL,
  subject_type   text        NOT NULL,
  subject_id     text        NOT NULL,
  -- The input values read and the trace hold personal data: AES-256-GCM with the field key.
  context_enc    text        NOT NULL,
  trace_enc      text        NOT NULL,
  outputs        jsonb,
  matched_rules  text[]      NOT NULL,
  evaluated_at   timestamptz NOT NULL,
  recorded_by    uuid
);
CREATE INDEX decisions_evaluations_subject ON decisions_evaluations (subject_type, subject_id, id);
