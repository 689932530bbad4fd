// Bundle drafts on the applicant's side: start one, choose items, save the one form, upload each
// material once (submission and what follows: bundles.submission.ts).
import type { Readable } from 'node:stream';
import type {
  ApplicationMaterial,
  BundleCaseStatus,
  BundleCaseSummary,
  BundleCaseView,
  CreateBundleCaseBody,
  SaveBundleDraftBody,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { sealForm, storeMaterialFile } from '../applications/index.ts';
import { appendAudit } from '../audit/index.ts';
import { type BundleDefinition, chooseBundleItems, getBundle } from '../catalogue/index.ts';
import { assertAudience, assertDraft, assertOwner } from './bundles.policy.ts';
import {
  type BundleCaseRow,
  deleteMaterial,
  findBundleCase,
  insertBundleCase,
  insertMaterial,
  listByApplicant,
  listMaterials,
  lockBundleCase,
  type MaterialRow,
  updateBundleCase,
} from './bundles.repository.ts';
import { checklistOf, chosenEntries, composeBundleView, presentMaterial, summaryOf } from './bundles.view.ts';

/** A generous bound: three items' checklists with a few pages each. */
const MAX_FILES_PER_BUNDLE = 60;

export function auditActor(actor: Actor) {
  return { actorId: actor.accountId, actorKind: actor.kind } as const;
}

export async function requireBundle(db: Db, code: string): Promise<BundleDefinition> {
  const def = await getBundle(db, code);
  if (!def) throw new AppError('BUNDLE_NOT_FOUND');
  return def;
}

/** Starts a bundle application: the items chosen (all when not said; required ones always), no answers yet. */
export async function createBundleCase(
  ctx: PlatformContext,
  actor: Actor,
  input: CreateBundleCaseBody,
): Promise<BundleCaseView> {
  const def = await requireBundle(ctx.db, input.bundleCode);
  assertAudience(actor, def.audience);
  const items = chooseBundleItems(def, input.items).map((e) => e.item.code);
  const now = ctx.now();
  const row = await inTransaction(ctx.db, async (tx) => {
    const id = uuidv7();
    await insertBundleCase(tx, {
      id,
      applicant_id: actor.accountId,
      applicant_kind: actor.kind as 'citizen' | 'enterprise',
      applicant_name: actor.name,
      bundle_id: def.id,
      bundle_code: def.code,
      bundle_name_zh: def.nameZh,
      bundle_name_en: def.nameEn,
      items,
      form_data_enc: sealForm(ctx.config, input.formData ?? {}),
      created_at: now,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'bundle.create',
      subjectType: 'bundle_case',
      subjectId: id,
      personalData: input.formData !== undefined,
      details: { bundleCode: def.code, items },
    });
    return (await findBundleCase(tx, id)) as BundleCaseRow;
  });
  return composeBundleView(ctx, ctx.db, row, { def });
}

export async function getOwnBundleCase(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<BundleCaseView> {
  return composeBundleView(ctx, ctx.db, assertOwner(actor, await findBundleCase(ctx.db, id)));
}

export async function listOwnBundleCases(
  ctx: PlatformContext,
  actor: Actor,
  q: { status?: BundleCaseStatus; limit?: number; cursor?: string },
): Promise<{ items: BundleCaseSummary[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const rows = await listByApplicant(ctx.db, actor.accountId, {
    status: q.status,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const defs = new Map<string, BundleDefinition | undefined>();
  for (const code of new Set(page.map((r) => r.bundle_code))) defs.set(code, await getBundle(ctx.db, code));
  return {
    items: page.map((r) => summaryOf(r, defs.get(r.bundle_code))),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Locks the applicant's own bundle case, which must still be a draft. */
async function lockOwnDraft(tx: Db, actor: Actor, id: string): Promise<BundleCaseRow> {
  return assertDraft(assertOwner(actor, await lockBundleCase(tx, id)));
}

/**
 * Saves the chosen items and/or the answers as they are (a draft may be incomplete; everything
 * is checked on submit). A required item can never be left out.
 */
export async function saveBundleDraft(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  input: SaveBundleDraftBody,
): Promise<BundleCaseView> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const current = await lockOwnDraft(tx, actor, id);
    const changes: Partial<BundleCaseRow> = {};
    if (input.items) {
      const def = await requireBundle(tx, current.bundle_code);
      changes.items = chooseBundleItems(def, input.items).map((e) => e.item.code);
    }
    if (input.formData) changes.form_data_enc = sealForm(ctx.config, input.formData);
    await updateBundleCase(tx, id, changes, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'bundle.saveDraft',
      subjectType: 'bundle_case',
      subjectId: id,
      personalData: input.formData !== undefined,
      ...(changes.items ? { details: { items: changes.items } } : {}),
    });
    return (await findBundleCase(tx, id)) as BundleCaseRow;
  });
  return composeBundleView(ctx, ctx.db, row);
}

/**
 * Uploads a material once for the bundle, to a code of the chosen items' merged checklist (not
 * one another chosen item issues). On submission it is bound to every item that asks for it.
 */
export async function uploadBundleMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  upload: { materialCode: string; fileName: string; content: Readable | Buffer },
): Promise<ApplicationMaterial> {
  const row = assertDraft(assertOwner(actor, await findBundleCase(ctx.db, id)));
  const entries = chosenEntries(await requireBundle(ctx.db, row.bundle_code), row);
  const entry = checklistOf(entries, []).find((c) => c.code === upload.materialCode && !c.issuedBy);
  if (!entry) {
    throw new AppError('BUNDLE_MATERIAL_UNKNOWN', undefined, { code: upload.materialCode.slice(0, 64) });
  }
  const stored = await storeMaterialFile(
    ctx,
    upload,
    (entry as { acceptedFormats?: string[] }).acceptedFormats,
  );
  const material: MaterialRow = {
    id: uuidv7(),
    bundle_case_id: id,
    material_code: entry.code,
    file_name: upload.fileName.slice(0, 255),
    sha256: stored.sha256,
    size_bytes: stored.sizeBytes,
    mime_type: stored.mimeType,
    uploaded_by: actor.accountId,
    uploaded_at: ctx.now(),
  };
  await inTransaction(ctx.db, async (tx) => {
    await lockOwnDraft(tx, actor, id);
    if ((await listMaterials(tx, id)).length >= MAX_FILES_PER_BUNDLE) {
      throw new AppError('BUNDLE_TOO_MANY_MATERIALS', undefined, { max: MAX_FILES_PER_BUNDLE });
    }
    await insertMaterial(tx, material);
    await updateBundleCase(tx, id, {}, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'bundle.material.upload',
      subjectType: 'bundle_case',
      subjectId: id,
      personalData: true,
      details: { materialId: material.id, materialCode: entry.code, sha256: stored.sha256 },
    });
  });
  return presentMaterial(material);
}

export async function removeBundleMaterial(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  materialId: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await lockOwnDraft(tx, actor, id);
    const removed = await deleteMaterial(tx, id, materialId);
    if (!removed) throw new AppError('APPLICATION_MATERIAL_NOT_FOUND');
    await updateBundleCase(tx, id, {}, ctx.now());
    await appendAudit(tx, {
      ...auditActor(actor),
      action: 'bundle.material.delete',
      subjectType: 'bundle_case',
      subjectId: id,
      personalData: true,
      details: { materialId, materialCode: removed.material_code },
    });
  });
}
