import { asTables, type Db } from '../../platform/db.ts';
import type { InstanceRow, TaskRow } from './workflow.repository.ts';

/**
 * The queries of business-rule steps, countersign steps and post-approval reviews (the rest of
 * the workflow_* tables' queries are in workflow.repository.ts).
 */
export interface RuleStepRow {
  id: string;
  instance_id: string;
  node_id: string;
  name_zh: string;
  name_en: string;
  decision_key: string;
  evaluation_id: string | null;
  error: string | null;
  outputs: unknown;
  matched_rules: string[];
  at: Date;
}

interface Tables {
  workflow_rule_steps: RuleStepRow;
  workflow_tasks: TaskRow;
  workflow_instances: Pick<InstanceRow, 'id' | 'owner_department_id'>;
}

const t = (db: Db) => asTables<Tables>(db);

export async function insertRuleStep(db: Db, row: RuleStepRow): Promise<void> {
  await t(db)
    .insertInto('workflow_rule_steps')
    .values({ ...row, outputs: JSON.stringify(row.outputs ?? null) as never })
    .execute();
}

export function ruleStepsOf(db: Db, instanceId: string): Promise<RuleStepRow[]> {
  return t(db)
    .selectFrom('workflow_rule_steps')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Every task a countersign step made for one token: the signers' decisions so far. */
export function signerTasksOf(db: Db, tokenId: string) {
  return t(db)
    .selectFrom('workflow_tasks')
    .select(['id', 'node_id', 'status', 'outcome', 'signer_slot', 'signer_count', 'department_id', 'role'])
    .where('token_id', '=', tokenId)
    .where('signer_slot', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The signers' tasks of a countersign step still open: cancelled once the step is decided. */
export async function cancelOpenSignerTasks(db: Db, tokenId: string, at: Date): Promise<number> {
  const rows = await t(db)
    .updateTable('workflow_tasks')
    .set({ status: 'cancelled', completed_at: at })
    .where('token_id', '=', tokenId)
    .where('status', 'in', ['open', 'claimed'])
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Flagged post-approval reviews of the departments given, newest first (keyset on
 * completed_at desc, id desc): what a department head follows up.
 */
export function listFlaggedReviews(
  db: Db,
  departmentIds: string[],
  limit: number,
  after?: { at: Date; id: string },
) {
  if (!departmentIds.length) return Promise.resolve([]);
  let query = t(db)
    .selectFrom('workflow_tasks')
    .selectAll()
    .where('department_id', 'in', departmentIds)
    .where('stage', '=', 'review')
    .where('outcome', '=', 'flag')
    .orderBy('completed_at', 'desc')
    .orderBy('id', 'desc');
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('completed_at', '<', after.at),
        eb.and([eb('completed_at', '=', after.at), eb('id', '<', after.id)]),
      ]),
    );
  }
  return query.limit(limit + 1).execute();
}

/**
 * The owning department of an instance that ran a business-rule task: an automatic approval has
 * no officer's task, yet the owning department answers for it (its officers see the case).
 */
export async function ruleOwnerDepartment(db: Db, instanceId: string): Promise<string | undefined> {
  const row = await t(db)
    .selectFrom('workflow_instances as i')
    .select('i.owner_department_id')
    .where('i.id', '=', instanceId)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('workflow_rule_steps as r').select('r.id').whereRef('r.instance_id', '=', 'i.id'),
      ),
    )
    .executeTakeFirst();
  return row?.owner_department_id;
}
