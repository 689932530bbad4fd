import { normalizeIdentifier } from '@tongban/contracts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

/**
 * Recomputes every citizen's and enterprise's login index (the blind index of their resident ID
 * number or credit code) after the key-encryption key changed; staff sign in by username.
 */
export async function reindexLogins(
  db: Db,
  open: (stored: string) => string,
  index: (value: string) => string,
): Promise<number> {
  const { rows } = await sql<{
    id: string;
    kind: string;
    id_number_enc: string | null;
    credit_code_enc: string | null;
  }>`
    SELECT a.id, a.kind, p.id_number_enc, p.credit_code_enc
    FROM identity_accounts a JOIN identity_profiles p ON p.account_id = a.id
    WHERE a.login_index IS NOT NULL ORDER BY a.id FOR UPDATE OF a`.execute(db);
  // Cleared first, so that no new index collides with an old one still in place (login_index is UNIQUE).
  await sql`UPDATE identity_accounts SET login_index = 'reindex:' || id WHERE login_index IS NOT NULL`.execute(
    db,
  );
  for (const r of rows) {
    const sealed = r.kind === 'enterprise' ? r.credit_code_enc : r.id_number_enc;
    if (!sealed) continue;
    await sql`UPDATE identity_accounts SET login_index = ${index(normalizeIdentifier(open(sealed)))}
      WHERE id = ${r.id}`.execute(db);
  }
  return rows.length;
}
