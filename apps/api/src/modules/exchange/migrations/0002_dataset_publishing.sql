-- Datasets published by department admins over HTTP: a version per change, retirement (no new
-- requests; the catalogue and the traffic keep it), and each version kept for the record.
ALTER TABLE exchange_datasets
  ADD COLUMN status     text        NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'retired')),
  ADD COLUMN version    integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Every version as published: what a consent or a past request was made against stays readable.
CREATE TABLE exchange_dataset_versions (
  code          text        NOT NULL REFERENCES exchange_datasets (code),
  version       integer     NOT NULL,
  definition    jsonb       NOT NULL,
  published_at  timestamptz NOT NULL,
  published_by  uuid,
  PRIMARY KEY (code, version)
);
