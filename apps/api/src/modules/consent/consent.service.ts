import type {
  ConsentField,
  ConsentListQuery,
  ConsentPurpose,
  ConsentReceiptView,
  ConsentRecipient,
  ConsentRequestListQuery,
  ConsentRequestView,
  DataUsageItem,
  DataUsagePage,
  DataUsageQuery,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { type AuditActorKind, type AuditEntry, appendAudit, listDataSubjectEntries } from '../audit/index.ts';
import { listDepartments, rolesOf } from '../org/index.ts';
import {
  type DatasetRef,
  decideRequest,
  findCoveringReceipt,
  findOwnReceipt,
  findOwnRequest,
  insertReceipt,
  insertRequest,
  pageReceipts,
  pageRequests,
  type ReceiptRow,
  type RequestRow,
  revokeReceipt,
} from './consent.repository.ts';

const DAY_MS = 86_400_000;

export interface NewConsentRequest {
  subjectAccountId: string;
  recipient: ConsentRecipient;
  dataset: DatasetRef;
  purpose: ConsentPurpose;
  fields: ConsentField[];
  retentionDays: number;
  validDays: number;
  /** Who asks: the client system itself or the officer asking on its behalf. */
  actor: { id: string; kind: AuditActorKind };
}

/**
 * Records a recipient's request for the subject's consent, in the caller's transaction (the
 * exchange module checks the dataset, purpose and fields first). The subject answers it in the portal.
 */
export async function createConsentRequest(
  tx: Db,
  input: NewConsentRequest,
  now: Date,
): Promise<{ id: string }> {
  const id = uuidv7();
  await insertRequest(tx, {
    id,
    subject_account_id: input.subjectAccountId,
    recipient: input.recipient,
    recipient_client_id: input.recipient.clientId,
    dataset: input.dataset,
    purpose: input.purpose,
    fields: input.fields,
    retention_days: input.retentionDays,
    valid_days: input.validDays,
    status: 'pending',
    created_at: now,
    created_by: input.actor.id,
    decided_at: null,
    receipt_id: null,
  });
  await appendAudit(tx, {
    actorId: input.actor.id,
    actorKind: input.actor.kind,
    action: 'consent.request',
    subjectType: 'consent_request',
    subjectId: id,
    details: {
      clientId: input.recipient.clientId,
      departmentId: input.recipient.departmentId,
      dataset: input.dataset.code,
      purpose: input.purpose.code,
      fields: input.fields.map((f) => f.code),
    },
  });
  return { id };
}

/** A live consent covering the request: the gateway's check, made at each request (so a revocation counts at once). */
export async function findLiveConsent(
  db: Db,
  q: { subjectId: string; clientId: string; dataset: string; purpose: string; fields: string[]; at: Date },
): Promise<{ receiptId: string } | undefined> {
  const row = await findCoveringReceipt(db, q);
  return row ? { receiptId: row.id } : undefined;
}

function presentRequest(r: RequestRow): ConsentRequestView {
  return {
    id: r.id,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    recipient: r.recipient,
    dataset: r.dataset,
    purpose: r.purpose,
    fields: r.fields,
    retentionDays: r.retention_days,
    validDays: r.valid_days,
    receiptId: r.receipt_id,
  };
}

function receiptStatus(r: ReceiptRow, now: Date): ConsentReceiptView['status'] {
  if (r.revoked_at) return 'revoked';
  return r.expires_at > now ? 'live' : 'expired';
}

function presentReceipt(r: ReceiptRow, now: Date): ConsentReceiptView {
  return {
    id: r.id,
    requestId: r.request_id,
    subjectId: r.subject_account_id,
    recipient: r.recipient,
    dataset: r.dataset,
    purpose: r.purpose,
    fields: r.fields,
    legalBasis: 'consent',
    retentionDays: r.retention_days,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
    status: receiptStatus(r, now),
  };
}

const subjectOnly = (actor: Actor) => {
  if (actor.kind === 'staff') throw new AppError('FORBIDDEN');
  return actor;
};

export async function readConsentRequest(ctx: PlatformContext, actor: Actor, id: string) {
  const row = await findOwnRequest(ctx.db, subjectOnly(actor).accountId, id);
  if (!row) throw new AppError('CONSENT_REQUEST_NOT_FOUND');
  return presentRequest(row);
}

export async function listConsentRequests(ctx: PlatformContext, actor: Actor, q: ConsentRequestListQuery) {
  const limit = q.limit ?? 20;
  const rows = await pageRequests(ctx.db, subjectOnly(actor).accountId, {
    status: q.status,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  return pageOf(rows, limit, presentRequest);
}

function pageOf<R extends { id: string }, V>(rows: R[], limit: number, present: (r: R) => V) {
  const page = rows.slice(0, limit);
  return { items: page.map(present), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** The subject's own request, still waiting for an answer, locked for it. */
async function lockPendingRequest(tx: Db, subjectId: string, id: string): Promise<RequestRow> {
  const req = await findOwnRequest(tx, subjectId, id, true);
  if (!req) throw new AppError('CONSENT_REQUEST_NOT_FOUND');
  if (req.status !== 'pending') throw new AppError('CONSENT_REQUEST_DECIDED');
  return req;
}

/** The subject agrees: a receipt is created, live from now for the request's validity. */
export async function grantConsent(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<ConsentReceiptView> {
  const subject = subjectOnly(actor);
  const now = ctx.now();
  return inTransaction(ctx.db, async (tx) => {
    const req = await lockPendingRequest(tx, subject.accountId, id);
    const receipt: ReceiptRow = {
      id: uuidv7(),
      request_id: req.id,
      subject_account_id: req.subject_account_id,
      recipient: req.recipient,
      recipient_client_id: req.recipient_client_id,
      dataset_code: req.dataset.code,
      dataset: req.dataset,
      purpose_code: req.purpose.code,
      purpose: req.purpose,
      fields: req.fields,
      field_codes: req.fields.map((f) => f.code),
      retention_days: req.retention_days,
      created_at: now,
      expires_at: new Date(now.getTime() + req.valid_days * DAY_MS),
      revoked_at: null,
      revoked_by: null,
    };
    await insertReceipt(tx, receipt);
    await decideRequest(tx, req.id, 'granted', now, receipt.id);
    await appendAudit(tx, {
      actorId: subject.accountId,
      actorKind: subject.kind,
      action: 'consent.grant',
      subjectType: 'consent',
      subjectId: receipt.id,
      personalData: true,
      details: {
        requestId: req.id,
        clientId: req.recipient_client_id,
        dataset: receipt.dataset_code,
        purpose: receipt.purpose_code,
        fields: receipt.field_codes,
        expiresAt: receipt.expires_at.toISOString(),
      },
    });
    return presentReceipt(receipt, now);
  });
}

export async function declineConsent(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<ConsentRequestView> {
  const subject = subjectOnly(actor);
  return inTransaction(ctx.db, async (tx) => {
    const req = await lockPendingRequest(tx, subject.accountId, id);
    const decided = await decideRequest(tx, req.id, 'declined', ctx.now(), null);
    await appendAudit(tx, {
      actorId: subject.accountId,
      actorKind: subject.kind,
      action: 'consent.decline',
      subjectType: 'consent_request',
      subjectId: req.id,
      details: { clientId: req.recipient_client_id, dataset: req.dataset.code, purpose: req.purpose.code },
    });
    return presentRequest(decided);
  });
}

export async function listConsents(ctx: PlatformContext, actor: Actor, q: ConsentListQuery) {
  const limit = q.limit ?? 20;
  const now = ctx.now();
  const rows = await pageReceipts(ctx.db, subjectOnly(actor).accountId, {
    status: q.status,
    now,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  return pageOf(rows, limit, (r) => presentReceipt(r, now));
}

export async function readConsent(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<ConsentReceiptView> {
  const row = await findOwnReceipt(ctx.db, subjectOnly(actor).accountId, id);
  if (!row) throw new AppError('CONSENT_NOT_FOUND');
  return presentReceipt(row, ctx.now());
}

/** Revocation counts from the next exchange request: the gateway checks the receipt at each one. */
export async function revokeConsent(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<ConsentReceiptView> {
  const subject = subjectOnly(actor);
  const now = ctx.now();
  return inTransaction(ctx.db, async (tx) => {
    const row = await findOwnReceipt(tx, subject.accountId, id, true);
    if (!row) throw new AppError('CONSENT_NOT_FOUND');
    if (row.revoked_at) throw new AppError('CONSENT_ALREADY_REVOKED');
    const revoked = await revokeReceipt(tx, id, now, subject.accountId);
    await appendAudit(tx, {
      actorId: subject.accountId,
      actorKind: subject.kind,
      action: 'consent.revoke',
      subjectType: 'consent',
      subjectId: id,
      details: { clientId: row.recipient_client_id, dataset: row.dataset_code, purpose: row.purpose_code },
    });
    return presentReceipt(revoked, now);
  });
}

/**
 * The receipt as a document the subject can keep: the Kantara Consent Receipt v1.1 structure
 * (its field names), with the revocation state and the retention period added.
 */
export async function consentReceiptDocument(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
): Promise<Record<string, unknown>> {
  const r = await readConsent(ctx, actor, id);
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: 'CN',
    consentTimestamp: Math.floor(Date.parse(r.createdAt) / 1000),
    collectionMethod: 'Tongban portal consent request',
    consentReceiptID: r.id,
    language: 'zh-CN',
    piiPrincipalId: r.subjectId,
    piiControllers: [
      {
        piiController: r.recipient.departmentNameZh,
        piiControllerEn: r.recipient.departmentNameEn,
        onBehalf: false,
        clientId: r.recipient.clientId,
        system: r.recipient.nameZh,
        contact: r.recipient.departmentNameZh,
      },
    ],
    policyUrl: `${ctx.config.publicUrl}/consents/${r.id}`,
    services: [
      {
        service: r.dataset.nameZh,
        serviceEn: r.dataset.nameEn,
        purposes: [
          {
            purpose: r.purpose.descriptionZh,
            purposeEn: r.purpose.descriptionEn,
            purposeCategory: [r.purpose.code],
            consentType: 'EXPLICIT',
            piiCategory: r.fields.map((f) => f.labelZh),
            piiCategoryCodes: r.fields.map((f) => f.code),
            primaryPurpose: true,
            termination: `P${r.retentionDays}D after receipt of the data; consent expires ${r.expiresAt}`,
            thirdPartyDisclosure: false,
          },
        ],
      },
    ],
    sensitive: false,
    spiCat: [],
    legalBasis: r.legalBasis,
    retentionPeriod: `P${r.retentionDays}D`,
    expires: r.expiresAt,
    revoked: r.revokedAt ? { at: r.revokedAt, by: r.revokedBy } : null,
    status: r.status,
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * "Who used my data": every read or use of the account's personal data by someone else (officers
 * reading a case, exchange requests, refused ones included), newest first, with the department,
 * purpose and fields each entry recorded.
 */
export async function dataUsage(
  ctx: PlatformContext,
  actor: Actor,
  q: DataUsageQuery,
): Promise<DataUsagePage> {
  const page = await listDataSubjectEntries(ctx.db, subjectOnly(actor).accountId, q);
  const departments = new Map((await listDepartments(ctx.db)).map((d) => [d.id, d]));
  const dept = (id: string | null) => {
    const d = id ? departments.get(id) : undefined;
    return d ? { id: d.id, nameZh: d.nameZh, nameEn: d.nameEn } : null;
  };
  const staffDepartment = new Map<string, string | null>();
  const departmentOf = async (e: AuditEntry): Promise<string | null> => {
    const given = text(e.details.departmentId);
    if (given || e.actorKind !== 'staff' || !e.actorId) return given;
    if (!staffDepartment.has(e.actorId)) {
      staffDepartment.set(e.actorId, (await rolesOf(ctx.db, e.actorId))[0]?.departmentId ?? null);
    }
    return staffDepartment.get(e.actorId) ?? null;
  };
  const items: DataUsageItem[] = [];
  for (const e of page.items) {
    const exchange = e.action.startsWith('exchange.');
    const clientId = text(e.details.clientId);
    items.push({
      seq: e.seq,
      at: e.at,
      action: e.action,
      actorKind: exchange ? 'client' : e.actorKind,
      department: dept(await departmentOf(e)),
      recipient:
        exchange && clientId
          ? {
              clientId,
              nameZh: text(e.details.clientNameZh) ?? clientId,
              nameEn: text(e.details.clientNameEn) ?? clientId,
            }
          : null,
      provider: dept(text(e.details.providerDepartmentId)),
      purpose: e.purpose,
      fields: e.details.fields !== undefined ? strings(e.details.fields) : ['form'],
      outcome: e.details.outcome === 'refused' ? 'refused' : 'used',
      refusalCode: text(e.details.refusalCode),
    });
  }
  return { items, nextCursor: page.nextCursor };
}
