import { asTables, type Db } from '../../platform/db.ts';

// The only code that touches the trust_sealed_documents table.

export type SealKind = 'decision' | 'licence';

export interface SealedRow {
  id: string;
  owner: string;
  kind: SealKind;
  ref: string;
  content: Record<string, unknown>;
  digest_alg: 'SHA-256' | 'SM3';
  digest: string;
  jws: string;
  kid: string;
  alg: string;
  sealed_at: Date;
}

interface Tables {
  trust_sealed_documents: SealedRow;
}

const t = (db: Db) => asTables<Tables>(db);

/** Inserts a seal; false when the document already has one (sealing is once per document). */
export async function insertSealed(db: Db, row: SealedRow): Promise<boolean> {
  const r = await t(db)
    .insertInto('trust_sealed_documents')
    .values({ ...row, content: JSON.stringify(row.content) as never })
    .onConflict((oc) => oc.columns(['kind', 'ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function findSealed(db: Db, kind: SealKind, ref: string): Promise<SealedRow | undefined> {
  return t(db)
    .selectFrom('trust_sealed_documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('ref', '=', ref)
    .executeTakeFirst();
}
