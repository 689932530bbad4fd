-- The exchange gateway: datasets departments publish, client systems that may ask for them, the
-- single-use client assertion ids and access tokens of OAuth 2.0 client credentials, and every data
-- request with its outcome (the departments' traffic view).
CREATE TABLE exchange_datasets (
  code                 text        PRIMARY KEY,
  name_zh              text        NOT NULL,
  name_en              text        NOT NULL,
  subject_kind         text        NOT NULL CHECK (subject_kind IN ('citizen', 'enterprise')),
  sensitivity          integer     NOT NULL CHECK (sensitivity BETWEEN 1 AND 4),
  owner_department_id  uuid        NOT NULL,
  fields               text[]      NOT NULL,  -- data dictionary codes
  purposes             jsonb       NOT NULL,  -- [{code, names, descriptions, legalBases[], fullFields[]}]
  handler              jsonb       NOT NULL,  -- {kind: internal, name} | {kind: external, baseUrl, operationPath}
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_datasets_owner_idx ON exchange_datasets (owner_department_id, code);

CREATE TABLE exchange_clients (
  id             uuid        PRIMARY KEY,
  client_id      text        NOT NULL UNIQUE,
  name_zh        text        NOT NULL,
  name_en        text        NOT NULL,
  department_id  uuid        NOT NULL,
  jwks           jsonb       NOT NULL,
  status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at     timestamptz NOT NULL,
  created_by     uuid
);
CREATE INDEX exchange_clients_department_idx ON exchange_clients (department_id, client_id);

-- RFC 7523 §3: a client assertion's jti is accepted once; kept until the assertion would have expired.
CREATE TABLE exchange_assertion_ids (
  client_id   text        NOT NULL,
  jti         text        NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX exchange_assertion_ids_expiry_idx ON exchange_assertion_ids (expires_at);

-- Opaque bearer tokens, stored as their SHA-256: a leaked table grants nothing.
CREATE TABLE exchange_tokens (
  token_hash  char(64)    PRIMARY KEY,
  client_id   uuid        NOT NULL REFERENCES exchange_clients (id),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX exchange_tokens_expiry_idx ON exchange_tokens (expires_at);

CREATE TABLE exchange_requests (
  id                        uuid        PRIMARY KEY,
  at                        timestamptz NOT NULL,
  client_id                 uuid        NOT NULL REFERENCES exchange_clients (id),
  consumer_department_id    uuid        NOT NULL,
  provider_department_id    uuid,
  dataset_code              text        NOT NULL,
  purpose_code              text        NOT NULL,
  subject_account_id        uuid,
  fields                    text[]      NOT NULL,
  outcome                   text        NOT NULL CHECK (outcome IN ('allowed', 'refused')),
  refusal_code              text,
  basis                     text        CHECK (basis IN ('legal', 'consent')),
  consent_receipt_id        uuid
);
CREATE INDEX exchange_requests_consumer_idx ON exchange_requests (consumer_department_id, id DESC);
CREATE INDEX exchange_requests_provider_idx ON exchange_requests (provider_department_id, id DESC);
