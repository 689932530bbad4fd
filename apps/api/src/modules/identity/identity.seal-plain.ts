import { sql } from 'kysely';
import { type Db, inTransaction } from '../../platform/db.ts';
import { seal } from './identity.keys.ts';

/** Profiles sealed per transaction: short transactions, so sign-ups and reads never wait long. */
const BATCH = 200;

const sealedOrNull = (plain: string | null) => (plain ? seal(plain) : null);

/**
 * Seals the e-mail, address and legal representative that versions before migration 0003 stored
 * plain, and empties the plain columns: batch by batch until none is left, so it resumes wherever
 * a stop left it. Run in the background at every start; reads fall back to the plain value until
 * its row is sealed. Returns how many profiles it sealed.
 */
export async function sealPlainContactFields(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const sealedNow = await inTransaction(db, async (tx) => {
      const { rows } = await sql<{
        account_id: string;
        email: string | null;
        address: string | null;
        legal_rep_name: string | null;
      }>`SELECT account_id, email, address, legal_rep_name FROM identity_profiles
          WHERE email IS NOT NULL OR address IS NOT NULL OR legal_rep_name IS NOT NULL
          ORDER BY account_id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(tx);
      for (const r of rows) {
        await sql`UPDATE identity_profiles SET
            email_enc = coalesce(email_enc, ${sealedOrNull(r.email)}),
            address_enc = coalesce(address_enc, ${sealedOrNull(r.address)}),
            legal_rep_name_enc = coalesce(legal_rep_name_enc, ${sealedOrNull(r.legal_rep_name)}),
            email = NULL, address = NULL, legal_rep_name = NULL
          WHERE account_id = ${r.account_id}`.execute(tx);
      }
      return rows.length;
    });
    total += sealedNow;
    if (sealedNow < BATCH) return total;
  }
}
