import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.ts';

/** The hash the first entry chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry that its hash covers (seq and prev_hash are added by `linkHash`). */
export interface ChainedFields {
  at: string;
  actorId: string | null;
  actorKind: string;
  action: string;
  subjectType: string;
  subjectId: string;
  personalData: boolean;
  details: Record<string, unknown>;
  /**
   * Whose personal data the entry concerns, and why (0004_data_subject.sql). Absent (never null) when
   * not set: canonical JSON leaves absent keys out, so entries without them, all those written before
   * the fields existed among them, keep the digest they were chained with.
   */
  dataSubjectId?: string;
  purpose?: string;
}

export { canonicalJson };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of the entry's canonical serialisation (versioned so the format can evolve). */
export function entryDigest(f: ChainedFields): string {
  return sha256(canonicalJson({ v: 1, ...f }));
}

/** The entry's hash: binds its digest to its position (seq) and to the previous entry's hash. */
export function linkHash(prevHash: string, seq: number, digest: string): string {
  return sha256(`${prevHash}|${seq}|${digest}`);
}
