import type { DecisionTrace } from '@tongban/contracts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { FieldCipher } from '../../platform/field-keys.ts';

/**
 * Forgets the personal data in the stored evaluations of anonymised subjects (retention, issue 5):
 * the values read (context) and every input value in the trace. Which table and version ran,
 * which rules matched and the outputs stay, so the decision can still be explained in general
 * terms. Returns how many evaluations it changed.
 */
export async function forgetEvaluations(
  tx: Db,
  k: FieldCipher,
  subjectType: string,
  subjectIds: string[],
): Promise<number> {
  if (!subjectIds.length) return 0;
  const { rows } = await sql<{ id: string; trace_enc: string }>`
    SELECT id, trace_enc FROM decisions_evaluations
      WHERE subject_type = ${subjectType} AND subject_id = ANY(${subjectIds}::text[])
      ORDER BY id FOR UPDATE`.execute(tx);
  const empty = k.encrypt('{}');
  for (const r of rows) {
    const trace = JSON.parse(k.decrypt(r.trace_enc)) as DecisionTrace;
    const forgotten: DecisionTrace = {
      ...trace,
      inputs: trace.inputs.map(({ valueText: _, ...i }) => ({ ...i, value: null })),
      rules: trace.rules.map((rule) => ({
        ...rule,
        entries: rule.entries.map((e) => ({ ...e, value: null })),
      })),
    };
    await sql`UPDATE decisions_evaluations SET context_enc = ${empty},
        trace_enc = ${k.encrypt(JSON.stringify(forgotten))}, data_subject_id = NULL
      WHERE id = ${r.id}`.execute(tx);
  }
  return rows.length;
}
