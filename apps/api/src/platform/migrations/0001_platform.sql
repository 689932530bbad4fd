-- Platform tables: the outbox, idempotency records and the content-addressed file index.

CREATE TABLE platform_outbox (
  id            bigserial PRIMARY KEY,
  type          text        NOT NULL,
  handler       text        NOT NULL,
  payload       jsonb       NOT NULL,
  status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts      integer     NOT NULL DEFAULT 0,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  available_at  timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz
);
CREATE INDEX platform_outbox_due ON platform_outbox (available_at, id) WHERE status = 'pending';

CREATE TABLE platform_idempotency (
  scope         text        NOT NULL,
  key           text        NOT NULL,
  method        text        NOT NULL,
  path          text        NOT NULL,
  request_hash  text        NOT NULL,
  status_code   integer,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX platform_idempotency_created ON platform_idempotency (created_at);

CREATE TABLE platform_files (
  sha256        text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes    bigint      NOT NULL,
  mime_type     text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
