// Publishing datasets in the exchange catalogue (department admins): the body shared by the admin
// page and the API.
import { type Static, Type } from 'typebox';
import { Uuid } from './common.ts';
import { DatasetPurpose, SubjectKind } from './exchange.ts';

/** Dataset codes: the owner's prefix by convention (PSB-HOUSEHOLD), upper case. */
export const DatasetCodeParams = Type.Object(
  { code: Type.String({ pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$', maxLength: 64 }) },
  { additionalProperties: false },
);
export type DatasetCodeParams = Static<typeof DatasetCodeParams>;

/** Where the data comes from: a handler registered inside the platform, or a department system's OpenAPI operation. */
export const PublishDatasetHandler = Type.Union([
  Type.Object(
    { kind: Type.Literal('internal'), name: Type.String({ minLength: 1, maxLength: 100 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('external'),
      baseUrl: Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'https:// server URL of the system',
      }),
      /** The system's OpenAPI 3 description (JSON); the operation named must be a POST. */
      openapi: Type.Record(Type.String(), Type.Unknown()),
      operationId: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
]);
export type PublishDatasetHandler = Static<typeof PublishDatasetHandler>;

export const PublishDatasetBody = Type.Object(
  {
    /** The owner, for admins of several departments; by default their only one. */
    departmentId: Type.Optional(Uuid),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    subjectKind: SubjectKind,
    /** 1 public … 4 most sensitive; fields of grade 2 or more are masked unless a purpose lists them in full. */
    sensitivity: Type.Integer({ minimum: 1, maximum: 4 }),
    fields: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 }),
    purposes: Type.Array(DatasetPurpose, { minItems: 1, maxItems: 20 }),
    handler: PublishDatasetHandler,
  },
  { additionalProperties: false },
);
export type PublishDatasetBody = Static<typeof PublishDatasetBody>;
