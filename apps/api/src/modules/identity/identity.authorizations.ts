// Assisted filing (代办): the citizen's recorded authorizations and the checks a filer must pass.
import type { Readable } from 'node:stream';
import {
  type AuthorizationProblem,
  type AuthorizationQuery,
  type AuthorizationScope,
  type AuthorizationStatus,
  type AuthorizationView,
  chinaDayStart,
  chinaToday,
  type FamilyGrantBody,
  type Locale,
  localizeAuthorizationProblems,
  localizeFieldProblems,
  maskResidentId,
  namedPersonProblems,
  normalizeIdentifier,
  type ProxyRelation,
  scopeCovers,
  validityProblems,
  type WindowGrantBody,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type Actor, hasRole } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { notify } from '../notifications/index.ts';
import { type Department, getDepartment, getDepartmentByCode } from '../org/index.ts';
import {
  type AuthorizationRow,
  countInForce,
  findAccountByIndex,
  findAccountNames,
  findAuthorization,
  findStandingWindow,
  insertAuthorization,
  listAuthorizations,
  lockAuthorization,
  lockAuthorizationShared,
  setRevoked,
  setSubject,
} from './authorizations.repository.ts';
import { lookupIndex, unseal } from './identity.keys.ts';
import { findProfile } from './identity.repository.ts';

/** Authorizations in force (or yet to start) one citizen may hold at once. */
export const MAX_IN_FORCE = 20;
/** A form signed at the counter serves its one case for this long (resubmissions after a return included). */
export const COUNTER_VALID_DAYS = 30;
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Ctx = Pick<PlatformContext, 'db' | 'now' | 'files'>;

const RELATION_WORDS: Record<ProxyRelation, { 'zh-CN': string; en: string }> = {
  spouse: { 'zh-CN': '配偶', en: 'spouse' },
  parent: { 'zh-CN': '父母', en: 'parent' },
  child: { 'zh-CN': '子女', en: 'child' },
  relative: { 'zh-CN': '其他亲属', en: 'relative' },
};

function statusOf(row: AuthorizationRow, at: Date): AuthorizationStatus {
  if (row.revoked_at) return 'revoked';
  if (row.valid_until <= at) return 'expired';
  if (row.valid_from > at) return 'scheduled';
  return 'active';
}

const scopeOf = (row: AuthorizationRow): AuthorizationScope => row.item_codes ?? 'all';

async function present(db: Db, rows: AuthorizationRow[], at: Date): Promise<AuthorizationView[]> {
  const names = await findAccountNames(
    db,
    rows.flatMap((r) => [
      r.grantor_account_id,
      r.created_by,
      ...(r.proxy_account_id ? [r.proxy_account_id] : []),
    ]),
  );
  const departments = new Map<string, Department | undefined>();
  for (const id of new Set(rows.flatMap((r) => (r.department_id ? [r.department_id] : []))))
    departments.set(id, await getDepartment(db, id));
  const views: AuthorizationView[] = [];
  for (const r of rows) {
    const proxyProfile = r.proxy_account_id ? await findProfile(db, r.proxy_account_id) : undefined;
    const dept = r.department_id ? departments.get(r.department_id) : undefined;
    views.push({
      id: r.id,
      kind: r.kind,
      status: statusOf(r, at),
      grantor: { id: r.grantor_account_id, name: names.get(r.grantor_account_id) ?? '' },
      proxy: r.proxy_account_id
        ? {
            id: r.proxy_account_id,
            name: names.get(r.proxy_account_id) ?? '',
            idNumberMasked: proxyProfile?.id_number_enc
              ? maskResidentId(unseal(proxyProfile.id_number_enc))
              : '',
          }
        : null,
      relation: r.relation,
      department: dept ? { id: dept.id, code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn } : null,
      scope: scopeOf(r),
      validFrom: r.valid_from.toISOString(),
      validUntil: r.valid_until.toISOString(),
      createdAt: r.created_at.toISOString(),
      revokedAt: r.revoked_at?.toISOString() ?? null,
      recordedBy: r.kind === 'counter' ? (names.get(r.created_by) ?? null) : null,
      caseId: r.subject_id,
      hasForm: r.form_sha256 !== null,
    });
  }
  return views;
}

