import type { Jwks, SignedTreeHead } from '@tongban/contracts';
import { CryptoError, verifyCompactJws } from '../../platform/crypto.ts';
import { HASH_SIZE } from './log.merkle.ts';

/**
 * What a log client checks of a signed tree head with nothing but the public API's answers
 * (used by `npm run log:verify`): the JWS verifies under the key its kid names in the JWK Set,
 * it is a tree head, and it signs exactly the size, root and time the answer states.
 */
export class TreeHeadInvalid extends Error {}

export function verifyTreeHead(sth: SignedTreeHead, jwks: Jwks): { treeSize: number; rootHash: Buffer } {
  let header: Record<string, unknown>;
  let payload: Uint8Array;
  try {
    const kid = sth.kid;
    const jwk = jwks.keys.find((k) => k.kid === kid);
    if (!jwk) throw new TreeHeadInvalid(`the key ${kid} that signed the tree head is not in the JWK Set`);
    ({ header, payload } = verifyCompactJws(sth.signature, { alg: jwk.alg, publicJwk: jwk }));
    if (header.kid !== kid) throw new TreeHeadInvalid('the signature names another key than the answer');
  } catch (err) {
    if (err instanceof CryptoError)
      throw new TreeHeadInvalid(`the tree head signature is invalid (${err.message})`);
    throw err;
  }
  if (header.typ !== 'tree-head+jwt') throw new TreeHeadInvalid('the signed document is not a tree head');
  let signed: Record<string, unknown>;
  try {
    signed = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    throw new TreeHeadInvalid('the signed tree head is not JSON');
  }
  if (
    signed.treeSize !== sth.treeSize ||
    signed.rootHash !== sth.rootHash ||
    signed.timestamp !== sth.timestamp
  )
    throw new TreeHeadInvalid('the signature does not cover the size, root hash and time the log states');
  const rootHash = Buffer.from(sth.rootHash, 'base64');
  if (rootHash.length !== HASH_SIZE) throw new TreeHeadInvalid('the root hash is not a SHA-256 hash');
  return { treeSize: sth.treeSize, rootHash };
}
