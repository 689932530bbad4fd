-- Assisted filing (代办): a citizen's recorded authorization for someone else to file on their behalf.
--   family:  another citizen account (the proxy), with the relation, granted in the portal;
--   window:  a department's service window, standing, granted in the portal;
--   counter: a form the citizen signed at a department's window, recorded (scan in the file store) by the
--            officer, for the one case it was recorded with (subject_id).
-- Revocation and expiry are read on every request of the filer, so they take effect at once.
CREATE TABLE identity_authorizations (
  id                  uuid PRIMARY KEY,
  grantor_account_id  uuid NOT NULL REFERENCES identity_accounts (id),
  kind                text NOT NULL CHECK (kind IN ('family', 'window', 'counter')),
  proxy_account_id    uuid REFERENCES identity_accounts (id),
  relation            text CHECK (relation IN ('spouse', 'parent', 'child', 'relative')),
  -- org's department id (window, counter), kept as an id (DESIGN.md rule 2).
  department_id       uuid,
  -- Service item codes covered; NULL: every service offered to citizens.
  item_codes          text[] CHECK (item_codes IS NULL OR cardinality(item_codes) BETWEEN 1 AND 50),
  valid_from          timestamptz NOT NULL,
  valid_until         timestamptz NOT NULL,
  created_at          timestamptz NOT NULL,
  -- The grantor, or the window officer who recorded a counter form.
  created_by          uuid NOT NULL REFERENCES identity_accounts (id),
  revoked_at          timestamptz,
  revoked_by          uuid REFERENCES identity_accounts (id),
  form_sha256         char(64),
  form_file_name      text,
  form_mime_type      text,
  -- applications' case id a counter authorization was recorded for.
  subject_id          uuid,
  CHECK (valid_until > valid_from),
  CHECK ((kind = 'family') = (proxy_account_id IS NOT NULL)),
  CHECK ((kind = 'family') = (relation IS NOT NULL)),
  CHECK ((kind = 'family') = (department_id IS NULL)),
  CHECK ((kind = 'counter') = (form_sha256 IS NOT NULL)),
  CHECK ((form_sha256 IS NULL) = (form_file_name IS NULL) AND (form_sha256 IS NULL) = (form_mime_type IS NULL)),
  CHECK (proxy_account_id IS DISTINCT FROM grantor_account_id),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- "My authorizations", newest first (ids are UUIDv7), and the ones naming me as proxy.
CREATE INDEX identity_authorizations_by_grantor ON identity_authorizations (grantor_account_id, id DESC);
CREATE INDEX identity_authorizations_by_proxy ON identity_authorizations (proxy_account_id, id DESC)
  WHERE proxy_account_id IS NOT NULL;
-- A window officer looks up the citizen's standing authorizations for their department.
CREATE INDEX identity_authorizations_window ON identity_authorizations (grantor_account_id, department_id)
  WHERE kind = 'window' AND revoked_at IS NULL;
