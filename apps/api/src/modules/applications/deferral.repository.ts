import type { ApplicationStatus, DeferralAction, DeferralState, Locale } from '@tongban/contracts';
import { sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

/** The only code that touches applications_deferrals (容缺受理: materials a case owes). */
export interface DeferralRow {
  id: string;
  application_id: string;
  materials: string[];
  note: string | null;
  department_id: string;
  accepted_by: string;
  accepted_by_name: string;
  accepted_at: Date;
  deadline_at: Date;
  remind_at: Date;
  reminded_at: Date | null;
  on_expired: DeferralAction;
  state: DeferralState;
  expired_at: Date | null;
  supplied_at: Date | null;
  closed_at: Date | null;
  resume_status: ApplicationStatus | null;
  commitment_zh: string;
  commitment_en: string;
  signed_locale: Locale | null;
  signed_sha256: string | null;
  signed_at: Date | null;
  signed_by: string | null;
  signed_session_id: string | null;
}

interface Tables {
  applications_deferrals: DeferralRow;
}

const t = (db: Db) => asTables<Tables>(db);

/**
 * Cases that owe nothing any more: withdrawn, rejected or revoked. (An approved case still owes what
 * it was accepted without: its decision is what the deadline suspends or revokes.)
 */
export const CASE_ENDED = new Set<ApplicationStatus>(['withdrawn', 'rejected', 'revoked']);

/** Deferral states in which materials are still owed. */
export const OPEN_DEFERRAL: DeferralState[] = ['owed', 'suspended'];

export async function insertDeferral(tx: Db, row: DeferralRow): Promise<void> {
  await t(tx).insertInto('applications_deferrals').values(row).execute();
}

/** The case's latest deferral (open or not), for its views. */
export async function latestDeferral(db: Db, applicationId: string): Promise<DeferralRow | undefined> {
  return t(db)
    .selectFrom('applications_deferrals')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('accepted_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The case's open deferral, locked: callers hold the case row first (the order every writer keeps). */
export async function lockOpenDeferral(tx: Db, applicationId: string): Promise<DeferralRow | undefined> {
  return t(tx)
    .selectFrom('applications_deferrals')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('state', 'in', OPEN_DEFERRAL)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateDeferral(
  tx: Db,
  id: string,
  changes: Partial<Omit<DeferralRow, 'id' | 'application_id'>>,
): Promise<void> {
  await t(tx).updateTable('applications_deferrals').set(changes).where('id', '=', id).execute();
}

export type DeferralDue = 'reminder' | 'deadline';

/**
 * Claims one deferral whose reminder or deadline is due at `at`, locking it and its case with SKIP
 * LOCKED: a case someone is changing right now (the applicant supplying, an officer deciding) is
 * left for the next pass instead of waited for, and two processes never take the same one. `skip`
 * names deferrals this pass already failed on.
 */
export async function claimDueDeferral(
  tx: Db,
  due: DeferralDue,
  at: Date,
  skip: string[],
): Promise<DeferralRow | undefined> {
  const condition =
    due === 'reminder'
      ? sql`d.state = 'owed' AND d.reminded_at IS NULL AND d.remind_at <= ${at} AND d.deadline_at > ${at}`
      : sql`d.state = 'owed' AND d.deadline_at <= ${at}`;
  const order = due === 'reminder' ? sql`d.remind_at` : sql`d.deadline_at`;
  const { rows } = await sql<DeferralRow>`
    SELECT d.* FROM applications_deferrals d
    JOIN applications_applications a ON a.id = d.application_id
    WHERE ${condition} AND NOT (d.id = ANY(${skip}::uuid[]))
    ORDER BY ${order}
    LIMIT 1
    FOR UPDATE OF d, a SKIP LOCKED`.execute(tx);
  return rows[0];
}
