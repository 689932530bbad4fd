// Request and response schemas of the trust module (TypeBox): departments' and the platform's
// signing keys, the public JWKS and did:web documents.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page, Uuid } from './common.ts';

/** JWS `alg` values: 'SM2' is SM2 with SM3 per GB/T 32918 (default user id), signature r||s. */
export const SigningAlg = Type.Union([Type.Literal('EdDSA'), Type.Literal('ES256'), Type.Literal('SM2')]);
export type SigningAlg = Static<typeof SigningAlg>;

/** active: signs; retired: no longer signs, still verifies what it signed; compromised: verifies nothing. */
export const TrustKeyStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('retired'),
  Type.Literal('compromised'),
]);
export type TrustKeyStatus = Static<typeof TrustKeyStatus>;

/** A department id, or the literal 'platform' for the platform's own key. */
export const TrustOwner = Type.Union([Uuid, Type.Literal('platform')]);

/** A public key as a JWK (RFC 7517); SM2 keys are { kty: 'EC', crv: 'SM2', x, y }. */
export const PublicJwk = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  y: Type.Optional(Type.String()),
  kid: Type.Optional(Type.String()),
  alg: Type.Optional(Type.String()),
  use: Type.Optional(Type.String()),
});
export type PublicJwk = Static<typeof PublicJwk>;

export const Kid = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });

export const TrustKey = Type.Object({
  kid: Kid,
  owner: Type.String({ description: "department id or 'platform'" }),
  alg: SigningAlg,
  status: TrustKeyStatus,
  publicJwk: PublicJwk,
  createdAt: IsoDateTime,
  retiredAt: Type.Union([IsoDateTime, Type.Null()]),
  compromisedAt: Type.Union([IsoDateTime, Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()], {
    description: 'account id; null for keys made on first use or by the CLI',
  }),
});
export type TrustKey = Static<typeof TrustKey>;

export const TrustKeyPage = Page(TrustKey);
export type TrustKeyPage = Static<typeof TrustKeyPage>;

export const TrustKeyQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    owner: Type.Optional(Uuid),
    status: Type.Optional(TrustKeyStatus),
  },
  { additionalProperties: false },
);
export type TrustKeyQuery = Static<typeof TrustKeyQuery>;

/** A new active key for a department (its current one is retired). */
export const CreateTrustKeyBody = Type.Object(
  { owner: Uuid, alg: Type.Optional(SigningAlg) },
  { additionalProperties: false },
);
export type CreateTrustKeyBody = Static<typeof CreateTrustKeyBody>;

export const RotateTrustKeyBody = Type.Object(
  { alg: Type.Optional(SigningAlg) },
  { additionalProperties: false },
);
export type RotateTrustKeyBody = Static<typeof RotateTrustKeyBody>;

export const CompromiseTrustKeyBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type CompromiseTrustKeyBody = Static<typeof CompromiseTrustKeyBody>;

export const TrustKidParams = Type.Object({ kid: Kid });
export const TrustOwnerParams = Type.Object({ owner: TrustOwner });

/** The answer of rotate and compromise: the key acted on and the owner's new active key (if any). */
export const TrustKeyChange = Type.Object({ key: TrustKey, active: Type.Union([TrustKey, Type.Null()]) });
export type TrustKeyChange = Static<typeof TrustKeyChange>;

/** RFC 7517 JWK Set of verifying keys (active and retired). */
export const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      crv: Type.String(),
      x: Type.String(),
      y: Type.Optional(Type.String()),
      kid: Type.String(),
      alg: SigningAlg,
      use: Type.Literal('sig'),
    }),
  ),
});
export type Jwks = Static<typeof Jwks>;

export const DidVerificationMethod = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('JsonWebKey2020'), Type.Literal('Multikey')]),
  controller: Type.String(),
  publicKeyJwk: Type.Optional(PublicJwk),
  publicKeyMultibase: Type.Optional(Type.String()),
});

/** A did:web DID document (W3C DID Core). */
export const DidDocument = Type.Object({
  '@context': Type.Array(Type.String()),
  id: Type.String(),
  alsoKnownAs: Type.Optional(Type.Array(Type.String())),
  verificationMethod: Type.Array(DidVerificationMethod),
  assertionMethod: Type.Array(Type.String()),
  authentication: Type.Array(Type.String()),
});
export type DidDocument = Static<typeof DidDocument>;
