-- The transparency log (RFC 9162, PRODUCT.md C16): an append-only Merkle tree of what the platform
-- vouches for (licences issued and revoked, checkpoints of the audit chain), with signed tree heads.
-- See log.merkle.ts for the tree and README.md for the leaf format.

-- One row per leaf; index is the position in the tree (0, 1, 2, … without gaps).
CREATE TABLE translog_leaves (
  index       bigint PRIMARY KEY CHECK (index >= 0),
  -- SHA-256(0x00 || leaf input), the leaf input being the canonical JSON of kind, ref, entry, appended_at.
  leaf_hash   bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
  kind        text NOT NULL,
  ref         text NOT NULL,
  entry       jsonb NOT NULL,
  appended_at timestamptz NOT NULL
);
-- Inclusion proofs asked for by leaf hash.
CREATE INDEX translog_leaves_hash_idx ON translog_leaves (leaf_hash);
-- "The last leaf of this kind" (audit checkpoints) and entries of one kind.
CREATE INDEX translog_leaves_kind_idx ON translog_leaves (kind, index);
-- One checkpoint per audit chain position, whichever process writes it.
CREATE UNIQUE INDEX translog_leaves_checkpoint_key ON translog_leaves (ref) WHERE kind = 'audit.checkpoint';

-- Hashes of the complete subtrees above the leaves: the node at level l (≥ 1) and index i covers
-- leaves [i·2^l, (i+1)·2^l). Written when the subtree's last leaf is appended and never again, so
-- a proof or a root at any size is O(log n) primary-key reads.
CREATE TABLE translog_nodes (
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
  index bigint NOT NULL CHECK (index >= 0),
  hash  bytea NOT NULL CHECK (octet_length(hash) = 32),
  PRIMARY KEY (level, index)
);

-- Signed tree heads, at most one per size; jws is the compact JWS the platform key signed.
CREATE TABLE translog_tree_heads (
  tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
  root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
  signed_at timestamptz NOT NULL,
  kid       text NOT NULL,
  jws       text NOT NULL
);
CREATE INDEX translog_tree_heads_signed_idx ON translog_tree_heads (signed_at);

-- Append-only, like the audit chain: nothing is changed or removed (tests tamper by disabling these).
CREATE FUNCTION translog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER translog_leaves_append_only BEFORE UPDATE OR DELETE ON translog_leaves
  FOR EACH ROW EXECUTE FUNCTION translog_refuse_change();
CREATE TRIGGER translog_leaves_no_truncate BEFORE TRUNCATE ON translog_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION translog_refuse_change();
CREATE TRIGGER translog_nodes_append_only BEFORE UPDATE OR DELETE ON translog_nodes
  FOR EACH ROW EXECUTE FUNCTION translog_refuse_change();
CREATE TRIGGER translog_nodes_no_truncate BEFORE TRUNCATE ON translog_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION translog_refuse_change();
CREATE TRIGGER translog_tree_heads_append_only BEFORE UPDATE OR DELETE ON translog_tree_heads
  FOR EACH ROW EXECUTE FUNCTION translog_refuse_change();
CREATE TRIGGER translog_tree_heads_no_truncate BEFORE TRUNCATE ON translog_tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION translog_refuse_change();

-- Appends one leaf in one round trip and returns its index. The advisory lock serialises appenders
-- and is held until the caller's transaction ends, so indexes are gapless: a rolled-back append
-- frees its index for the next one. plpgsql (VOLATILE) takes a fresh snapshot per statement, so in
-- READ COMMITTED the size read after the lock counts the leaf the previous holder committed.
-- Every complete subtree the new leaf completes is hashed here (SHA-256(0x01 || left || right),
-- RFC 9162 §2.1.1) and stored: on average one node per leaf, at most log2 n.
CREATE FUNCTION translog_append(p_kind text, p_ref text, p_entry jsonb, p_leaf_hash bytea, p_at timestamptz)
RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_size bigint;
  v_i bigint;
  v_level smallint := 0;
  v_hash bytea := p_leaf_hash;
  v_left bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(727010);
  SELECT l.index + 1 INTO v_size FROM translog_leaves l ORDER BY l.index DESC LIMIT 1;
  v_size := coalesce(v_size, 0);
  INSERT INTO translog_leaves (index, leaf_hash, kind, ref, entry, appended_at)
  VALUES (v_size, p_leaf_hash, p_kind, p_ref, p_entry, p_at);
  v_i := v_size;
  WHILE v_i % 2 = 1 LOOP
    IF v_level = 0 THEN
      SELECT l.leaf_hash INTO STRICT v_left FROM translog_leaves l WHERE l.index = v_i - 1;
    ELSE
      SELECT n.hash INTO STRICT v_left FROM translog_nodes n WHERE n.level = v_level AND n.index = v_i - 1;
    END IF;
    v_hash := sha256('\x01'::bytea || v_left || v_hash);
    v_level := v_level + 1;
    v_i := v_i / 2;
    INSERT INTO translog_nodes (level, index, hash) VALUES (v_level, v_i, v_hash);
  END LOOP;
  RETURN v_size;
END $$;
