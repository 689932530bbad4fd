// Request and response schemas of the licences module (电子证照: wallet, presentations, status lists,
// the W3C VC API verify and issue endpoints), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page, Uuid } from './common.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** valid 有效, expired 已过期, suspended 已暂停 (中止), revoked 已撤销 (注销/吊销). */
export const LicenceStatus = Type.Union(
  [Type.Literal('valid'), Type.Literal('expired'), Type.Literal('suspended'), Type.Literal('revoked')],
  { description: 'valid, expired (past validUntil), suspended, revoked' },
);
export type LicenceStatus = Static<typeof LicenceStatus>;

export const LicenceFieldView = Type.Object({
  name: Type.String({ description: 'credentialSubject property, e.g. companyName' }),
  labelZh: Type.String(),
  labelEn: Type.String(),
  value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
});
export type LicenceFieldView = Static<typeof LicenceFieldView>;

export const LicenceSummary = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'GB/T 36904-style licence identifier' }),
  typeCode: Type.String(),
  typeNameZh: Type.String(),
  typeNameEn: Type.String(),
  issuerDepartmentId: Uuid,
  issuerNameZh: Type.String(),
  issuerNameEn: Type.String(),
  status: LicenceStatus,
  validFrom: IsoDateTime,
  validUntil: Nullable(IsoDateTime),
  issuedAt: IsoDateTime,
});
export type LicenceSummary = Static<typeof LicenceSummary>;

export const LicenceDetail = Type.Object({
  ...LicenceSummary.properties,
  holderId: Uuid,
  issuerDid: Type.String(),
  credentialId: Type.String({ description: 'urn:uuid:… of the credential' }),
  caseId: Nullable(Uuid),
  statusReason: Nullable(Type.String()),
  statusChangedAt: Nullable(IsoDateTime),
  fields: Type.Array(LicenceFieldView),
});
export type LicenceDetail = Static<typeof LicenceDetail>;

export const LicencePage = Page(LicenceSummary);
export type LicencePage = Static<typeof LicencePage>;

