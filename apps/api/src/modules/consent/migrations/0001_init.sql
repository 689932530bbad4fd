-- Consent requests and consent receipts (ISO/IEC 29184 notice and consent record, Kantara Consent
-- Receipt): a recipient (an exchange client of a department) asks a data subject to let it use some
-- fields of a dataset for one purpose; the subject grants (a receipt) or declines; a receipt is live
-- from its creation until it expires or is revoked.
CREATE TABLE consent_requests (
  id                     uuid        PRIMARY KEY,
  subject_account_id     uuid        NOT NULL,
  recipient              jsonb       NOT NULL,  -- clientId, names, departmentId, department names
  recipient_client_id    text        NOT NULL,
  dataset                jsonb       NOT NULL,  -- code, names
  purpose                jsonb       NOT NULL,  -- code, names, plain descriptions
  fields                 jsonb       NOT NULL,  -- [{code, labelZh, labelEn}]
  retention_days         integer     NOT NULL CHECK (retention_days > 0),
  valid_days             integer     NOT NULL CHECK (valid_days > 0),
  status                 text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'declined')),
  created_at             timestamptz NOT NULL,
  created_by             text        NOT NULL,  -- the client, or the officer asking on its behalf
  decided_at             timestamptz,
  receipt_id             uuid
);
CREATE INDEX consent_requests_subject_idx ON consent_requests (subject_account_id, id DESC);

CREATE TABLE consent_receipts (
  id                     uuid        PRIMARY KEY,
  request_id             uuid        NOT NULL UNIQUE REFERENCES consent_requests (id),
  subject_account_id     uuid        NOT NULL,
  recipient              jsonb       NOT NULL,
  recipient_client_id    text        NOT NULL,
  dataset_code           text        NOT NULL,
  dataset                jsonb       NOT NULL,
  purpose_code           text        NOT NULL,
  purpose                jsonb       NOT NULL,
  fields                 jsonb       NOT NULL,
  field_codes            text[]      NOT NULL,
  retention_days         integer     NOT NULL,
  created_at             timestamptz NOT NULL,
  expires_at             timestamptz NOT NULL,
  revoked_at             timestamptz,
  revoked_by             text
);
CREATE INDEX consent_receipts_subject_idx ON consent_receipts (subject_account_id, id DESC);
-- The gateway's check on every consent-based request: this subject, this recipient, this purpose.
CREATE INDEX consent_receipts_live_idx ON consent_receipts
  (subject_account_id, recipient_client_id, dataset_code, purpose_code) WHERE revoked_at IS NULL;