/**
 * The citizen account with this resident ID number and exactly this name. Every way of not matching
 * (no account, another name, an enterprise) is the same AUTHORIZATION_PERSON_NOT_MATCHED, so the
 * check cannot be used to learn who has an account or what their name is.
 */
async function matchCitizen(db: Db, input: { name: string; idNumber: string }) {
  const account = await findAccountByIndex(db, lookupIndex(normalizeIdentifier(input.idNumber)));
  if (account?.kind !== 'citizen' || account.name !== input.name.trim())
    throw new AppError('AUTHORIZATION_PERSON_NOT_MATCHED');
  return account;
}

/** Each scope entry must be a citizen service (of `departmentId`, for a window); codes come back normalized. */
async function checkScope(
  db: Db,
  scope: AuthorizationScope,
  departmentId?: string,
): Promise<{ codes: string[] | null; problems: AuthorizationProblem[] }> {
  if (scope === 'all') return { codes: null, problems: [] };
  const codes: string[] = [];
  const problems: AuthorizationProblem[] = [];
  for (const [i, raw] of scope.entries()) {
    const code = raw.trim().toUpperCase();
    const item = await getServiceItem(db, code);
    const shown = code.slice(0, 64);
    if (item?.audience !== 'citizen' || item.code !== code)
      problems.push({ pointer: `/scope/${i}`, code: 'scope.unknownItem', params: { code: shown } });
    else if (departmentId && item.departmentId !== departmentId)
      problems.push({ pointer: `/scope/${i}`, code: 'scope.otherDepartment', params: { code: shown } });
    else codes.push(code);
  }
  return { codes: [...new Set(codes)], problems };
}

function periodOf(body: { validFrom: string; validUntil: string }) {
  return {
    valid_from: chinaDayStart(body.validFrom),
    valid_until: new Date(chinaDayStart(body.validUntil).getTime() + DAY_MS),
  };
}

async function assertRoomFor(tx: Db, grantorId: string, at: Date) {
  if ((await countInForce(tx, grantorId, at)) >= MAX_IN_FORCE)
    throw new AppError('AUTHORIZATION_LIMIT', undefined, { max: MAX_IN_FORCE });
}

function validationFailed(problems: Parameters<typeof localizeAuthorizationProblems>[0], locale: Locale) {
  return new AppError('VALIDATION_FAILED', localizeAuthorizationProblems(problems, locale));
}

/** A new authorization: in force from `valid_from`, not revoked, no form unless given, no case yet. */
function newAuthorization(
  fields: Omit<
    AuthorizationRow,
    'id' | 'revoked_at' | 'revoked_by' | 'form_sha256' | 'form_file_name' | 'form_mime_type' | 'subject_id'
  > &
    Partial<Pick<AuthorizationRow, 'form_sha256' | 'form_file_name' | 'form_mime_type'>>,
): AuthorizationRow {
  return {
    id: uuidv7(),
    revoked_at: null,
    revoked_by: null,
    form_sha256: null,
    form_file_name: null,
    form_mime_type: null,
    subject_id: null,
    ...fields,
  };
}

/** A standing authorization the citizen gives in the portal, for the period and scope they chose. */
function portalGrantRow(
  actor: Actor,
  body: { validFrom: string; validUntil: string },
  codes: string[] | null,
  now: Date,
  party: Pick<AuthorizationRow, 'kind' | 'proxy_account_id' | 'relation' | 'department_id'>,
): AuthorizationRow {
  return newAuthorization({
    grantor_account_id: actor.accountId,
    ...party,
    item_codes: codes,
    ...periodOf(body),
    created_at: now,
    created_by: actor.accountId,
  });
}

/**
 * Records a portal grant within the grantor's limit of authorizations in force, with `tell` (who
 * must hear of it) and the audit entry in the same transaction.
 */
async function saveGrant(
  ctx: Ctx,
  actor: Actor,
  row: AuthorizationRow,
  now: Date,
  audit: { personalData: boolean; details: Record<string, unknown> },
  tell?: (tx: Db) => Promise<unknown>,
): Promise<AuthorizationView> {
  return inTransaction(ctx.db, async (tx) => {
    await assertRoomFor(tx, actor.accountId, now);
    await insertAuthorization(tx, row);
    await tell?.(tx);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'authorization.grant',
      subjectType: 'authorization',
      subjectId: row.id,
      personalData: audit.personalData,
      details: { kind: row.kind, ...audit.details, scope: row.item_codes ?? 'all' },
    });
    return (await present(tx, [row], now))[0] as AuthorizationView;
  });
}

