// Assisted filing (代办): drafts started for a citizen by their family proxy or at a department's counter
// by a window officer, and the list of cases someone filed for others. What the filer then does goes
// through the applicant's own use cases, which let a filer act while the authorization is in force.
import type { ApplicationSummary, ApplicationView } from '@tongban/contracts';
import { type Actor, hasRole } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { ServiceItem } from '../catalogue/index.ts';
import { prefillFor } from '../forms/index.ts';
import {
  authorizeCounterFiling,
  bindCounterAuthorization,
  confirmProxyAuthority,
  type ProxyAuthority,
} from '../identity/index.ts';
import { type ApplicationRow, type FiledByRecord, listByFiler } from './applications.repository.ts';
import { type FormData, insertDraft, requireItem, view } from './applications.service.ts';
import { summaryOf } from './applications.view.ts';

/**
 * The applicant's answers a filer's draft starts with: only what the item's form asks for, and only
 * from the applicant's verified profile (name, ID number, phone, address…). Values the applicant typed
 * in earlier cases are not offered to a filer: they would show the filer more than this form needs.
 */
async function profilePrefill(
  tx: Db,
  itemId: string,
  applicantId: string,
): Promise<{ values: FormData; pointers: string[] }> {
  const { values, sources } = await prefillFor(tx, itemId, applicantId);
  const kept: Record<string, Record<string, unknown>> = {};
  const pointers: string[] = [];
  for (const [pointer, source] of Object.entries(sources)) {
    if (source !== 'profile') continue;
    const [, section = '', key = ''] = pointer.split('/');
    const value = values[section]?.[key];
    if (value === undefined) continue;
    kept[section] = { ...kept[section], [key]: value };
    pointers.push(pointer);
  }
  return { values: kept, pointers };
}

function filedByRecord(actor: Actor, authority: ProxyAuthority): FiledByRecord {
  return {
    accountId: actor.accountId,
    name: actor.name,
    authorization: authority.kind,
    authorizationId: authority.authorizationId,
    relation: authority.relation,
    departmentId: authority.department?.id ?? null,
    departmentNameZh: authority.department?.nameZh ?? null,
    departmentNameEn: authority.department?.nameEn ?? null,
  };
}

/** Writes the draft for the grantor, filed by the actor, in the caller's transaction. */
async function insertDraftFor(
  ctx: PlatformContext,
  tx: Db,
  actor: Actor,
  item: ServiceItem,
  authority: ProxyAuthority,
  formData: FormData | undefined,
): Promise<ApplicationRow> {
  const prefill = formData ? undefined : await profilePrefill(tx, item.id, authority.grantor.id);
  return insertDraft(ctx, tx, actor, {
    item,
    formData: formData ?? prefill?.values,
    onBehalf: {
      applicant: { accountId: authority.grantor.id, kind: 'citizen', name: authority.grantor.name },
      filedBy: filedByRecord(actor, authority),
      details: {
        onBehalfOf: authority.grantor.id,
        authorizationId: authority.authorizationId,
        authorization: authority.kind,
        ...(prefill ? { prefilledFromProfile: prefill.pointers } : {}),
      },
    },
  });
}

/**
 * A family proxy starts a draft for the citizen who authorized them (`onBehalfOf.authorizationId`):
 * the authorization must name them, be in force and cover the item. The draft is the citizen's.
 */
export async function createDraftOnBehalf(
  ctx: PlatformContext,
  actor: Actor,
  input: { serviceId: string; formData?: FormData; authorizationId: string },
): Promise<ApplicationView> {
  const item = await requireItem(ctx.db, input.serviceId);
  const row = await inTransaction(ctx.db, async (tx) => {
    const authority = await confirmProxyAuthority(
      tx,
      actor,
      input.authorizationId,
      { itemCode: item.code },
      ctx.now(),
    );
    return insertDraftFor(ctx, tx, actor, item, authority, input.formData);
  });
  return view(ctx, ctx.db, row);
}

/**
 * A window officer files for the citizen at the counter: only items of a department where they hold
 * the window role; the citizen identified by name and ID number, with a signed form (recorded for this
 * one case) or a standing authorization for the department's window. All in one transaction: a refused
 * filing leaves no authorization and no draft behind.
 */
export async function fileAtCounter(
  ctx: PlatformContext,
  actor: Actor,
  input: {
    serviceId: string;
    name: string;
    idNumber: string;
    form?: { sha256: string; fileName: string; mimeType: string };
  },
): Promise<ApplicationView> {
  const item = await requireItem(ctx.db, input.serviceId);
  if (!hasRole(actor, 'window', item.departmentId)) throw new AppError('AUTHORIZATION_DEPARTMENT_MISMATCH');
  if (item.audience !== 'citizen') throw new AppError('APPLICATION_AUDIENCE_MISMATCH');
  const row = await inTransaction(ctx.db, async (tx) => {
    const authority = await authorizeCounterFiling(
      tx,
      actor,
      {
        departmentId: item.departmentId,
        itemCode: item.code,
        name: input.name,
        idNumber: input.idNumber,
        form: input.form,
      },
      ctx.now(),
    );
    const draft = await insertDraftFor(ctx, tx, actor, item, authority, undefined);
    await bindCounterAuthorization(tx, authority.authorizationId, draft.id);
    return draft;
  });
  return view(ctx, ctx.db, row);
}

/** The cases the actor filed for others, newest first: summaries only (the answers need the authorization). */
export async function listFiledApplications(
  ctx: PlatformContext,
  actor: Actor,
  q: { status?: ApplicationSummary['status']; limit?: number; cursor?: string },
): Promise<{ items: ApplicationSummary[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const rows = await listByFiler(ctx.db, actor.accountId, {
    status: q.status,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  if (page.length) {
    // The applicants' names and their cases: other people's personal data.
    await inTransaction(ctx.db, (tx) =>
      appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: 'application.listFiled',
        subjectType: 'account',
        subjectId: actor.accountId,
        personalData: true,
        details: { ids: page.map((r) => r.id) },
      }),
    );
  }
  return { items: page.map(summaryOf), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
