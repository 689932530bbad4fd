import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  consistencyProof,
  EMPTY_ROOT,
  hashChildren,
  hashLeaf,
  inclusionProof,
  leafHashOf,
  merkleTreeHash,
  type NodeId,
  nodeKey,
  rangeNodes,
  rootFromInclusionProof,
  splitPoint,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './log.merkle.ts';

const hex = (s: string) => Buffer.from(s, 'hex');
const hexes = (...s: string[]) => s.map(hex);

// The published RFC 6962/9162 test data (transparency-dev/merkle testonly/constants.go and
// proof/verify_test.go, the same as certificate-transparency-go's).
const LEAVES = hexes(
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
);
const ROOTS = hexes(
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // empty tree
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
);
/** Complete-subtree hashes of the 8-leaf tree, by level then index. */
const NODE_HASHES = [
  hexes(
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ),
  hexes(
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ),
  hexes(
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ),
  hexes('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'),
];
/** [leaf index (0-based), tree size, audit path]; the published vectors count leaves from 1. */
const INCLUSION: [number, number, Buffer[]][] = [
  [0, 1, []],
  [
    0,
    8,
    hexes(
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ),
  ],
  [
    5,
    8,
    hexes(
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ),
  ],
  [2, 3, hexes('fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125')],
  [
    1,
    5,
    hexes(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ),
  ],
];
const CONSISTENCY: [number, number, Buffer[]][] = [
  [1, 1, []],
  [
    1,
    8,
    hexes(
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ),
  ],
  [
    6,
    8,
    hexes(
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ),
  ],
  [
    2,
    5,
    hexes(
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ),
  ],
  [
    6,
    7,
    hexes(
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ),
  ],
];

/** Every complete subtree of a tree, as the log stores them on append. */
function storedNodes(leafHashes: Buffer[]): (node: NodeId) => Buffer {
  const nodes = new Map<string, Buffer>();
  let level = leafHashes;
  for (let l = 0; level.length > 0; l++) {
    level.forEach((h, i) => {
      nodes.set(nodeKey({ level: l, index: i }), h);
    });
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2)
      up.push(hashChildren(level[i] as Buffer, level[i + 1] as Buffer));
    level = up;
  }
  return (node) => {
    const h = nodes.get(nodeKey(node));
    assert.ok(h, `node ${nodeKey(node)} asked for but not a complete subtree`);
    return h;
  };
}

// RFC 9162 §2.1.3.1 and §2.1.4.1 written as the RFC writes them, over an in-memory list.
function refPath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = splitPoint(d.length);
  return m < k
    ? [...refPath(m, d.slice(0, k)), merkleTreeHash(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), merkleTreeHash(d.slice(0, k))];
}
function refSubproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [merkleTreeHash(d)];
  const k = splitPoint(d.length);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), merkleTreeHash(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), merkleTreeHash(d.slice(0, k))];
}

const flipped = (proof: Buffer[], i: number) =>
  proof.map((p, j) => (j === i ? Buffer.from(p.map((byte, b) => (b === 0 ? byte ^ 8 : byte))) : p));

describe('RFC 9162 Merkle tree: published test vectors', () => {
  const leafHashes = LEAVES.map(hashLeaf);
  const lookup = storedNodes(leafHashes);

  test('the tree hash of the first n leaves for n = 0..8, and the complete subtrees', () => {
    assert.deepEqual(EMPTY_ROOT, ROOTS[0]);
    for (let n = 0; n <= 8; n++) {
      assert.deepEqual(merkleTreeHash(leafHashes.slice(0, n)), ROOTS[n], `MTH of ${n}`);
      if (n > 0) assert.deepEqual(treeRoot(n, lookup), ROOTS[n], `root of ${n} from stored nodes`);
    }
    NODE_HASHES.forEach((row, level) => {
      row.forEach((h, index) => {
        assert.deepEqual(lookup({ level, index }), h);
      });
    });
  });

  test('inclusion paths are generated as published and verify against the roots', () => {
    for (const [m, n, path] of INCLUSION) {
      assert.deepEqual(inclusionProof(m, n, lookup), path, `path of ${m} in ${n}`);
      assert.ok(verifyInclusion(m, n, leafHashes[m] as Buffer, path, ROOTS[n] as Buffer));
      assert.deepEqual(rootFromInclusionProof(m, n, leafHashes[m] as Buffer, path), ROOTS[n]);
    }
  });

  test('consistency proofs are generated as published and verify against the roots', () => {
    for (const [m, n, proof] of CONSISTENCY) {
      assert.deepEqual(consistencyProof(m, n, lookup), proof, `proof ${m} → ${n}`);
      assert.ok(verifyConsistency(m, n, ROOTS[m] as Buffer, ROOTS[n] as Buffer, proof));
    }
  });

  test('the edge cases of the published verifier tests', () => {
    const some = hex('abacaba000000000000000000000000000000000000000000060061e00123456');
    const empty = ROOTS[0] as Buffer;
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      assert.equal(verifyInclusion(index as number, size as number, some, [], empty), false);
    }
    const data = hashLeaf(Buffer.from('data'));
    assert.ok(verifyInclusion(0, 1, data, [], data));
    assert.equal(verifyInclusion(0, 1, Buffer.alloc(0), [], data), false);
    assert.equal(verifyInclusion(0, 1, data, [], Buffer.alloc(0)), false);
    assert.ok(verifyConsistency(0, 1, empty, some, []));
    assert.ok(verifyConsistency(1, 1, some, some, []));
    assert.equal(verifyConsistency(1, 1, some, empty, []), false, 'equal sizes, different roots');
    assert.equal(verifyConsistency(1, 1, some, some, [empty]), false, 'equal roots, non-empty proof');
    assert.equal(verifyConsistency(2, 1, some, some, []), false, 'back in time');
    assert.equal(verifyConsistency(1, 2, some, empty, []), false, 'empty proof');
  });

  test('the leaf of a log entry is the hash of its canonical JSON, whatever its key order', () => {
    const a = leafHashOf({ kind: 'k', ref: 'r', entry: { b: 1, a: [{ y: 2, x: 1 }] }, appendedAt: 'T' });
    const b = leafHashOf({ kind: 'k', ref: 'r', entry: { a: [{ x: 1, y: 2 }], b: 1 }, appendedAt: 'T' });
    assert.deepEqual(a, b);
    assert.deepEqual(
      a,
      hashLeaf(
        Buffer.from('{"appendedAt":"T","entry":{"a":[{"x":1,"y":2}],"b":1},"kind":"k","ref":"r","v":1}'),
      ),
    );
  });
});

