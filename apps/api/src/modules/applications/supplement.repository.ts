import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches applications_supplement_rounds (every return for supplement, 补正). */

/** A file bound to the case when it was returned, kept whole so withdrawing the return can restore it. */
export interface MaterialSnapshot {
  id: string;
  materialCode: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface RoundRow {
  id: string;
  application_id: string;
  round: number;
  task_id: string | null;
  task_role: string | null;
  department_id: string;
  requested_by: string | null;
  requested_by_name: string | null;
  requested_at: Date;
  note: string;
  fields: string[];
  materials: string[];
  form_before_enc: string;
  materials_before: MaterialSnapshot[];
  state: 'open' | 'resubmitted' | 'withdrawn';
  resubmitted_at: Date | null;
  diff_enc: string | null;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_by_name: string | null;
  withdraw_reason: string | null;
}

interface Tables {
  applications_supplement_rounds: RoundRow;
}

const t = (db: Db) => asTables<Tables>(db);

/** Inserts the case's next round (numbered under the case row lock the caller holds). */
export async function insertRound(tx: Db, row: Omit<RoundRow, 'round'>): Promise<number> {
  const { rows } = await sql<{ round: number }>`
    SELECT coalesce(max(round), 0) + 1 AS round FROM applications_supplement_rounds
    WHERE application_id = ${row.application_id}`.execute(tx);
  const round = Number(rows[0]?.round ?? 1);
  await t(tx)
    .insertInto('applications_supplement_rounds')
    .values({ ...row, round, materials_before: JSON.stringify(row.materials_before) as never })
    .execute();
  return round;
}

export async function findOpenRound(db: Db, applicationId: string): Promise<RoundRow | undefined> {
  return t(db)
    .selectFrom('applications_supplement_rounds')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('state', '=', 'open')
    .executeTakeFirst();
}

export async function listRounds(db: Db, applicationId: string): Promise<RoundRow[]> {
  return t(db)
    .selectFrom('applications_supplement_rounds')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('round')
    .execute();
}

/** Closes the open round (resubmitted or withdrawn); false when it was no longer open. */
export async function closeRound(
  tx: Db,
  id: string,
  changes: Pick<Partial<RoundRow>, 'resubmitted_at' | 'diff_enc' | 'withdrawn_at' | 'withdrawn_by'> &
    Pick<Partial<RoundRow>, 'withdrawn_by_name' | 'withdraw_reason'> & { state: 'resubmitted' | 'withdrawn' },
): Promise<boolean> {
  const done = await t(tx)
    .updateTable('applications_supplement_rounds')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  return done !== undefined;
}