/**
 * A citizen names a family member (found by real name + resident ID number, never listed) who may file
 * on their behalf. No acceptance step: the proxy is told in their inbox and sees it under "received".
 */
export async function grantFamily(
  ctx: Ctx,
  actor: Actor,
  body: FamilyGrantBody,
  locale: Locale,
): Promise<AuthorizationView> {
  const now = ctx.now();
  const identityProblems = namedPersonProblems(
    { name: body.proxyName, idNumber: body.proxyIdNumber },
    chinaToday(now),
    { name: 'proxyName', idNumber: 'proxyIdNumber' },
  );
  const { codes, problems } = await checkScope(ctx.db, body.scope);
  const all = [...validityProblems(body, chinaToday(now)), ...problems];
  if (identityProblems.length || all.length) {
    throw new AppError('VALIDATION_FAILED', [
      ...localizeFieldProblems(identityProblems, locale),
      ...localizeAuthorizationProblems(all, locale),
    ]);
  }
  const proxy = await matchCitizen(ctx.db, { name: body.proxyName, idNumber: body.proxyIdNumber });
  if (proxy.id === actor.accountId) throw new AppError('AUTHORIZATION_SELF');
  const row = portalGrantRow(actor, body, codes, now, {
    kind: 'family',
    proxy_account_id: proxy.id,
    relation: body.relation,
    department_id: null,
  });
  return saveGrant(
    ctx,
    actor,
    row,
    now,
    { personalData: true, details: { proxyId: proxy.id, relation: body.relation } },
    (tx) =>
      notify(tx, {
        recipientAccountId: proxy.id,
        kind: 'proxy.authorization',
        template: 'proxy.granted',
        params: { grantor: actor.name, relation: RELATION_WORDS[body.relation] },
        link: '/me/authorizations?direction=received',
        subject: { type: 'authorization', id: row.id },
        dedupeKey: `proxy.granted:${row.id}`,
      }),
  );
}

/** A citizen lets a department's service window file for them (standing, within the scope and period). */
export async function grantWindow(
  ctx: Ctx,
  actor: Actor,
  body: WindowGrantBody,
  locale: Locale,
): Promise<AuthorizationView> {
  const now = ctx.now();
  const dept =
    (await getDepartment(ctx.db, body.departmentId)) ??
    (await getDepartmentByCode(ctx.db, body.departmentId));
  if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND');
  const { codes, problems } = await checkScope(ctx.db, body.scope, dept.id);
  const all = [...validityProblems(body, chinaToday(now)), ...problems];
  if (all.length) throw validationFailed(all, locale);
  const row = portalGrantRow(actor, body, codes, now, {
    kind: 'window',
    proxy_account_id: null,
    relation: null,
    department_id: dept.id,
  });
  return saveGrant(ctx, actor, row, now, { personalData: false, details: { departmentId: dept.id } });
}

/** The authorizations I gave (granted) or that name me as family proxy (received), newest first. */
export async function listMyAuthorizations(
  ctx: Ctx,
  actor: Actor,
  q: AuthorizationQuery,
): Promise<{ items: AuthorizationView[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const received = q.direction === 'received';
  const rows = await listAuthorizations(ctx.db, {
    ...(received ? { proxyId: actor.accountId } : { grantorId: actor.accountId }),
    beforeId: q.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return inTransaction(ctx.db, async (tx) => {
    const items = await present(tx, page, ctx.now());
    // Names and masked ID numbers of other people: a read of personal data.
    if (items.length) {
      await appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: 'authorization.list',
        subjectType: 'account',
        subjectId: actor.accountId,
        personalData: true,
        details: { direction: received ? 'received' : 'granted', ids: items.map((i) => i.id) },
      });
    }
    return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  });
}

/**
 * The grantor ends an authorization, effective at once: the next request of the proxy finds it revoked
 * (drafts not yet submitted stop; submitted cases go on). Revoking again changes nothing.
 */
export async function revokeAuthorization(ctx: Ctx, actor: Actor, id: string): Promise<AuthorizationView> {
  return inTransaction(ctx.db, async (tx) => {
    const current = UUID.test(id) ? await lockAuthorization(tx, id) : undefined;
    if (!current || current.grantor_account_id !== actor.accountId)
      throw new AppError('AUTHORIZATION_NOT_FOUND');
    const now = ctx.now();
    if (current.revoked_at) return (await present(tx, [current], now))[0] as AuthorizationView;
    const row = await setRevoked(tx, id, actor.accountId, now);
    if (row.proxy_account_id) {
      await notify(tx, {
        recipientAccountId: row.proxy_account_id,
        kind: 'proxy.authorization',
        template: 'proxy.revoked',
        params: { grantor: actor.name },
        link: '/me/authorizations?direction=received',
        subject: { type: 'authorization', id },
        dedupeKey: `proxy.revoked:${id}`,
      });
    }
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'authorization.revoke',
      subjectType: 'authorization',
      subjectId: id,
      details: { kind: row.kind, ...(row.subject_id ? { caseId: row.subject_id } : {}) },
    });
    return (await present(tx, [row], now))[0] as AuthorizationView;
  });
}

