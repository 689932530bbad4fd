import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { FieldCipher } from '../../platform/field-keys.ts';
import { fields } from './workflow.runtime.ts';

/**
 * Instance variables are the applicant's answers (routing and decision tables read them), so they
 * are personal data at rest: sealed into `variables_enc` by the platform's field cipher, with the
 * plain `variables` column left '{}' (DESIGN.md rule 10).
 */
export function sealVariables(variables: Record<string, unknown>): string {
  return fields().encrypt(JSON.stringify(variables));
}

/** The variables of a stored instance row: sealed, or plain in a row written before sealing. */
export function openVariables(row: {
  variables: unknown;
  variables_enc?: string | null;
}): Record<string, unknown> {
  if (row.variables_enc) return JSON.parse(fields().decrypt(row.variables_enc)) as Record<string, unknown>;
  return (row.variables ?? {}) as Record<string, unknown>;
}

/**
 * Seals the variables of instances written before they were sealed, a batch at a time (each batch
 * its own transaction, rows another process holds are left for it); returns how many it sealed.
 */
export async function sealLegacyVariables(db: Db, cipher: FieldCipher, batchSize = 200): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string; variables: Record<string, unknown> }>`
        SELECT id, variables FROM workflow_instances
        WHERE variables_enc IS NULL AND variables <> '{}'::jsonb
        ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`.execute(tx);
      for (const r of rows)
        await sql`UPDATE workflow_instances SET variables_enc = ${cipher.encrypt(JSON.stringify(r.variables))},
            variables = '{}'::jsonb WHERE id = ${r.id}`.execute(tx);
      return rows.length;
    });
    sealed += n;
    if (n < batchSize) return sealed;
  }
}
