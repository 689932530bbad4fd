import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import type { OutboxEvents } from '../../platform/outbox.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { open, seal } from './licences.keys.ts';
import {
  deletePending,
  findLicenceByCase,
  findType,
  findTypeForItem,
  type LicenceTypeRow,
  lockCase,
  lockLicence,
  lockPending,
  savePending,
} from './licences.repository.ts';
import { applyStatusChange, fieldsFromForm, issueLicence } from './licences.service.ts';

/**
 * Issue on approval. The licence needs the case's answers (application.submitted / .supplemented)
 * and its approval (application.statusChanged to approved); they arrive in either order — an
 * instant approval's status event is written before its submission event — so whichever comes
 * first is kept in licences_pending and the second issues. Both run under a per-case lock, and the
 * licence is unique per case: redeliveries issue nothing twice.
 */

// Item → licence type, per process: types change only when seeded.
const typeOfItem = new Map<string, string | null>();

async function licenceTypeOfItem(db: Db, itemId: string): Promise<LicenceTypeRow | undefined> {
  let code = typeOfItem.get(itemId);
  if (code === undefined) {
    const item = await getServiceItem(db, itemId);
    code = item ? ((await findTypeForItem(db, item.code))?.code ?? null) : null;
    typeOfItem.set(itemId, code);
  }
  return code ? findType(db, code) : undefined;
}

export function forgetItemTypes(): void {
  typeOfItem.clear();
}

// The event shapes are the applications module's (declared into OutboxEvents): licences never imports it.
type CaseAnswers = OutboxEvents['application.submitted'];
type ApplicationStatusChanged = OutboxEvents['application.statusChanged'];
type ApplicationRevoked = OutboxEvents['application.revoked'];

async function onAnswers(ctx: PlatformContext, tx: Db, e: CaseAnswers): Promise<void> {
  const type = await licenceTypeOfItem(tx, e.itemId);
  if (!type) {
    // Not a licensing item: drop the approval an instant approval may have parked first.
    await deletePending(tx, e.caseId);
    return;
  }
  await lockCase(tx, e.caseId);
  if (await findLicenceByCase(tx, e.caseId)) return;
  const pending = await lockPending(tx, e.caseId);
  const fields = fieldsFromForm(type, e.formData);
  if (pending?.approved_at) {
    await issueLicence(ctx, tx, {
      type,
      holderId: e.applicantId,
      fields,
      caseId: e.caseId,
      caseNumber: e.caseNumber,
    });
    await deletePending(tx, e.caseId);
    return;
  }
  await savePending(tx, {
    case_id: e.caseId,
    type_code: type.code,
    holder_id: e.applicantId,
    case_number: e.caseNumber,
    fields_enc: seal(JSON.stringify(fields)),
    approved_at: null,
    updated_at: ctx.now(),
  });
}

async function onStatusChanged(ctx: PlatformContext, tx: Db, e: ApplicationStatusChanged): Promise<void> {
  if (e.to !== 'approved') return;
  await lockCase(tx, e.caseId);
  if (await findLicenceByCase(tx, e.caseId)) return;
  const pending = await lockPending(tx, e.caseId);
  const type = pending?.type_code ? await findType(tx, pending.type_code) : undefined;
  if (pending?.fields_enc && type) {
    await issueLicence(ctx, tx, {
      type,
      holderId: pending.holder_id,
      fields: JSON.parse(open(pending.fields_enc)),
      caseId: e.caseId,
      caseNumber: e.caseNumber,
    });
    await deletePending(tx, e.caseId);
    return;
  }
  // Approved straight from submission (an instant approval): its answers are on their way.
  if (!pending && e.from === 'submitted') {
    await savePending(tx, {
      case_id: e.caseId,
      type_code: null,
      holder_id: e.applicantId,
      case_number: e.caseNumber,
      fields_enc: null,
      approved_at: ctx.now(),
      updated_at: ctx.now(),
    });
  }
}

/** A decision revoked (容缺 materials never supplied): its licence is revoked with it. */
async function onRevoked(ctx: PlatformContext, tx: Db, e: ApplicationRevoked): Promise<void> {
  if (!e.decisionRevoked) return;
  await lockCase(tx, e.caseId);
  const found = await findLicenceByCase(tx, e.caseId);
  const row = found && (await lockLicence(tx, found.id));
  if (!row || row.status === 'revoked') {
    await deletePending(tx, e.caseId);
    return;
  }
  await applyStatusChange(ctx, tx, row, 'revoke', '行政许可决定已撤销 The decision was revoked', null, {
    caseId: e.caseId,
    caseNumber: e.caseNumber,
    cause: e.reason,
  });
}

export function subscribeLicences(ctx: PlatformContext): void {
  ctx.outbox.on('application.submitted', 'licences.keepAnswers', (e, meta) => onAnswers(ctx, meta.db, e));
  ctx.outbox.on('application.supplemented', 'licences.keepCorrected', (e, meta) =>
    onAnswers(ctx, meta.db, e),
  );
  ctx.outbox.on('application.statusChanged', 'licences.issueOnApproval', (e, meta) =>
    onStatusChanged(ctx, meta.db, e),
  );
  ctx.outbox.on('application.revoked', 'licences.revokeWithDecision', (e, meta) =>
    onRevoked(ctx, meta.db, e),
  );
}