/** The signed counter form of one of my authorizations, to download (audited). */
export async function openMyAuthorizationForm(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<{ stream: Readable; fileName: string; mimeType: string }> {
  const row = UUID.test(id) ? await findAuthorization(ctx.db, id) : undefined;
  if (!row || row.grantor_account_id !== actor.accountId || !row.form_sha256)
    throw new AppError('AUTHORIZATION_NOT_FOUND');
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'authorization.form.download',
      subjectType: 'authorization',
      subjectId: id,
      personalData: true,
    }),
  );
  return {
    stream: ctx.files.open(row.form_sha256),
    fileName: row.form_file_name ?? 'authorization',
    mimeType: row.form_mime_type ?? 'application/octet-stream',
  };
}

// ---- the filer's side, for the applications module ----

/** What a filer acts under: whose case it is and in what capacity (shown beside the applicant's name). */
export interface ProxyAuthority {
  authorizationId: string;
  kind: AuthorizationRow['kind'];
  grantor: { id: string; name: string };
  relation: ProxyRelation | null;
  department: { id: string; nameZh: string; nameEn: string } | null;
}

async function authorityOf(db: Db, row: AuthorizationRow): Promise<ProxyAuthority> {
  const names = await findAccountNames(db, [row.grantor_account_id]);
  const dept = row.department_id ? await getDepartment(db, row.department_id) : undefined;
  return {
    authorizationId: row.id,
    kind: row.kind,
    grantor: { id: row.grantor_account_id, name: names.get(row.grantor_account_id) ?? '' },
    relation: row.relation,
    department: dept ? { id: dept.id, nameZh: dept.nameZh, nameEn: dept.nameEn } : null,
  };
}

/** Whether the authorization names this actor: the family member, or a window officer of its department. */
function namesActor(row: AuthorizationRow, actor: Actor): boolean {
  if (row.kind === 'family') return row.proxy_account_id === actor.accountId;
  return row.department_id !== null && hasRole(actor, 'window', row.department_id);
}

function assertInForce(row: AuthorizationRow, itemCode: string, at: Date): void {
  if (row.revoked_at) throw new AppError('AUTHORIZATION_REVOKED');
  if (row.valid_until <= at) throw new AppError('AUTHORIZATION_EXPIRED');
  if (row.valid_from > at) {
    throw new AppError('AUTHORIZATION_NOT_YET_VALID', undefined, {
      validFrom: chinaToday(row.valid_from),
    });
  }
  if (!scopeCovers(scopeOf(row), itemCode))
    throw new AppError('AUTHORIZATION_SCOPE', undefined, { itemCode });
}

/**
 * Confirms, inside the caller's transaction and at this moment, that `actor` may act for the grantor on
 * `itemCode` under this authorization: it names the actor, is in force (not revoked, not expired, started)
 * and covers the item; a counter authorization only for its own case. The row stays share-locked until
 * the caller commits, so a revocation waits for the action or the action sees the revocation.
 */
