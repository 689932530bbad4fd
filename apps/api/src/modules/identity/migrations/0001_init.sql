-- identity: accounts, their profiles and sign-in sessions.
-- Personal identifiers (ID number, credit code, phone) are stored encrypted (*_enc, AES-256-GCM)
-- and found by a keyed blind index (login_index), never in plaintext (DESIGN.md rule 10).

CREATE TABLE identity_accounts (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('citizen', 'enterprise', 'staff')),
  -- Blind index of the resident ID number (citizen) or credit code (enterprise).
  login_index      text UNIQUE,
  -- Staff sign in with a username instead.
  username         text UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  name             text NOT NULL,
  password_hash    text NOT NULL,
  failed_attempts  integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  created_at       timestamptz NOT NULL,
  CHECK ((kind = 'staff') = (username IS NOT NULL)),
  CHECK ((kind = 'staff') = (login_index IS NULL))
);

CREATE TABLE identity_profiles (
  account_id        uuid PRIMARY KEY REFERENCES identity_accounts (id),
  id_number_enc     text,
  birth_date        date,
  sex               text CHECK (sex IN ('male', 'female')),
  phone_enc         text,
  email             text,
  address           text,
  company_name      text,
  credit_code_enc   text,
  legal_rep_name    text,
  updated_at        timestamptz NOT NULL
);

CREATE TABLE identity_sessions (
  id            uuid PRIMARY KEY,
  account_id    uuid NOT NULL REFERENCES identity_accounts (id),
  -- SHA-256 of the cookie token: a stolen table does not yield usable sessions.
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  revoked_at    timestamptz,
  user_agent    text,
  ip            text
);
CREATE INDEX identity_sessions_account ON identity_sessions (account_id, created_at) WHERE revoked_at IS NULL;
