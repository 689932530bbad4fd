-- The hash-chained, append-only audit log (DESIGN.md rule 7, PRODUCT.md C20).
CREATE TABLE audit_entries (
  seq           bigserial PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_id      text,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('citizen', 'enterprise', 'staff', 'system')),
  action        text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  personal_data boolean NOT NULL DEFAULT false,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash     char(64) NOT NULL,
  hash          char(64) NOT NULL
);

CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_type, subject_id, seq);
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_id, seq);

-- Append-only: rows can be neither changed nor removed (tests tamper by disabling this trigger).
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Appends one entry in one round trip. The advisory lock serialises appenders; it is taken
-- first inside the function but last in the caller's transaction, so it is held only from the
-- append to commit. A plpgsql (VOLATILE) function takes a fresh snapshot per statement, so the
-- SELECT after the lock sees the entry the previous lock holder committed; a single SQL
-- statement would read its snapshot before waiting for the lock and chain from a stale head.
-- seq is drawn under the lock, so seq order is chain order.
-- hash = sha256(prev_hash || '|' || seq || '|' || digest), where digest is the SHA-256 of the
-- entry's canonical JSON computed by the application (audit.chain.ts) and rechecked by verify.
CREATE FUNCTION audit_append(
  p_at timestamptz, p_actor_id text, p_actor_kind text, p_action text, p_subject_type text,
  p_subject_id text, p_personal_data boolean, p_details jsonb, p_digest text
) RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_prev text;
  v_seq bigint;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(727002);
  SELECT e.hash INTO v_prev FROM audit_entries e ORDER BY e.seq DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_seq := nextval(pg_get_serial_sequence('audit_entries', 'seq'));
  v_hash := encode(sha256(convert_to(v_prev || '|' || v_seq::text || '|' || p_digest, 'UTF8')), 'hex');
  INSERT INTO audit_entries (seq, at, actor_id, actor_kind, action, subject_type, subject_id,
                             personal_data, details, prev_hash, hash)
  VALUES (v_seq, p_at, p_actor_id, p_actor_kind, p_action, p_subject_type, p_subject_id,
          p_personal_data, p_details, v_prev, v_hash);
  RETURN QUERY SELECT v_seq, v_hash;
END $$;
