-- Sealed documents (电子签章): decisions and licences sealed by their department's key. A seal is a
-- compact JWS by the owner's signing key whose payload holds the document's content, the digest of
-- its canonical JSON (SHA-256 or SM3, the deployment suite's) and when it was sealed; the content is
-- kept beside it so the document (e.g. a decision notice PDF) can be rendered again from what was
-- sealed. One seal per document: sealing the same (kind, ref) again returns the first.
CREATE TABLE trust_sealed_documents (
  id         uuid PRIMARY KEY,
  -- The department id (or 'platform') whose key sealed it.
  owner      text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('decision', 'licence')),
  -- What was sealed: a case id for a decision, a licence id for a licence.
  ref        text NOT NULL,
  content    jsonb NOT NULL,
  digest_alg text NOT NULL CHECK (digest_alg IN ('SHA-256', 'SM3')),
  digest     text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  jws        text NOT NULL,
  kid        text NOT NULL,
  alg        text NOT NULL,
  sealed_at  timestamptz NOT NULL,
  UNIQUE (kind, ref)
);
-- A department's seals, newest first.
CREATE INDEX trust_sealed_documents_owner_idx ON trust_sealed_documents (owner, sealed_at DESC);
