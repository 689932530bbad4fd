import type { DidDocument, Jwks } from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import { publicJwkOf } from '../../platform/crypto.ts';
import { type TrustedKey, verifyingKeys } from './trust.keys.ts';

/**
 * Public key documents: the JWK Set (RFC 7517) and did:web DID documents (W3C DID Core,
 * did:web method) of departments and of the platform.
 */

/**
 * `did:web:<host>` for the platform (resolved at /.well-known/did.json) and
 * `did:web:<host>:dids:<owner>` for a department (resolved at /dids/<owner>/did.json); the host
 * comes from config.publicUrl with its port %3A-encoded, as the did:web method asks. The platform
 * must be served at the root of that origin.
 */
export function didFor(ctx: Pick<PlatformContext, 'config'>, owner: string): string {
  const url = new URL(ctx.config.publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  return owner === 'platform' ? `did:web:${host}` : `did:web:${host}:dids:${owner}`;
}

function jwkOf(k: TrustedKey) {
  return { ...publicJwkOf(k.publicJwk), kid: k.kid, alg: k.alg, use: 'sig' as const };
}

/** Active and retired keys (compromised ones verify nothing and are left out). */
export async function jwksOf(ctx: PlatformContext, owner?: string): Promise<Jwks> {
  return { keys: (await verifyingKeys(ctx.db, owner)).map(jwkOf) };
}

export async function didDocumentOf(ctx: PlatformContext, owner: string): Promise<DidDocument> {
  const did = didFor(ctx, owner);
  const keys = await verifyingKeys(ctx.db, owner);
  const methodId = (k: TrustedKey) => `${did}#${k.kid}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: keys.map((k) => ({
      id: methodId(k),
      type: 'JsonWebKey2020' as const,
      controller: did,
      publicKeyJwk: jwkOf(k),
    })),
    // Retired keys still vouch for what they signed; only the active one authenticates now.
    assertionMethod: keys.map(methodId),
    authentication: keys.filter((k) => k.status === 'active').map(methodId),
  };
}
