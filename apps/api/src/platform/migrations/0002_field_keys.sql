-- Data keys of the field cipher (platform/field-keys.ts). Each personal value at rest is sealed under
-- a random 32-byte data key; the data key is stored here wrapped (sealed) under the key-encryption key
-- (config fieldKey, env FIELD_KEY), with the suite it was made for. 'v1' is the KEK itself, which
-- sealed values before envelope keys existed: no wrapped key, readable until re-encrypted.
CREATE TABLE platform_field_keys (
  id              text        PRIMARY KEY,
  suite           text        NOT NULL CHECK (suite IN ('intl', 'national')),
  wrapped_key     text,
  status          text        NOT NULL CHECK (status IN ('active', 'retiring', 'retired')),
  created_at      timestamptz NOT NULL,
  retiring_since  timestamptz,
  -- First re-encryption pass that found nothing left under this key; a later clean pass retires it.
  drained_at      timestamptz,
  retired_at      timestamptz,
  CHECK ((id = 'v1') = (wrapped_key IS NULL))
);
-- Writers everywhere use the one active key.
CREATE UNIQUE INDEX platform_field_keys_one_active ON platform_field_keys ((true)) WHERE status = 'active';

-- Every process keeps the key ring in memory: a key added or changed reaches them all.
CREATE FUNCTION platform_field_keys_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tongban_field_keys', NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER platform_field_keys_changed AFTER INSERT OR UPDATE ON platform_field_keys
  FOR EACH ROW EXECUTE FUNCTION platform_field_keys_notify();
