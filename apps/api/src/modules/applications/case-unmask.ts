import type { UnmaskAnswer, UnmaskBody } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { mayUnmask, valueAtPointer } from '../../platform/masking.ts';
import { appendAudit } from '../audit/index.ts';
import { caseViewer } from './applications.policy.ts';
import { involvedCase } from './cases.service.ts';
import { openForm } from './form-seal.ts';

/**
 * "Show in full" (显示完整): one masked answer of a case for an involved officer whose role may ask
 * (platform/masking.ts UNMASK_ROLES), with the reason they gave. Every request is a personal-data
 * read in the audit log ('personal.unmask', naming the field and the reason), written before the
 * value leaves.
 */
export async function unmaskCaseValue(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  body: UnmaskBody,
): Promise<UnmaskAnswer> {
  const { row, involved } = await involvedCase(ctx, actor, id);
  if (!mayUnmask(caseViewer(actor, involved))) throw new AppError('FORBIDDEN');
  const value = valueAtPointer(openForm(ctx.config, row.form_data_enc), body.pointer);
  if (value === undefined || (value !== null && typeof value === 'object'))
    throw new AppError('CASE_VALUE_NOT_FOUND', [{ pointer: body.pointer }]);
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action: 'personal.unmask',
      subjectType: 'application',
      subjectId: id,
      personalData: true,
      dataSubjectId: row.applicant_id,
      purpose: 'case.review',
      details: { caseNumber: row.case_number, pointer: body.pointer, reason: body.reason.trim() },
    }),
  );
  return { pointer: body.pointer, value: value as UnmaskAnswer['value'] };
}
