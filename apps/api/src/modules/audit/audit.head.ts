import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

/** A position of the audit hash chain and the hash that seals everything up to it. */
export interface AuditChainPoint {
  chainSeq: number;
  hash: string;
}

/**
 * The chain head (the chained entry with the highest position), or the entry at `chainSeq` when
 * given: what the transparency log anchors (audit checkpoints). Undefined when nothing is chained
 * there yet. A unique-index read either way.
 */
export async function auditChainHead(db: Db, chainSeq?: number): Promise<AuditChainPoint | undefined> {
  const { rows } = await (chainSeq === undefined
    ? sql<AuditChainPoint>`SELECT chain_seq AS "chainSeq", hash FROM audit_entries
        WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`
    : sql<AuditChainPoint>`SELECT chain_seq AS "chainSeq", hash FROM audit_entries WHERE chain_seq = ${chainSeq}`
  ).execute(db);
  const row = rows[0];
  return row ? { chainSeq: Number(row.chainSeq), hash: row.hash } : undefined;
}
