-- Signing keys of departments and of the platform (owner 'platform'). The private key is stored
-- sealed with the key-encryption key (config trustKek) by platform/crypto aeadEncrypt under the
-- suite named in sealed_with, with the kid as additional data (a sealed key moved to another row
-- does not open).
CREATE TABLE trust_keys (
  kid            text PRIMARY KEY,
  owner          text NOT NULL CHECK (owner = 'platform' OR owner ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  -- What the key signs; one purpose ('sign': documents, credentials, tree heads) for now.
  purpose        text NOT NULL DEFAULT 'sign',
  alg            text NOT NULL CHECK (alg IN ('EdDSA', 'ES256', 'SM2')),
  public_jwk     jsonb NOT NULL,
  private_sealed bytea NOT NULL,
  sealed_with    text NOT NULL CHECK (sealed_with IN ('intl', 'national')),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'compromised')),
  created_at     timestamptz NOT NULL,
  retired_at     timestamptz,
  compromised_at timestamptz,
  -- The account that created it; NULL when made on first use or by the CLI.
  created_by     text,
  CHECK (CASE status
    WHEN 'active' THEN retired_at IS NULL AND compromised_at IS NULL
    WHEN 'retired' THEN retired_at IS NOT NULL AND compromised_at IS NULL
    ELSE compromised_at IS NOT NULL
  END)
);

-- One active key per owner and purpose: two processes creating an owner's first key at once
-- end with one (the other's INSERT … ON CONFLICT DO NOTHING loses).
CREATE UNIQUE INDEX trust_keys_one_active ON trust_keys (owner, purpose) WHERE status = 'active';
-- An owner's keys newest first (JWKS, did.json, the admin list).
CREATE INDEX trust_keys_owner_idx ON trust_keys (owner, created_at DESC, kid);