describe('RFC 9162 Merkle tree: random trees of 1..70 leaves', () => {
  const all = Array.from({ length: 70 }, () => hashLeaf(randomBytes(1 + Math.floor(Math.random() * 40))));
  const lookup = storedNodes(all);
  const roots = Array.from({ length: 71 }, (_, n) => merkleTreeHash(all.slice(0, n)));

  test('every node range is a complete subtree the log stores', () => {
    for (let n = 1; n <= 70; n++) {
      for (const node of rangeNodes({ start: 0, end: n })) lookup(node);
    }
  });

  test('every inclusion proof is the RFC path, verifies, and fails once mutated', () => {
    for (let n = 1; n <= 70; n++) {
      const root = roots[n] as Buffer;
      assert.deepEqual(treeRoot(n, lookup), root);
      for (let m = 0; m < n; m++) {
        const leaf = all[m] as Buffer;
        const path = inclusionProof(m, n, lookup);
        assert.deepEqual(path, refPath(m, all.slice(0, n)), `path ${m}/${n}`);
        assert.ok(verifyInclusion(m, n, leaf, path, root), `verify ${m}/${n}`);
        const bad: [string, boolean][] = [
          ['other leaf', verifyInclusion(m, n, all[(m + 1) % 70] as Buffer, path, root)],
          ['index + 1', m + 1 < n && verifyInclusion(m + 1, n, leaf, path, root)],
          ['index - 1', m > 0 && verifyInclusion(m - 1, n, leaf, path, root)],
          ['size * 2', verifyInclusion(m, n * 2, leaf, path, root)],
          ['size / 2', m < Math.floor(n / 2) && verifyInclusion(m, Math.floor(n / 2), leaf, path, root)],
          ['wrong root', verifyInclusion(m, n, leaf, path, roots[n - 1] as Buffer)],
          ['extra element', verifyInclusion(m, n, leaf, [...path, root], root)],
          ['missing element', path.length > 0 && verifyInclusion(m, n, leaf, path.slice(1), root)],
          ['leading element', verifyInclusion(m, n, leaf, [leaf, ...path], root)],
          ...path.map((_, i): [string, boolean] => [
            `flipped ${i}`,
            verifyInclusion(m, n, leaf, flipped(path, i), root),
          ]),
        ];
        for (const [what, accepted] of bad) assert.equal(accepted, false, `${what} accepted for ${m}/${n}`);
      }
    }
  });

  test('every consistency proof is the RFC proof, verifies, and fails once mutated', () => {
    for (let n = 1; n <= 70; n++) {
      const second = roots[n] as Buffer;
      for (let m = 1; m <= n; m++) {
        const first = roots[m] as Buffer;
        const proof = consistencyProof(m, n, lookup);
        assert.deepEqual(proof, refSubproof(m, all.slice(0, n), true), `proof ${m}→${n}`);
        assert.ok(verifyConsistency(m, n, first, second, proof), `verify ${m}→${n}`);
        if (m === n) continue;
        const bad: [string, boolean][] = [
          ['first - 1', verifyConsistency(m - 1, n, first, second, proof) && m - 1 > 0],
          ['first + 1', m + 1 < n && verifyConsistency(m + 1, n, first, second, proof)],
          ['second * 2', verifyConsistency(m, n * 2, first, second, proof)],
          ['wrong first root', verifyConsistency(m, n, roots[m - 1] as Buffer, second, proof)],
          ['wrong second root', verifyConsistency(m, n, first, roots[n - 1] as Buffer, proof)],
          ['swapped roots', verifyConsistency(m, n, second, first, proof)],
          ['empty proof', verifyConsistency(m, n, first, second, [])],
          ['extra element', verifyConsistency(m, n, first, second, [...proof, second])],
          ['truncated', verifyConsistency(m, n, first, second, proof.slice(0, -1))],
          ['leading element', verifyConsistency(m, n, first, second, [first, ...proof])],
          ...proof.map((_, i): [string, boolean] => [
            `flipped ${i}`,
            verifyConsistency(m, n, first, second, flipped(proof, i)),
          ]),
        ];
        for (const [what, accepted] of bad) assert.equal(accepted, false, `${what} accepted for ${m}→${n}`);
      }
    }
  });
});
