-- Electronic licences (电子证照): licence types, issued licences as W3C verifiable credentials,
-- per-department Bitstring Status Lists, and the nonces of shown presentations (亮证).

-- What a licence type is and which approvals issue it. `fields` maps form answers (JSON pointers)
-- to credential fields: [{pointer, name, labelZh, labelEn, public}].
CREATE TABLE licences_types (
  code text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  -- The credential type name after VerifiableCredential and TongbanLicence (e.g. BusinessLicence).
  vc_type text NOT NULL UNIQUE,
  -- The type part of the licence number (GB/T 36904 style, see licences.number.ts).
  number_code text NOT NULL UNIQUE,
  department_code text NOT NULL,
  item_codes text[] NOT NULL DEFAULT '{}',
  validity_years integer CHECK (validity_years IS NULL OR validity_years > 0),
  holder_kind text NOT NULL CHECK (holder_kind IN ('citizen', 'enterprise')),
  fields jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX licences_types_items ON licences_types USING gin (item_codes);

-- One row per issued licence. The signed credential holds personal data: stored encrypted
-- with the field key (jws_enc); everything lists and checks need is in the clear beside it.
CREATE TABLE licences_licences (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  type_code text NOT NULL REFERENCES licences_types (code),
  holder_id uuid NOT NULL,
  issuer_department_id uuid NOT NULL,
  region_code text NOT NULL,
  -- The approved case that issued it (NULL when issued directly through the VC API): replaying the
  -- approval finds the licence already there.
  case_id uuid UNIQUE,
  status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
  status_reason text,
  status_changed_at timestamptz,
  status_index integer NOT NULL CHECK (status_index >= 0),
  valid_from timestamptz NOT NULL,
  valid_until timestamptz,
  jws_enc text NOT NULL,
  jws_digest text NOT NULL,
  kid text NOT NULL,
  alg text NOT NULL,
  issued_by uuid,
  issued_at timestamptz NOT NULL,
  UNIQUE (issuer_department_id, status_index)
);
CREATE INDEX licences_by_holder ON licences_licences (holder_id, id DESC);
CREATE INDEX licences_by_issuer_status ON licences_licences (issuer_department_id, status)
  WHERE status <> 'valid';

-- Cases of licensing items between submission and approval: what the licence will carry. The
-- submission and the approval arrive as two events in either order (an instant approval's status
-- event comes first); the licence is issued once both are here.
CREATE TABLE licences_pending (
  case_id uuid PRIMARY KEY,
  type_code text REFERENCES licences_types (code),
  holder_id uuid NOT NULL,
  case_number text NOT NULL,
  fields_enc text,
  approved_at timestamptz,
  updated_at timestamptz NOT NULL
);

-- Licence numbers are unique per region and year.
CREATE TABLE licences_counters (
  region_code text NOT NULL,
  year integer NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (region_code, year)
);

-- The signed status list credential of each issuer and purpose, rebuilt when `version` moved past
-- the version it was built at (a status change bumps it).
CREATE TABLE licences_status_lists (
  department_id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  version integer NOT NULL DEFAULT 1,
  built_version integer,
  jws text,
  built_at timestamptz,
  PRIMARY KEY (department_id, purpose)
);

-- Nonces of presentations shown as QR codes: a presentation verified without a verifier's own
-- challenge consumes its nonce, so a screenshot shown again is refused.
CREATE TABLE licences_presentations (
  nonce text PRIMARY KEY,
  licence_id uuid NOT NULL REFERENCES licences_licences (id),
  holder_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX licences_presentations_expiry ON licences_presentations (expires_at);
