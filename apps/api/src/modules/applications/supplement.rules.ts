import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { ApplicationRow } from './applications.repository.ts';
import { lockOpenDeferral } from './deferral.repository.ts';
import { findOpenRound, type RoundRow } from './supplement.repository.ts';

// What an applicant may change while their case is returned for supplement (补正).

/** What may change while returned: with nothing named (a note only) everything; else what was named. */
export function allowsChange(round: RoundRow | undefined): boolean {
  return !round || (round.fields.length === 0 && round.materials.length === 0);
}

/**
 * While returned, a file may be added or removed only for a material the round named, or one the
 * case owes (容缺). Called in the upload's or removal's transaction, which holds the case row.
 */
export async function assertMaterialChangeAllowed(tx: Db, row: ApplicationRow, code: string): Promise<void> {
  if (row.status !== 'returned') return;
  const round = await findOpenRound(tx, row.id);
  if (allowsChange(round) || round?.materials.includes(code)) return;
  const owed = await lockOpenDeferral(tx, row.id);
  if (owed?.materials.includes(code)) return;
  throw new AppError('SUPPLEMENT_MATERIAL_NOT_REQUESTED', undefined, { code });
}
