// Consent receipts (ISO/IEC 29184, Kantara Consent Receipt) and "who used my data": the schemas the
// consent module answers with and the portal's consent and data-usage pages read.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page, Uuid } from './common.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Who receives the data: a registered exchange client (a department system) and its department. */
export const ConsentRecipient = Type.Object({
  clientId: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  departmentId: Uuid,
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
});
export type ConsentRecipient = Static<typeof ConsentRecipient>;

export const ConsentPurpose = Type.Object({
  code: Type.String({ description: 'Stable purpose code of the dataset, e.g. ACCOUNT_OPENING' }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  descriptionZh: Type.String({ description: 'What the data is used for, in plain words' }),
  descriptionEn: Type.String(),
});
export type ConsentPurpose = Static<typeof ConsentPurpose>;

export const ConsentField = Type.Object({
  code: Type.String({ description: 'Data dictionary code' }),
  labelZh: Type.String(),
  labelEn: Type.String(),
});
export type ConsentField = Static<typeof ConsentField>;

export const ConsentDataset = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
});

export const ConsentRequestStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('granted'),
  Type.Literal('declined'),
]);
export type ConsentRequestStatus = Static<typeof ConsentRequestStatus>;

/** What a recipient asks the data subject to agree to: shown on the request screen in plain words. */
export const ConsentRequestView = Type.Object({
  id: Uuid,
  status: ConsentRequestStatus,
  createdAt: IsoDateTime,
  decidedAt: Nullable(IsoDateTime),
  recipient: ConsentRecipient,
  dataset: ConsentDataset,
  purpose: ConsentPurpose,
  fields: Type.Array(ConsentField),
  retentionDays: Type.Integer({ description: 'How long the recipient keeps the data after receiving it' }),
  validDays: Type.Integer({ description: 'How long the consent lasts once granted' }),
  receiptId: Nullable(Uuid),
});
export type ConsentRequestView = Static<typeof ConsentRequestView>;

export const ConsentStatus = Type.Union([
  Type.Literal('live'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);
export type ConsentStatus = Static<typeof ConsentStatus>;

/** A granted consent: the receipt's content (ISO/IEC 29184 notice and consent record). */
export const ConsentReceiptView = Type.Object({
  id: Uuid,
  requestId: Uuid,
  subjectId: Uuid,
  recipient: ConsentRecipient,
  dataset: ConsentDataset,
  purpose: ConsentPurpose,
  fields: Type.Array(ConsentField),
  legalBasis: Type.Literal('consent'),
  retentionDays: Type.Integer(),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  revokedAt: Nullable(IsoDateTime),
  revokedBy: Nullable(Type.String({ description: 'Account that revoked it' })),
  status: ConsentStatus,
});
export type ConsentReceiptView = Static<typeof ConsentReceiptView>;

export const ConsentIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const ConsentListQuery = Type.Object(
  {
    status: Type.Optional(ConsentStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ConsentListQuery = Static<typeof ConsentListQuery>;
export const ConsentPage = Page(ConsentReceiptView);

export const ConsentRequestListQuery = Type.Object(
  {
    status: Type.Optional(ConsentRequestStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ConsentRequestListQuery = Static<typeof ConsentRequestListQuery>;
export const ConsentRequestPage = Page(ConsentRequestView);

/**
 * The receipt as a downloadable document, in the Kantara Consent Receipt v1.1 structure (field names
 * as that specification spells them) plus the revocation state.
 */
export const ConsentReceiptDocument = Type.Record(Type.String(), Type.Unknown());

/** One use of the signed-in account's personal data by someone else ("who used my data"). */
export const DataUsageItem = Type.Object({
  seq: Type.Integer({ description: 'Audit chain position' }),
  at: IsoDateTime,
  action: Type.String({ description: "The audited action, e.g. 'case.read', 'exchange.request'" }),
  actorKind: Type.String({
    description: 'staff | system | client (an exchange client) | citizen | enterprise',
  }),
  department: Nullable(Type.Object({ id: Uuid, nameZh: Type.String(), nameEn: Type.String() })),
  /** For exchange requests: the client system that asked and the department that provided. */
  recipient: Nullable(Type.Object({ clientId: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
  provider: Nullable(Type.Object({ id: Uuid, nameZh: Type.String(), nameEn: Type.String() })),
  purpose: Nullable(Type.String()),
  fields: Type.Array(
    Type.String({ description: 'Data dictionary codes (or the case form as a whole: form)' }),
  ),
  outcome: Type.Union([Type.Literal('used'), Type.Literal('refused')]),
  refusalCode: Nullable(Type.String()),
});
export type DataUsageItem = Static<typeof DataUsageItem>;

export const DataUsageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type DataUsageQuery = Static<typeof DataUsageQuery>;
export const DataUsagePage = Page(DataUsageItem);
export type DataUsagePage = Static<typeof DataUsagePage>;
