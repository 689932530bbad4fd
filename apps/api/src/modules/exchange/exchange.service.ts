import { createHash } from 'node:crypto';
import type {
  DatasetView,
  ExchangeConsentRequestBody,
  ExchangeRequestBody,
  ExchangeResponse,
  ExchangeSubject,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { createConsentRequest, findLiveConsent } from '../consent/index.ts';
import { findAccountByIdentifier } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { getDepartment } from '../org/index.ts';
import { didFor, signJwsAs } from '../trust/index.ts';
import { describeField, fetchFields, maskForPurpose, type SubjectRef } from './exchange.data.ts';
import {
  type ClientRow,
  type DatasetRow,
  findDataset,
  findDatasets,
  insertRequest,
  type RequestRow,
} from './exchange.repository.ts';

export function presentDataset(d: DatasetRow): DatasetView {
  return {
    code: d.code,
    nameZh: d.name_zh,
    nameEn: d.name_en,
    subjectKind: d.subject_kind,
    sensitivity: d.sensitivity,
    ownerDepartmentId: d.owner_department_id,
    fields: d.fields.map(describeField),
    purposes: d.purposes,
    handler: d.handler,
    status: d.status,
    version: d.version,
    updatedAt: d.updated_at.toISOString(),
  };
}

export async function listDatasets(db: Db, ownerDepartmentId?: string): Promise<DatasetView[]> {
  return (await findDatasets(db, ownerDepartmentId)).map(presentDataset);
}

const identifierOf = (s: ExchangeSubject) => (s.kind === 'citizen' ? s.idNumber : s.creditCode);

interface Checked {
  dataset: DatasetRow;
  purpose: DatasetRow['purposes'][number];
  subject: SubjectRef;
}

/** The request names a dataset, a purpose permitted for it, its own fields and a subject of its kind. */
async function checkRequest(
  db: Db,
  body: { dataset: string; purpose: string; fields: string[]; subject: ExchangeSubject },
  seen: { provider: string | null },
): Promise<Checked> {
  const dataset = await findDataset(db, body.dataset);
  if (!dataset) throw new AppError('EXCHANGE_DATASET_NOT_FOUND');
  seen.provider = dataset.owner_department_id;
  if (dataset.status === 'retired') throw new AppError('EXCHANGE_DATASET_RETIRED');
  const purpose = dataset.purposes.find((p) => p.code === body.purpose);
  if (!purpose) throw new AppError('EXCHANGE_PURPOSE_NOT_PERMITTED');
  const outside = body.fields.filter((f) => !dataset.fields.includes(f));
  if (outside.length) throw new AppError('EXCHANGE_FIELD_NOT_PERMITTED', outside);
  if (body.subject.kind !== dataset.subject_kind) {
    throw new AppError('EXCHANGE_SUBJECT_KIND_MISMATCH', undefined, { kind: dataset.subject_kind });
  }
  const identifier = identifierOf(body.subject);
  const account = await findAccountByIdentifier(db, body.subject.kind, identifier);
  return {
    dataset,
    purpose,
    subject: { kind: body.subject.kind, identifier, accountId: account?.id ?? null },
  };
}

interface Outcome {
  row: RequestRow;
  client: ClientRow;
}

/**
 * Records the request and audits it on both sides in one transaction: the consumer's entry names
 * the data subject (so it shows in their "who used my data"), the provider's records what it gave.
 */
async function record(tx: Db, { row, client }: Outcome): Promise<void> {
  await insertRequest(tx, row);
  const details = {
    requestId: row.id,
    clientId: client.client_id,
    clientNameZh: client.name_zh,
    clientNameEn: client.name_en,
    dataset: row.dataset_code,
    fields: row.fields,
    outcome: row.outcome === 'allowed' ? 'used' : 'refused',
    refusalCode: row.refusal_code,
    basis: row.basis,
    consentReceiptId: row.consent_receipt_id,
  };
  await appendAudit(tx, {
    actorId: client.id,
    actorKind: 'system',
    action: 'exchange.request',
    subjectType: 'exchange_request',
    subjectId: row.id,
    personalData: row.outcome === 'allowed',
    details: {
      ...details,
      departmentId: row.consumer_department_id,
      providerDepartmentId: row.provider_department_id,
    },
    ...(row.subject_account_id ? { dataSubjectId: row.subject_account_id } : {}),
    purpose: row.purpose_code,
  });
  if (row.provider_department_id) {
    await appendAudit(tx, {
      actorId: client.id,
      actorKind: 'system',
      action: 'exchange.provide',
      subjectType: 'exchange_request',
      subjectId: row.id,
      personalData: row.outcome === 'allowed',
      details: {
        ...details,
        departmentId: row.provider_department_id,
        consumerDepartmentId: row.consumer_department_id,
      },
      purpose: row.purpose_code,
    });
  }
}

/**
 * One data request through the gateway: allowed only when the purpose is permitted for the dataset
 * AND a legal basis or a live consent of the subject (for this client, purpose and every field)
 * covers it; answers only the fields asked for, masked as the purpose requires, signed (JWS,
 * typ exchange-response+jwt) by the providing department's key. Refusals are recorded and audited
 * with their code too.
 */
export async function requestData(
  ctx: PlatformContext,
  client: ClientRow,
  body: ExchangeRequestBody,
): Promise<ExchangeResponse> {
  const now = ctx.now();
  const id = uuidv7();
  const seen: { provider: string | null; subject: string | null } = { provider: null, subject: null };
  const row = (over: Partial<RequestRow>): RequestRow => ({
    id,
    at: now,
    client_id: client.id,
    consumer_department_id: client.department_id,
    provider_department_id: seen.provider,
    dataset_code: body.dataset,
    purpose_code: body.purpose,
    subject_account_id: seen.subject,
    fields: body.fields,
    outcome: 'allowed',
    refusal_code: null,
    basis: null,
    consent_receipt_id: null,
    ...over,
  });
  try {
    const { dataset, purpose, subject } = await checkRequest(ctx.db, body, seen);
    seen.subject = subject.accountId;
    let consentReceiptId: string | null = null;
    if (!purpose.legalBases.length) {
      const live = subject.accountId
        ? await findLiveConsent(ctx.db, {
            subjectId: subject.accountId,
            clientId: client.client_id,
            dataset: dataset.code,
            purpose: purpose.code,
            fields: body.fields,
            at: now,
          })
        : undefined;
      if (!live) throw new AppError('EXCHANGE_CONSENT_REQUIRED');
      consentReceiptId = live.receiptId;
    }
    const basis = consentReceiptId ? 'consent' : 'legal';
    const fetched = await fetchFields(ctx, dataset.handler, subject, body.fields);
    const { data, masked } = maskForPurpose(purpose, fetched);
    const content = {
      iss: didFor(ctx, dataset.owner_department_id),
      aud: client.client_id,
      iat: Math.floor(now.getTime() / 1000),
      jti: id,
      dataset: dataset.code,
      purpose: purpose.code,
      basis,
      consentReceiptId,
      // Binds the answer to the subject asked about without repeating the identifier in clear.
      subjectDigest: createHash('sha256').update(`${subject.kind}:${subject.identifier}`).digest('hex'),
      data,
      masked,
    };
    const signed = await signJwsAs(ctx, dataset.owner_department_id, content, {
      typ: 'exchange-response+jwt',
    });
    await inTransaction(ctx.db, (tx) =>
      record(tx, { row: row({ basis, consent_receipt_id: consentReceiptId }), client }),
    );
    return {
      requestId: id,
      dataset: dataset.code,
      purpose: purpose.code,
      basis,
      consentReceiptId,
      data,
      masked,
      jws: signed.jws,
      kid: signed.kid,
      alg: signed.alg,
    };
  } catch (err) {
    if (isAppError(err)) {
      await inTransaction(ctx.db, (tx) =>
        record(tx, { row: row({ outcome: 'refused', refusal_code: err.code }), client }),
      );
    }
    throw err;
  }
}

/**
 * A client (or an officer of its department on its behalf) asks the subject's consent for fields
 * of a dataset for a purpose; the subject answers at /consents/requests/:id in the portal.
 */
export async function requestConsent(
  ctx: PlatformContext,
  client: ClientRow,
  body: ExchangeConsentRequestBody,
  actor: { id: string; kind: 'system' | 'staff' },
): Promise<{ id: string; url: string }> {
  const { dataset, purpose, subject } = await checkRequest(ctx.db, body, { provider: null });
  if (!subject.accountId) throw new AppError('EXCHANGE_SUBJECT_NOT_FOUND');
  const department = await getDepartment(ctx.db, client.department_id);
  const { id } = await inTransaction(ctx.db, async (tx) => {
    const created = await createConsentRequest(
      tx,
      {
        subjectAccountId: subject.accountId as string,
        recipient: {
          clientId: client.client_id,
          nameZh: client.name_zh,
          nameEn: client.name_en,
          departmentId: client.department_id,
          departmentNameZh: department?.nameZh ?? '',
          departmentNameEn: department?.nameEn ?? '',
        },
        dataset: { code: dataset.code, nameZh: dataset.name_zh, nameEn: dataset.name_en },
        purpose: {
          code: purpose.code,
          nameZh: purpose.nameZh,
          nameEn: purpose.nameEn,
          descriptionZh: purpose.descriptionZh,
          descriptionEn: purpose.descriptionEn,
        },
        fields: body.fields.map((code) => {
          const { labelZh, labelEn } = describeField(code);
          return { code, labelZh, labelEn };
        }),
        retentionDays: body.retentionDays,
        validDays: body.validDays,
        actor,
      },
      ctx.now(),
    );
    // The subject learns of the request in the portal's inbox, with the link to answer it.
    await notify(tx, {
      recipientAccountId: subject.accountId as string,
      kind: 'consent.requested',
      template: 'consent.requested',
      params: {
        recipient: { 'zh-CN': client.name_zh, en: client.name_en },
        dataset: { 'zh-CN': dataset.name_zh, en: dataset.name_en },
        purpose: { 'zh-CN': purpose.nameZh, en: purpose.nameEn },
      },
      link: `/consents/requests/${created.id}`,
      subject: { type: 'consent.request', id: created.id },
      dedupeKey: `consent.requested:${created.id}`,
    });
    return created;
  });
  return { id, url: new URL(`/consents/requests/${id}`, ctx.config.publicUrl).toString() };
}