export const LicenceListQuery = Type.Object(
  {
    status: Type.Optional(LicenceStatus),
    type: Type.Optional(Type.String({ maxLength: 60, description: 'licence type code' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type LicenceListQuery = Static<typeof LicenceListQuery>;

export const LicenceIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const LicenceTypeView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  vcType: Type.String(),
  departmentCode: Type.String(),
  itemCodes: Type.Array(Type.String()),
  validityYears: Nullable(Type.Integer()),
  holderKind: Type.Union([Type.Literal('citizen'), Type.Literal('enterprise')]),
  fields: Type.Array(
    Type.Object({
      pointer: Type.String(),
      name: Type.String(),
      labelZh: Type.String(),
      labelEn: Type.String(),
      public: Type.Boolean(),
    }),
  ),
});
export type LicenceTypeView = Static<typeof LicenceTypeView>;
export const LicenceTypeList = Type.Object({ items: Type.Array(LicenceTypeView) });

export const PresentationBody = Type.Object(
  {
    challenge: Type.Optional(
      Type.String({
        minLength: 8,
        maxLength: 200,
        pattern: '^[A-Za-z0-9._~-]+$',
        description: "the verifier's nonce; without it a fresh one is drawn and recorded",
      }),
    ),
  },
  { additionalProperties: false },
);
export type PresentationBody = Static<typeof PresentationBody>;

export const PresentationResult = Type.Object({
  verifiablePresentation: Type.String({ description: 'compact JWS, typ vp+jwt' }),
  nonce: Type.String(),
  expiresAt: IsoDateTime,
  verifyUrl: Type.String({
    description: 'the public verification page with the full presentation (too long for most QR codes)',
  }),
  qrPresentation: Type.String({
    description:
      'compact JWS, typ licence-qr+jwt: the licence number, issuer, validity, status entries, the holder name masked, the public fields and the SHA-256 of the credential; same nonce and expiry',
  }),
  qrUrl: Type.String({
    description: 'the public verification page with the compact presentation (#q=), for the QR code',
  }),
});
export type PresentationResult = Static<typeof PresentationResult>;

export const LicenceStatusBody = Type.Object(
  {
    action: Type.Union([Type.Literal('revoke'), Type.Literal('suspend'), Type.Literal('reinstate')]),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type LicenceStatusBody = Static<typeof LicenceStatusBody>;

export const StatusListParams = Type.Object(
  {
    dept: Type.String({ maxLength: 60, description: 'issuer department id or code' }),
    purpose: Type.Union([Type.Literal('revocation'), Type.Literal('suspension')]),
  },
  { additionalProperties: false },
);

/** A credential as the VC API passes it: the compact vc+jwt, or an EnvelopedVerifiableCredential. */
const Enveloped = (type: string) =>
  Type.Object(
    {
      '@context': Type.Optional(Type.Unknown()),
      id: Type.String({ maxLength: 200_000, description: 'data:application/vc+jwt,<jws>' }),
      type: Type.Literal(type),
    },
    { additionalProperties: true },
  );

export const VerifyCredentialBody = Type.Object(
  {
    verifiableCredential: Type.Union([
      Type.String({ minLength: 1, maxLength: 200_000 }),
      Enveloped('EnvelopedVerifiableCredential'),
    ]),
    options: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
export type VerifyCredentialBody = Static<typeof VerifyCredentialBody>;

export const VerifyPresentationBody = Type.Object(
  {
    /** A vp+jwt (or its envelope), or a compact licence-qr+jwt from a QR code, told apart by its typ. */
    verifiablePresentation: Type.Union([
      Type.String({ minLength: 1, maxLength: 200_000 }),
      Enveloped('EnvelopedVerifiablePresentation'),
    ]),
    options: Type.Optional(
      Type.Object(
        { challenge: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: false },
);
export type VerifyPresentationBody = Static<typeof VerifyPresentationBody>;

export const VerificationCheckName = Type.Union([
  Type.Literal('format'),
  Type.Literal('signature'),
  Type.Literal('issuerKey'),
  Type.Literal('validity'),
  Type.Literal('status'),
  Type.Literal('holder'),
  Type.Literal('nonce'),
  Type.Literal('expiry'),
  Type.Literal('digest'),
  Type.Literal('disclosure'),
]);

export const VerificationResult = Type.Object({
  verified: Type.Boolean(),
  checks: Type.Array(
    Type.Object({
      check: VerificationCheckName,
      passed: Type.Boolean(),
      detail: Type.Optional(Type.String()),
    }),
    { description: 'every check that was run, in order, and whether it passed' },
  ),
  warnings: Type.Array(
    Type.Object({ code: Type.String(), messageZh: Type.String(), messageEn: Type.String() }),
  ),
  errors: Type.Array(
    Type.Object({ code: Type.String(), messageZh: Type.String(), messageEn: Type.String() }),
  ),
  credential: Nullable(
    Type.Object({
      id: Type.String(),
      number: Nullable(Type.String()),
      types: Type.Array(Type.String()),
      typeNameZh: Nullable(Type.String()),
      typeNameEn: Nullable(Type.String()),
      holder: Type.String({ description: 'masked' }),
      issuer: Type.String(),
      issuerNameZh: Nullable(Type.String()),
      issuerNameEn: Nullable(Type.String()),
      validFrom: Nullable(Type.String()),
      validUntil: Nullable(Type.String()),
      status: Nullable(LicenceStatus),
      fields: Type.Array(LicenceFieldView, { description: 'values the public may not see are masked' }),
    }),
  ),
});
export type VerificationResult = Static<typeof VerificationResult>;

/** W3C VC API issue: the department's licence type named in `type`, the holder as urn:uuid:<account id>. */
export const IssueCredentialBody = Type.Object(
  {
    credential: Type.Object(
      {
        '@context': Type.Optional(Type.Unknown()),
        type: Type.Array(Type.String({ maxLength: 80 }), { minItems: 1, maxItems: 5 }),
        validFrom: Type.Optional(IsoDateTime),
        credentialSubject: Type.Object(
          { id: Type.String({ pattern: '^urn:uuid:[0-9a-fA-F-]{36}$' }) },
          {
            additionalProperties: Type.Union([
              Type.String({ maxLength: 2000 }),
              Type.Number(),
              Type.Boolean(),
            ]),
          },
        ),
      },
      { additionalProperties: false },
    ),
    options: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
export type IssueCredentialBody = Static<typeof IssueCredentialBody>;

export const IssueCredentialResult = Type.Object({
  verifiableCredential: Type.Object({
    '@context': Type.String(),
    id: Type.String({ description: 'data:application/vc+jwt,<jws>' }),
    type: Type.Literal('EnvelopedVerifiableCredential'),
  }),
  licenceId: Uuid,
  number: Type.String(),
});
export type IssueCredentialResult = Static<typeof IssueCredentialResult>;
