// Request and response schemas of the transparency log (trust module, RFC 9162), shared by the
// API, the web and `npm run log:verify`. Hashes are SHA-256, standard base64 on the wire.
import { type Static, Type } from 'typebox';
import { IsoDateTime } from './common.ts';

const Base64Hash = Type.String({
  pattern: '^[A-Za-z0-9+/]{43}=$',
  description: 'SHA-256 hash, base64 (44 characters)',
});
/** A hash given in a query string: base64 or base64url (a `+` decoded as a space is accepted too). */
const Base64HashParam = Type.String({
  pattern: '^[A-Za-z0-9+/ _-]{43}=?$',
  description: 'SHA-256 hash, base64 or base64url',
});
const TreeSize = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const SignedTreeHead = Type.Object(
  {
    treeSize: TreeSize,
    rootHash: Base64Hash,
    timestamp: Type.String({ ...IsoDateTime, description: 'When the platform signed this tree head' }),
    signature: Type.String({
      description:
        "Compact JWS (typ 'tree-head+jwt') by the platform key over {iss, iat, treeSize, rootHash, timestamp}; " +
        'verify with the key of its kid from /api/v1/trust/jwks',
    }),
    kid: Type.String(),
  },
  { additionalProperties: false },
);
export type SignedTreeHead = Static<typeof SignedTreeHead>;

/** What the tree-head JWS signs. */
export const TreeHeadPayload = Type.Object({
  iss: Type.String(),
  iat: Type.Integer(),
  treeSize: TreeSize,
  rootHash: Base64Hash,
  timestamp: IsoDateTime,
});
export type TreeHeadPayload = Static<typeof TreeHeadPayload>;

export const InclusionProofQuery = Type.Object(
  {
    leafHash: Type.Optional(Base64HashParam),
    index: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    treeSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Default: the size of the latest signed tree head',
      }),
    ),
  },
  { additionalProperties: false },
);
export type InclusionProofQuery = Static<typeof InclusionProofQuery>;

export const InclusionProof = Type.Object(
  {
    leafIndex: Type.Integer({ minimum: 0 }),
    treeSize: TreeSize,
    leafHash: Base64Hash,
    auditPath: Type.Array(Base64Hash, { description: 'RFC 9162 §2.1.3 inclusion path, leaf to root' }),
  },
  { additionalProperties: false },
);
export type InclusionProof = Static<typeof InclusionProof>;

export const ConsistencyProofQuery = Type.Object(
  {
    first: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    second: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  },
  { additionalProperties: false },
);
export type ConsistencyProofQuery = Static<typeof ConsistencyProofQuery>;

export const ConsistencyProof = Type.Object(
  {
    first: TreeSize,
    second: TreeSize,
    consistency: Type.Array(Base64Hash, { description: 'RFC 9162 §2.1.4 consistency proof' }),
  },
  { additionalProperties: false },
);
export type ConsistencyProof = Static<typeof ConsistencyProof>;

/** Most entries one request returns. */
export const TRANSLOG_ENTRIES_MAX = 1000;

export const LogEntriesQuery = Type.Object(
  {
    start: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    end: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: `Last index wanted (inclusive); at most ${TRANSLOG_ENTRIES_MAX} entries are returned`,
    }),
  },
  { additionalProperties: false },
);
export type LogEntriesQuery = Static<typeof LogEntriesQuery>;

export const LogEntry = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    leafHash: Base64Hash,
    kind: Type.String({ description: "e.g. 'licence.issued', 'licence.revoked', 'audit.checkpoint'" }),
    ref: Type.String({
      description: 'What the entry is about, e.g. a licence id or an audit chain position',
    }),
    entry: Type.Record(Type.String(), Type.Unknown()),
    appendedAt: IsoDateTime,
  },
  { additionalProperties: false },
);
export type LogEntry = Static<typeof LogEntry>;

export const LogEntriesPage = Type.Object(
  {
    entries: Type.Array(LogEntry),
    nextStart: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'Where to continue when fewer entries than asked were returned; null when done',
    }),
  },
  { additionalProperties: false },
);
export type LogEntriesPage = Static<typeof LogEntriesPage>;
