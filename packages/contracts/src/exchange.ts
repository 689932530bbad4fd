// The cross-department data exchange gateway: datasets, client systems, OAuth 2.0 tokens, data
// requests and their signed answers, and the department admin's traffic view.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page, Uuid } from './common.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A statute that lets a dataset be used for a purpose without the subject's consent. */
export const LegalBasis = Type.Object({
  statuteZh: Type.String({ description: 'e.g. 《住房公积金管理条例》第二十四条' }),
  statuteEn: Type.String(),
});
export type LegalBasis = Static<typeof LegalBasis>;

export const DatasetPurpose = Type.Object({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  descriptionZh: Type.String(),
  descriptionEn: Type.String(),
  /** Statutes covering the purpose; empty: only the subject's live consent allows a request. */
  legalBases: Type.Array(LegalBasis),
  /** Fields this purpose receives in full; every other field of grade 2 or more is masked. */
  fullFields: Type.Array(Type.String()),
});
export type DatasetPurpose = Static<typeof DatasetPurpose>;

export const DatasetHandler = Type.Union([
  Type.Object({ kind: Type.Literal('internal'), name: Type.String() }),
  Type.Object({
    kind: Type.Literal('external'),
    baseUrl: Type.String({ description: 'Server URL of the OpenAPI description' }),
    operationPath: Type.String({ description: 'Path of the POST operation answering a subject query' }),
    operationId: Type.Optional(Type.String({ description: 'The OpenAPI operation published with it' })),
    openapiSha256: Type.Optional(
      Type.String({ description: 'SHA-256 (hex) of the OpenAPI description it was published with' }),
    ),
  }),
]);
export type DatasetHandler = Static<typeof DatasetHandler>;

export const SubjectKind = Type.Union([Type.Literal('citizen'), Type.Literal('enterprise')]);
export type SubjectKind = Static<typeof SubjectKind>;

export const DatasetView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  subjectKind: SubjectKind,
  sensitivity: Type.Integer({ minimum: 1, maximum: 4 }),
  ownerDepartmentId: Uuid,
  fields: Type.Array(
    Type.Object({
      code: Type.String(),
      labelZh: Type.String(),
      labelEn: Type.String(),
      sensitivity: Type.Integer(),
    }),
  ),
  purposes: Type.Array(DatasetPurpose),
  handler: DatasetHandler,
  status: Type.Union([Type.Literal('published'), Type.Literal('retired')]),
  version: Type.Integer({ minimum: 1 }),
  updatedAt: IsoDateTime,
});
export type DatasetView = Static<typeof DatasetView>;
export const DatasetList = Type.Object({ items: Type.Array(DatasetView) });

/** A JWK set of public keys (RFC 7517); private members are refused. */
export const PublicJwks = Type.Object({
  keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 10 }),
});
export type PublicJwks = Static<typeof PublicJwks>;

export const ClientStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

export const ClientView = Type.Object({
  id: Uuid,
  clientId: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  departmentId: Uuid,
  status: ClientStatus,
  jwks: PublicJwks,
  createdAt: IsoDateTime,
});
export type ClientView = Static<typeof ClientView>;
export const ClientList = Type.Object({ items: Type.Array(ClientView) });

export const RegisterClientBody = Type.Object(
  {
    clientId: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{2,62}$', description: 'OAuth client_id' }),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    /** Needed only by an admin of several departments. */
    departmentId: Type.Optional(Uuid),
    jwks: PublicJwks,
  },
  { additionalProperties: false },
);
export type RegisterClientBody = Static<typeof RegisterClientBody>;

export const ClientJwksBody = Type.Object({ jwks: PublicJwks }, { additionalProperties: false });
export const ClientIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** RFC 6749 §4.4 client credentials with an RFC 7523 private_key_jwt assertion (form or JSON body). */
export const TokenRequest = Type.Object(
  {
    grant_type: Type.String(),
    client_assertion_type: Type.String(),
    client_assertion: Type.String({ maxLength: 8192 }),
    client_id: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type TokenRequest = Static<typeof TokenRequest>;

/** RFC 6749 §5.1 (snake_case, as OAuth clients expect). */
export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});
export type TokenResponse = Static<typeof TokenResponse>;

export const ExchangeSubject = Type.Union([
  Type.Object(
    { kind: Type.Literal('citizen'), idNumber: Type.String({ minLength: 15, maxLength: 18 }) },
    {
      additionalProperties: false,
    },
  ),
  Type.Object(
    { kind: Type.Literal('enterprise'), creditCode: Type.String({ minLength: 18, maxLength: 18 }) },
    {
      additionalProperties: false,
    },
  ),
]);
export type ExchangeSubject = Static<typeof ExchangeSubject>;

export const ExchangeRequestBody = Type.Object(
  {
    dataset: Type.String({ minLength: 1, maxLength: 64 }),
    subject: ExchangeSubject,
    purpose: Type.String({ minLength: 1, maxLength: 64 }),
    fields: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type ExchangeRequestBody = Static<typeof ExchangeRequestBody>;

export const ExchangeBasis = Type.Union([Type.Literal('legal'), Type.Literal('consent')]);
export type ExchangeBasis = Static<typeof ExchangeBasis>;

/**
 * The gateway's answer. `jws` (typ exchange-response+jwt, signed by the providing department's key,
 * verifiable with GET /api/v1/trust/jwks) carries the same content as the plain fields: keep it as
 * evidence of what was received, from whom, on which basis.
 */
export const ExchangeResponse = Type.Object({
  requestId: Uuid,
  dataset: Type.String(),
  purpose: Type.String(),
  basis: ExchangeBasis,
  consentReceiptId: Nullable(Uuid),
  data: Type.Record(Type.String(), Type.Unknown()),
  masked: Type.Array(Type.String({ description: 'Fields returned masked' })),
  jws: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
});
export type ExchangeResponse = Static<typeof ExchangeResponse>;

/** A client (or an officer for it) asks a subject's consent: the subject answers it in the portal. */
export const ExchangeConsentRequestBody = Type.Object(
  {
    dataset: Type.String({ minLength: 1, maxLength: 64 }),
    subject: ExchangeSubject,
    purpose: Type.String({ minLength: 1, maxLength: 64 }),
    fields: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 }),
    retentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    validDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  },
  { additionalProperties: false },
);
export type ExchangeConsentRequestBody = Static<typeof ExchangeConsentRequestBody>;

export const ExchangeConsentRequestCreated = Type.Object({
  id: Uuid,
  url: Type.String({ description: 'Portal page where the subject answers it' }),
});

export const TrafficItem = Type.Object({
  id: Uuid,
  at: IsoDateTime,
  direction: Type.Union([Type.Literal('provided'), Type.Literal('consumed')]),
  clientId: Type.String(),
  clientNameZh: Type.String(),
  clientNameEn: Type.String(),
  dataset: Type.String(),
  purpose: Type.String(),
  fields: Type.Array(Type.String()),
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('refused')]),
  refusalCode: Nullable(Type.String()),
  basis: Nullable(ExchangeBasis),
});
export type TrafficItem = Static<typeof TrafficItem>;

export const TrafficQuery = Type.Object(
  {
    departmentId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type TrafficQuery = Static<typeof TrafficQuery>;
export const TrafficPage = Page(TrafficItem);
export const AdminDepartmentQuery = Type.Object(
  { departmentId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
