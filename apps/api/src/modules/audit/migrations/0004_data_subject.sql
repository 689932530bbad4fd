-- "Who used my data" (issue 5): an entry names the citizen or enterprise account whose personal data
-- was read or used (data_subject_id) and why (purpose), so their portal can list it. Both are null for
-- entries that concern nobody's personal data, and for every entry written before this migration.
ALTER TABLE audit_entries
  ADD COLUMN data_subject_id text,
  ADD COLUMN purpose text;

-- A data subject's entries, newest first in chain order (GET /me/data-usage).
CREATE INDEX audit_entries_data_subject_idx ON audit_entries (data_subject_id, chain_seq)
  WHERE data_subject_id IS NOT NULL;

-- The two new columns are content too: the chainer may still only set the chain fields, once.
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.chain_seq IS NULL AND NEW.prev_hash IS NULL AND NEW.hash IS NULL THEN
      RETURN NEW;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_kind, NEW.action, NEW.subject_type, NEW.subject_id,
            NEW.personal_data, NEW.details, NEW.digest, NEW.data_subject_id, NEW.purpose)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_id, OLD.actor_kind, OLD.action, OLD.subject_type, OLD.subject_id,
            OLD.personal_data, OLD.details, OLD.digest, OLD.data_subject_id, OLD.purpose) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
