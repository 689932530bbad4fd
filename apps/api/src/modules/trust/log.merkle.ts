import { createHash, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.ts';

/**
 * The transparency log's Merkle tree, exactly as RFC 9162 §2.1 defines it, with no I/O: tree
 * hashes, inclusion (audit) paths and consistency proofs, and their verification.
 *
 * The hash is SHA-256 in both crypto suites: RFC 9162 fixes it for the tree (only the signature
 * on a tree head follows the suite). Leaf hash = SHA-256(0x00 || leaf input), interior node =
 * SHA-256(0x01 || left || right); a tree of n leaves splits at k, the largest power of two
 * smaller than n.
 *
 * Proof generation works on "complete subtrees" (a node at `level` l and `index` i covers leaves
 * [i·2^l, (i+1)·2^l)), which the log stores as it grows: every hash a proof needs is the hash of
 * a leaf range [start, end), and every such range is a short list (at most log2 n) of complete
 * subtrees. So a proof first lists the nodes it needs (`inclusionNodes`, `consistencyNodes`), the
 * store reads them at once, and the proof is assembled from them (`inclusionProof`, …).
 * Indexes and sizes are JavaScript numbers with arithmetic (no 32-bit bit operators), good up to 2^53.
 */

export const HASH_SIZE = 32;

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH of one entry: SHA-256(0x00 || input). */
export function hashLeaf(input: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, input);
}

/** MTH of an interior node: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** The root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT = sha256();

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A leaf range [start, end) of the log. */
export interface LeafRange {
  start: number;
  end: number;
}

/** A complete subtree: leaves [index·2^level, (index+1)·2^level); level 0 is a leaf. */
export interface NodeId {
  level: number;
  index: number;
}

export const nodeKey = (n: NodeId) => `${n.level}/${n.index}`;

/**
 * The complete subtrees whose hashes make up MTH(D[start:end]), left to right (largest first).
 * Holds for every range a proof or a root asks for: `start` is 0 or a multiple of a power of two
 * at least as large as the range, so the range splits like a tree of its size does.
 */
export function rangeNodes({ start, end }: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    let level = 0;
    while (size * 2 <= end - at && at % (size * 2) === 0) {
      size *= 2;
      level += 1;
    }
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

export type NodeLookup = (node: NodeId) => Uint8Array;

/** MTH(D[start:end]) from the hashes of its complete subtrees (folded right to left, as MTH splits). */
export function rangeHash(range: LeafRange, lookup: NodeLookup): Buffer {
  if (range.end <= range.start) return EMPTY_ROOT;
  const nodes = rangeNodes(range);
  let hash: Buffer = Buffer.from(lookup(nodes[nodes.length - 1] as NodeId));
  for (let i = nodes.length - 2; i >= 0; i--) hash = hashChildren(lookup(nodes[i] as NodeId), hash);
  return hash;
}

/** The ranges whose hashes form PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), leaf to root. */
export function inclusionRanges(m: number, n: number): LeafRange[] {
  const path: LeafRange[] = [];
  let start = 0;
  let end = n;
  // PATH(m, D[start:end]) = PATH(m, half holding m) : MTH(other half); collected root-first.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < start + k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
    }
  }
  return path.reverse();
}

/** The ranges whose hashes form PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1), 0 < m ≤ n. */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  const proof: LeafRange[] = [];
  let start = 0;
  let end = n;
  let size = m; // m relative to the current subtree
  let whole = true; // the "b" flag: the subtree is the old tree's root itself
  while (size !== end - start) {
    const k = splitPoint(end - start);
    if (size <= k) {
      proof.push({ start: start + k, end });
      end = start + k;
    } else {
      proof.push({ start, end: start + k });
      start += k;
      size -= k;
      whole = false;
    }
  }
  if (!whole) proof.push({ start, end });
  return proof.reverse();
}

/** Every node the proofs' ranges (and optionally roots) need, each once. */
export function nodesFor(ranges: LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const r of ranges) for (const n of rangeNodes(r)) seen.set(nodeKey(n), n);
  return [...seen.values()];
}

export const inclusionNodes = (m: number, n: number) => nodesFor(inclusionRanges(m, n));
export const consistencyNodes = (m: number, n: number) => nodesFor(consistencyRanges(m, n));
export const rootNodes = (n: number) => nodesFor([{ start: 0, end: n }]);

export function inclusionProof(m: number, n: number, lookup: NodeLookup): Buffer[] {
  return inclusionRanges(m, n).map((r) => rangeHash(r, lookup));
}

export function consistencyProof(m: number, n: number, lookup: NodeLookup): Buffer[] {
  return consistencyRanges(m, n).map((r) => rangeHash(r, lookup));
}

export function treeRoot(n: number, lookup: NodeLookup): Buffer {
  return rangeHash({ start: 0, end: n }, lookup);
}

/** MTH over leaf hashes held in memory (the reference for tests and small verifiers). */
export function merkleTreeHash(leafHashes: Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  if (leafHashes.length === 1) return Buffer.from(leafHashes[0] as Uint8Array);
  const k = splitPoint(leafHashes.length);
  return hashChildren(merkleTreeHash(leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k)));
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === HASH_SIZE && b.length === HASH_SIZE && timingSafeEqual(a, b);
}

const isSize = (n: number) => Number.isSafeInteger(n) && n >= 0;
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

/**
 * The root an inclusion path leads to (RFC 9162 §2.1.3.2 steps 2–4), or undefined when the path
 * cannot belong to a tree of that size.
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: Uint8Array[],
): Buffer | undefined {
  // 1. leaf_index must be < tree_size.
  if (!isSize(leafIndex) || !isSize(treeSize) || leafIndex >= treeSize) return undefined;
  if (leafHash.length !== HASH_SIZE || path.some((p) => p.length !== HASH_SIZE)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of path) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must have reached 0.
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2: does `path` prove the leaf at `leafIndex` is in the tree with `root`? */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
  return computed !== undefined && sameHash(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `second` leaves (`secondRoot`) extends the tree
 * of `first` leaves (`firstRoot`)? The RFC's algorithm covers 0 < first < second; equal sizes are
 * consistent with an empty proof and equal roots, and the empty tree with an empty proof.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: Uint8Array[],
): boolean {
  if (!isSize(first) || !isSize(second) || first > second) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (first === second) return proof.length === 0 && sameHash(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0;
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. When first is an exact power of two, its root is the first node of the path.
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  // 3.
  let fn = first - 1;
  let sn = second - 1;
  // 4.
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr: Buffer = Buffer.from(path[0] as Uint8Array);
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return sn === 0 && sameHash(fr, firstRoot) && sameHash(sr, secondRoot);
}

// Canonical JSON (RFC 8785 for the values entries hold) lets a verifier recompute a leaf's bytes from
// the entry the log serves, whatever order its keys come in.
export { canonicalJson };

/** What a leaf records; its input bytes are the canonical JSON of these fields plus a version. */
export interface LeafFields {
  kind: string;
  ref: string;
  entry: Record<string, unknown>;
  /** ISO 8601 UTC with milliseconds. */
  appendedAt: string;
}

/** The leaf input: UTF-8 of canonical JSON `{appendedAt, entry, kind, ref, v: 1}`. */
export function leafInput(f: LeafFields): Buffer {
  return Buffer.from(
    canonicalJson({ v: 1, kind: f.kind, ref: f.ref, entry: f.entry, appendedAt: f.appendedAt }),
    'utf8',
  );
}

export const leafHashOf = (f: LeafFields) => hashLeaf(leafInput(f));
