// Request and response schemas of the audit module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page } from './common.ts';

export const AuditEntry = Type.Object(
  {
    seq: Type.Integer({ description: 'Position in the chain' }),
    at: IsoDateTime,
    actorId: Type.Union([Type.String(), Type.Null()], { description: 'Account id; null for the system' }),
    actorKind: Type.String({ description: 'citizen | enterprise | staff | system' }),
    action: Type.String({ description: "'area.verb', e.g. case.read, application.submit" }),
    subjectType: Type.String(),
    subjectId: Type.String(),
    personalData: Type.Boolean({ description: 'The action read or changed personal data' }),
    details: Type.Record(Type.String(), Type.Unknown()),
    dataSubjectId: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: 'The citizen or enterprise account whose personal data was read or used',
      }),
    ),
    purpose: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Why it was used' })),
    prevHash: Type.String({ description: 'Hash of the previous entry (64 zeros for the first)' }),
    hash: Type.String({ description: 'SHA-256 binding this entry to prevHash' }),
  },
  { additionalProperties: false },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditEntriesQuery = Type.Object(
  {
    subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type AuditEntriesQuery = Static<typeof AuditEntriesQuery>;

export const AuditEntriesPage = Page(AuditEntry);

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Entries verified before the first broken link (all when ok)' }),
  firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Optional(Type.String()),
  pending: Type.Optional(
    Type.Integer({
      description: 'Entries committed but not chained yet (they are chained within a fraction of a second)',
    }),
  ),
});
export type AuditVerification = Static<typeof AuditVerification>;
