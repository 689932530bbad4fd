-- The transparency log's sequencer (ADR 0011, as ADR 0007 did for the audit chain): a business
-- transaction records its leaf in translog_pending without any lock, committing or rolling back
-- with the change it records; translog_sequence, run by every app process's sequencer and before
-- any read that needs the newest leaves, gives committed pending leaves their indexes in one short
-- transaction. Appenders no longer commit one at a time behind the log's lock.
CREATE TABLE translog_pending (
  id          bigserial PRIMARY KEY,
  -- SHA-256(0x00 || leaf input): fixed at append, so the caller knows it before the index exists.
  leaf_hash   bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
  kind        text NOT NULL,
  ref         text NOT NULL,
  entry       jsonb NOT NULL,
  appended_at timestamptz NOT NULL
);

-- A pending leaf is never changed; it is only moved into the tree (deleted here by the sequencer).
CREATE TRIGGER translog_pending_no_update BEFORE UPDATE ON translog_pending
  FOR EACH ROW EXECUTE FUNCTION translog_refuse_change();

-- Sequences up to p_limit committed pending leaves in id order and returns how many; -1 when
-- p_wait is false and another session holds the log's lock (it is sequencing, leave it the work).
-- Exactly the rows read are removed: a pending leaf with a lower id committed after the read stays
-- for the next pass, and gets a later index (log order is commit order as the sequencer sees it).
CREATE FUNCTION translog_sequence(p_limit integer, p_wait boolean) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_ids bigint[] := '{}';
  r record;
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(727010);
  ELSIF NOT pg_try_advisory_xact_lock(727010) THEN
    RETURN -1;
  END IF;
  FOR r IN SELECT * FROM translog_pending ORDER BY id LIMIT p_limit LOOP
    PERFORM translog_append(r.kind, r.ref, r.entry, r.leaf_hash, r.appended_at);
    v_ids := v_ids || r.id;
  END LOOP;
  DELETE FROM translog_pending WHERE id = ANY(v_ids);
  RETURN cardinality(v_ids);
END $$;