export async function confirmProxyAuthority(
  tx: Db,
  actor: Actor,
  authorizationId: string,
  target: { itemCode: string; caseId?: string },
  at: Date,
): Promise<ProxyAuthority> {
  const row = UUID.test(authorizationId) ? await lockAuthorizationShared(tx, authorizationId) : undefined;
  if (!row || !namesActor(row, actor)) throw new AppError('AUTHORIZATION_NOT_FOUND');
  if (row.kind === 'counter' && (!target.caseId || row.subject_id !== target.caseId))
    throw new AppError('AUTHORIZATION_NOT_FOUND');
  assertInForce(row, target.itemCode, at);
  return authorityOf(tx, row);
}

/**
 * At a department's counter: the citizen in front of the window officer, identified by real name and
 * resident ID number (checked against their account; any mismatch is one generic error), and their
 * authorization for this filing — the scan of the form they signed (recorded now as a counter
 * authorization, valid for the one case) or, without one, a standing authorization they gave this
 * department's window in the portal. The grantor is told in their inbox when a form is recorded.
 */
export async function authorizeCounterFiling(
  tx: Db,
  actor: Actor,
  input: {
    departmentId: string;
    itemCode: string;
    name: string;
    idNumber: string;
    form?: { sha256: string; fileName: string; mimeType: string };
  },
  at: Date,
): Promise<ProxyAuthority> {
  if (!hasRole(actor, 'window', input.departmentId)) throw new AppError('AUTHORIZATION_DEPARTMENT_MISMATCH');
  const citizen = await matchCitizen(tx, input);
  if (citizen.id === actor.accountId) throw new AppError('AUTHORIZATION_SELF');
  if (!input.form) {
    const standing = (await findStandingWindow(tx, citizen.id, input.departmentId, at)).find((r) =>
      scopeCovers(scopeOf(r), input.itemCode),
    );
    if (!standing) throw new AppError('AUTHORIZATION_REQUIRED');
    return confirmProxyAuthority(tx, actor, standing.id, { itemCode: input.itemCode }, at);
  }
  const row = newAuthorization({
    grantor_account_id: citizen.id,
    kind: 'counter',
    proxy_account_id: null,
    relation: null,
    department_id: input.departmentId,
    item_codes: [input.itemCode],
    valid_from: at,
    valid_until: new Date(at.getTime() + COUNTER_VALID_DAYS * DAY_MS),
    created_at: at,
    created_by: actor.accountId,
    form_sha256: input.form.sha256,
    form_file_name: input.form.fileName.slice(0, 255),
    form_mime_type: input.form.mimeType,
  });
  await insertAuthorization(tx, row);
  const authority = await authorityOf(tx, row);
  await notify(tx, {
    recipientAccountId: citizen.id,
    kind: 'proxy.authorization',
    template: 'proxy.counterRecorded',
    params: {
      officer: actor.name,
      department: authority.department
        ? { 'zh-CN': authority.department.nameZh, en: authority.department.nameEn }
        : { 'zh-CN': '—', en: '—' },
    },
    link: '/me/authorizations',
    subject: { type: 'authorization', id: row.id },
    dedupeKey: `proxy.counterRecorded:${row.id}`,
  });
  await appendAudit(tx, {
    actorId: actor.accountId,
    actorKind: actor.kind,
    action: 'authorization.counterRecord',
    subjectType: 'authorization',
    subjectId: row.id,
    personalData: true,
    details: {
      grantorId: citizen.id,
      departmentId: input.departmentId,
      itemCode: input.itemCode,
      formSha256: input.form.sha256,
    },
  });
  return authority;
}

/** Ties a counter authorization to the case it was recorded for (in the filing's transaction). */
export async function bindCounterAuthorization(
  tx: Db,
  authorizationId: string,
  caseId: string,
): Promise<void> {
  const row = await findAuthorization(tx, authorizationId);
  if (row?.kind === 'counter') await setSubject(tx, authorizationId, caseId);
}

/** The signed form of a counter authorization (caller checks who may see it and audits the download). */
export async function authorizationForm(
  db: Db,
  authorizationId: string,
): Promise<{ sha256: string; fileName: string; mimeType: string } | undefined> {
  const row = UUID.test(authorizationId) ? await findAuthorization(db, authorizationId) : undefined;
  if (!row?.form_sha256 || !row.form_file_name || !row.form_mime_type) return undefined;
  return { sha256: row.form_sha256, fileName: row.form_file_name, mimeType: row.form_mime_type };
}
