-- The chain is built after commit by one sequencer instead of under a lock held until commit
-- (docs/adr/0007-audit-chain-sequencer.md). An entry is inserted unchained, with the digest of its
-- content, in the transaction of the change it records; the chainer later gives it its chain
-- position (chain_seq), prev_hash and hash, exactly once.
DROP FUNCTION audit_append(timestamptz, text, text, text, text, text, boolean, jsonb, text);

-- seq was both the insertion order and the chain position; they are now two columns.
ALTER TABLE audit_entries RENAME COLUMN seq TO id;
ALTER SEQUENCE audit_entries_seq_seq RENAME TO audit_entries_id_seq;
ALTER TABLE audit_entries
  ADD COLUMN digest char(64),
  ADD COLUMN chain_seq bigint,
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL;
-- Entries written before this migration were chained at insert with seq as their position.
ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
UPDATE audit_entries SET chain_seq = id;
ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
ALTER TABLE audit_entries
  ADD CONSTRAINT audit_entries_chain_seq_key UNIQUE (chain_seq),
  -- Chain fields are set together; an unchained entry carries the digest the chainer hashes.
  ADD CONSTRAINT audit_entries_chained_together CHECK (
    (chain_seq IS NULL) = (prev_hash IS NULL) AND (chain_seq IS NULL) = (hash IS NULL)
    AND (chain_seq IS NOT NULL OR digest IS NOT NULL));

-- What the chainer looks for: small, since entries leave it within a fraction of a second.
CREATE INDEX audit_entries_unchained_idx ON audit_entries (id) WHERE chain_seq IS NULL;
-- Auditors list entries newest first in chain order.
DROP INDEX audit_entries_subject_idx;
DROP INDEX audit_entries_actor_idx;
CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_type, subject_id, chain_seq);
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_id, chain_seq);

-- Still append-only: content never changes, nothing is deleted; the only update allowed is the
-- chainer setting the chain fields of an unchained entry, once. Tests tamper by disabling this
-- trigger. New entries must arrive unchained, so nobody slips in a pre-chained one.
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.chain_seq IS NULL AND NEW.prev_hash IS NULL AND NEW.hash IS NULL THEN
      RETURN NEW;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_kind, NEW.action, NEW.subject_type, NEW.subject_id,
            NEW.personal_data, NEW.details, NEW.digest)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_id, OLD.actor_kind, OLD.action, OLD.subject_type, OLD.subject_id,
            OLD.personal_data, OLD.details, OLD.digest) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entries_insert_unchained BEFORE INSERT ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- Chains up to p_limit committed, unchained entries in id order, continuing from the chain head,
-- and returns how many it chained (-1: another chainer holds the lock and p_wait is false).
-- The advisory lock makes one chainer at a time across every app process; it is held only for
-- this statement's own short transaction, never by a business transaction. plpgsql takes a fresh
-- snapshot per statement, so the head and the pending entries are read after the lock is granted.
-- An entry that commits after a higher id was chained simply gets a later position.
-- hash = sha256(prev_hash || '|' || chain_seq || '|' || digest), as audit.chain.ts computes it.
CREATE FUNCTION audit_chain_pending(p_limit integer, p_wait boolean) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_prev text;
  v_seq bigint;
  v_ids bigint[] := '{}';
  v_seqs bigint[] := '{}';
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
  v_hash text;
  r record;
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(727003);
  ELSIF NOT pg_try_advisory_xact_lock(727003) THEN
    RETURN -1;
  END IF;
  SELECT e.chain_seq, e.hash INTO v_seq, v_prev
    FROM audit_entries e WHERE e.chain_seq IS NOT NULL ORDER BY e.chain_seq DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0);
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR r IN SELECT e.id, e.digest FROM audit_entries e
            WHERE e.chain_seq IS NULL ORDER BY e.id LIMIT p_limit LOOP
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(v_prev || '|' || v_seq::text || '|' || r.digest, 'UTF8')), 'hex');
    v_ids := v_ids || r.id;
    v_seqs := v_seqs || v_seq;
    v_prevs := v_prevs || v_prev;
    v_hashes := v_hashes || v_hash;
    v_prev := v_hash;
  END LOOP;
  IF cardinality(v_ids) > 0 THEN
    UPDATE audit_entries e
       SET chain_seq = u.seq, prev_hash = u.prev, hash = u.hash
      FROM unnest(v_ids, v_seqs, v_prevs, v_hashes) AS u(id, seq, prev, hash)
     WHERE e.id = u.id;
  END IF;
  RETURN cardinality(v_ids);
END $$;
