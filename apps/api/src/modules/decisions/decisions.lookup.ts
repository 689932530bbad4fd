import type { Db } from '../../platform/db.ts';
import { findTable } from './decisions.repository.ts';

/**
 * Which of `keys` name no decision table: the workflow refuses, at deploy, a process whose
 * business-rule task calls a table that does not exist.
 */
export async function missingDecisionTables(db: Db, keys: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const key of new Set(keys)) if (!(await findTable(db, key))) missing.push(key);
  return missing;
}
