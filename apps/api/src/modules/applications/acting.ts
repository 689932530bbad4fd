// Who may act on an application right now: its applicant, or its filer (代办) while the applicant's
// authorization is in force. Checked on every request, so a revocation takes effect at once.
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { confirmProxyAuthority } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { actingAs } from './applications.policy.ts';
import type { ApplicationRow, FiledByRecord } from './applications.repository.ts';

/**
 * The row, if the actor may act on it: the applicant always; the filer only while the authorization
 * names them, is in force and covers the item (share-locked until the caller's transaction ends).
 */
export async function assertMayAct(
  ctx: Pick<PlatformContext, 'now'>,
  tx: Db,
  actor: Actor,
  row: ApplicationRow | undefined,
): Promise<ApplicationRow> {
  if (actingAs(actor, row) === 'filer' && row?.filed_by) {
    await confirmProxyAuthority(
      tx,
      actor,
      row.filed_by.authorizationId,
      { itemCode: row.item_code, caseId: row.id },
      ctx.now(),
    );
  }
  if (!row) throw new AppError('APPLICATION_NOT_FOUND');
  return row;
}

/** Audit details naming the applicant an action was taken for, when the actor is their filer. */
export function onBehalfDetails(actor: Actor, row: ApplicationRow): Record<string, string> {
  return row.filed_by && row.applicant_id !== actor.accountId
    ? { onBehalfOf: row.applicant_id, authorizationId: row.filed_by.authorizationId }
    : {};
}

/** Who did an applicant-side step, for the timeline: the applicant, or their filer by name. */
export function stepActorName(actor: Actor, row: ApplicationRow): string {
  return row.applicant_id === actor.accountId ? row.applicant_name : actor.name;
}

/**
 * The row for reading by the applicant or their filer. The applicant reads their own data; a filer
 * reads someone else's, so that read is recorded in the audit chain.
 */
export async function assertMayRead(
  ctx: Pick<PlatformContext, 'now'>,
  tx: Db,
  actor: Actor,
  row: ApplicationRow | undefined,
): Promise<ApplicationRow> {
  const mine = await assertMayAct(ctx, tx, actor, row);
  if (mine.applicant_id !== actor.accountId) {
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'application.read',
      subjectType: 'application',
      subjectId: mine.id,
      personalData: true,
      dataSubjectId: mine.applicant_id,
      purpose: 'filing.onBehalf',
      details: onBehalfDetails(actor, mine),
    });
  }
  return mine;
}

const RELATION_WORDS = {
  spouse: { zh: '配偶', en: 'spouse' },
  parent: { zh: '父母', en: 'parent' },
  child: { zh: '子女', en: 'child' },
  relative: { zh: '亲属', en: 'relative' },
} as const;

/** The filer as the applicant's messages name them: 李华（配偶）, 明湖市住房公积金中心窗口 王芳. */
export function filerLabel(f: FiledByRecord): { 'zh-CN': string; en: string } {
  if (f.authorization === 'family') {
    const r = f.relation ? RELATION_WORDS[f.relation] : undefined;
    return { 'zh-CN': r ? `${f.name}（${r.zh}）` : f.name, en: r ? `${f.name} (${r.en})` : f.name };
  }
  return {
    'zh-CN': `${f.departmentNameZh ?? ''}窗口 ${f.name}`,
    en: `${f.name} at the ${f.departmentNameEn ?? ''} window`,
  };
}

/**
 * Tells the applicant, in the submission's transaction, that someone filed a case for them — they
 * learn it even if they did not expect it, and can revoke the authorization.
 */
export async function tellApplicantFiledForThem(
  tx: Db,
  actor: Actor,
  row: ApplicationRow,
  caseNumber: string,
): Promise<void> {
  if (!row.filed_by || row.applicant_id === actor.accountId) return;
  await notify(tx, {
    recipientAccountId: row.applicant_id,
    kind: 'application.onbehalf',
    template: 'application.filedOnBehalf',
    params: {
      filer: filerLabel(row.filed_by),
      caseNumber,
      service: { 'zh-CN': row.item_name_zh, en: row.item_name_en },
    },
    link: `/applications/${row.id}`,
    subject: { type: 'application', id: row.id },
    dedupeKey: `application.filedOnBehalf:${row.id}`,
  });
}
