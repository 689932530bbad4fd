import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { sealVariables } from './workflow.seal.ts';

/**
 * Forgets the applicant in the instances of anonymised cases (retention, issue 5): the answers
 * (variables), the masked name in inbox titles and tasks, and officers' task notes, which may
 * describe the applicant. Steps, departments, dates, outcomes and officers' names stay: they are
 * the department's record of what it did. Returns how many instances it changed.
 */
export async function forgetApplicants(tx: Db, businessKeys: string[]): Promise<number> {
  if (!businessKeys.length) return 0;
  const instances = await sql<{ id: string }>`
    UPDATE workflow_instances SET
        variables = '{}'::jsonb, variables_enc = ${sealVariables({})},
        title = jsonb_set(title, '{applicantName}', '""'), data_subject_id = NULL
      WHERE business_key = ANY(${businessKeys}::text[])
      RETURNING id`.execute(tx);
  const ids = instances.rows.map((r) => r.id);
  if (ids.length) {
    await sql`UPDATE workflow_tasks SET applicant_name = '', note = NULL
      WHERE instance_id = ANY(${ids}::uuid[])`.execute(tx);
  }
  return ids.length;
}
