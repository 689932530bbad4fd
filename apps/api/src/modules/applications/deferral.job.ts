// The deadline job of 容缺受理: one reminder before the deadline, and the item's action after it.
import type { ApplicationStatus } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { notify } from '../notifications/index.ts';
import { getInstanceView, terminateInstance } from '../workflow/index.ts';
import {
  type ApplicationRow,
  findApplication,
  insertHistory,
  updateApplication,
} from './applications.repository.ts';
import { formatDeadline } from './case-tasks.ts';
import {
  CASE_ENDED,
  claimDueDeferral,
  type DeferralDue,
  type DeferralRow,
  updateDeferral,
} from './deferral.repository.ts';
import { materialNames } from './deferral.service.ts';

type Outcome = 'reminded' | 'suspended' | 'revoked' | 'closed';
export type DeferralPass = Record<Outcome, number>;

const system = { actorId: null, actorKind: 'system' } as const;

async function history(
  tx: Db,
  row: ApplicationRow,
  kind: 'deferral_reminded' | 'suspended' | 'revoked',
  at: Date,
) {
  await insertHistory(tx, {
    id: uuidv7(),
    application_id: row.id,
    kind,
    at,
    actor_id: null,
    actor_name: null,
    note: null,
  });
}

/** A case that ended otherwise (withdrawn, rejected) owes nothing any more. */
async function close(tx: Db, row: ApplicationRow, d: DeferralRow, at: Date): Promise<Outcome> {
  await updateDeferral(tx, d.id, { state: 'closed', closed_at: at });
  await appendAudit(tx, {
    ...system,
    action: 'application.deferral.close',
    subjectType: 'application',
    subjectId: row.id,
    details: { caseNumber: row.case_number, deferralId: d.id, status: row.status },
  });
  return 'closed';
}

async function messageParams(tx: Db, row: ApplicationRow, d: DeferralRow) {
  const item = await getServiceItem(tx, row.item_id);
  return {
    caseNumber: row.case_number as string,
    materials: materialNames(item, d.materials),
    deadline: { 'zh-CN': formatDeadline(d.deadline_at, 'zh-CN'), en: formatDeadline(d.deadline_at, 'en') },
  };
}

/** Once, a configured number of working days before the deadline (deferral_reminded, a message). */
async function remind(tx: Db, row: ApplicationRow, d: DeferralRow, at: Date) {
  if (CASE_ENDED.has(row.status)) return close(tx, row, d, at);
  await updateDeferral(tx, d.id, { reminded_at: at });
  await history(tx, row, 'deferral_reminded', at);
  await notify(tx, {
    recipientAccountId: row.applicant_id,
    kind: 'application.deferral',
    template: 'application.materialsDue',
    params: await messageParams(tx, row, d),
    link: `/applications/${row.id}`,
    subject: { type: 'application', id: row.id },
    dedupeKey: `deferral:${d.id}:reminder`,
  });
  await appendAudit(tx, {
    ...system,
    action: 'application.deferral.remind',
    subjectType: 'application',
    subjectId: row.id,
    details: { caseNumber: row.case_number, deferralId: d.id, deadline: d.deadline_at.toISOString() },
  });
  return 'reminded' as const;
}

/**
 * The deadline passed with materials still owed: the item's action. `suspend` stops the case where
 * it is — no step can be approved or returned until the materials are supplied (the workflow asks
 * the completion guard) — or, when the decision is already made, suspends the decision; the status
 * to resume is kept on the deferral. `revoke` ends it: a running case's workflow is terminated (the
 * acceptance is revoked), a decided one's decision is revoked.
 */
async function expire(ctx: PlatformContext, tx: Db, row: ApplicationRow, d: DeferralRow, at: Date) {
  if (CASE_ENDED.has(row.status) || !row.instance_id || !row.case_number) return close(tx, row, d, at);
  // The decision may be made but its event not yet applied here: the workflow is the truth.
  const instance = await getInstanceView(tx, row.instance_id);
  if (instance.status === 'terminated' || instance.outcome === 'rejected') return close(tx, row, d, at);
  const decided = instance.outcome === 'approved';
  const decidedAt = decided ? (row.decided_at ?? new Date(instance.endedAt ?? at)) : row.decided_at;
  const to: ApplicationStatus = d.on_expired === 'suspend' ? 'suspended' : 'revoked';
  if (to === 'suspended') {
    const resume: ApplicationStatus = decided ? 'approved' : row.status;
    await updateDeferral(tx, d.id, { state: 'suspended', expired_at: at, resume_status: resume });
  } else {
    if (!decided) {
      await terminateInstance(tx, row.instance_id, 'materials accepted as missing were not supplied in time');
    }
    await updateDeferral(tx, d.id, { state: 'revoked', expired_at: at });
  }
  await updateApplication(tx, row.id, { status: to, decided_at: decidedAt }, at);
  await history(tx, row, to, at);
  await ctx.outbox.enqueue(tx, 'application.statusChanged', {
    caseId: row.id,
    caseNumber: row.case_number,
    applicantId: row.applicant_id,
    from: row.status,
    to,
  });
  if (to === 'revoked') {
    await ctx.outbox.enqueue(tx, 'application.revoked', {
      caseId: row.id,
      caseNumber: row.case_number,
      applicantId: row.applicant_id,
      itemId: row.item_id,
      decisionRevoked: decided,
      reason: 'deferral_expired',
    });
  }
  await notify(tx, {
    recipientAccountId: row.applicant_id,
    kind: 'application.deferral',
    template: to === 'suspended' ? 'application.suspended' : 'application.revoked',
    params: await messageParams(tx, row, d),
    link: `/applications/${row.id}`,
    subject: { type: 'application', id: row.id },
    dedupeKey: `deferral:${d.id}:expired`,
  });
  await appendAudit(tx, {
    ...system,
    action: to === 'suspended' ? 'application.deferral.suspend' : 'application.deferral.revoke',
    subjectType: 'application',
    subjectId: row.id,
    details: {
      caseNumber: row.case_number,
      deferralId: d.id,
      materials: d.materials,
      from: row.status,
      decided,
    },
  });
  return to;
}

/**
 * One pass of the job at `at` (tests pass the test clock): every due reminder, then every passed
 * deadline, each in its own transaction. Each is claimed with its case under SKIP LOCKED, so a case
 * the applicant or an officer is changing right now is left for the next pass, and two processes
 * never act on the same deferral; each step changes the deferral's state, so none is applied twice.
 */
export async function runDeferralPass(ctx: PlatformContext, at: Date = ctx.now()): Promise<DeferralPass> {
  const counts: DeferralPass = { reminded: 0, suspended: 0, revoked: 0, closed: 0 };
  for (const due of ['reminder', 'deadline'] as DeferralDue[]) {
    const failed: string[] = [];
    for (;;) {
      let current: string | undefined;
      try {
        const outcome = await inTransaction(ctx.db, async (tx) => {
          const d = await claimDueDeferral(tx, due, at, failed);
          if (!d) return null;
          current = d.id;
          const row = (await findApplication(tx, d.application_id)) as ApplicationRow;
          return due === 'reminder' ? remind(tx, row, d, at) : expire(ctx, tx, row, d, at);
        });
        if (!outcome) break;
        counts[outcome] += 1;
      } catch (err) {
        if (!current) throw err;
        // Left for the next pass; the others go ahead.
        ctx.log.warn({ err, deferralId: current, due }, 'deferral step failed');
        failed.push(current);
      }
    }
  }
  return counts;
}
