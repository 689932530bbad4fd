import {
  type DatasetHandler,
  type DatasetPurpose,
  dictionaryField,
  type SubjectKind,
} from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskValue, type Viewer } from '../../platform/masking.ts';
import { getProfile } from '../identity/index.ts';
import { holderLicences } from '../licences/index.ts';

/** Whom a request is about: the identifier the client gave and, when registered, the account. */
export interface SubjectRef {
  kind: SubjectKind;
  identifier: string;
  accountId: string | null;
}

/** A field a dataset may hold: the data dictionary's fields, plus the few only datasets carry. */
export interface ExchangeField {
  code: string;
  labelZh: string;
  labelEn: string;
  sensitivity: number;
}

const DATASET_ONLY_FIELDS: Record<string, ExchangeField> = {
  heldLicences: {
    code: 'heldLicences',
    labelZh: '持有的电子证照',
    labelEn: 'E-licences held',
    sensitivity: 2,
  },
};

export function exchangeField(code: string): ExchangeField | undefined {
  const d = dictionaryField(code);
  return d
    ? { code, labelZh: d.labelZh, labelEn: d.labelEn, sensitivity: d.sensitivity }
    : DATASET_ONLY_FIELDS[code];
}

/** The field's labels and grade; a code nobody defines is shown as itself and treated as the most sensitive. */
export function describeField(code: string): ExchangeField {
  return exchangeField(code) ?? { code, labelZh: code, labelEn: code, sensitivity: 4 };
}

/**
 * Produces a dataset's fields for one subject inside the platform, through another module's public
 * API; answers undefined when it holds nothing on the subject.
 */
export type InternalHandler = (
  ctx: PlatformContext,
  subject: SubjectRef,
  fields: string[],
) => Promise<Record<string, unknown> | undefined>;

const handlers = new Map<string, InternalHandler>();

/** Registers (or replaces) an internal handler by name; datasets name it in `handler.name`. */
export function registerDataHandler(name: string, handler: InternalHandler): void {
  handlers.set(name, handler);
}

export function hasDataHandler(name: string): boolean {
  return handlers.has(name);
}

const PROFILE_FIELDS: Record<string, (p: Awaited<ReturnType<typeof getProfile>>) => unknown> = {
  name: (p) => p.name,
  idNumber: (p) => p.idNumber,
  sex: (p) => p.sex,
  birthDate: (p) => p.birthDate,
  phone: (p) => p.phone,
  address: (p) => p.address,
  // The registered residence (户籍地址) is the address real-name registration recorded.
  householdAddress: (p) => p.address,
  companyName: (p) => p.companyName,
  creditCode: (p) => p.creditCode,
  legalRepName: (p) => p.legalRepName,
};

registerDataHandler('identity.profile', async (ctx, subject) => {
  if (!subject.accountId) return undefined;
  const profile = await getProfile(ctx.db, subject.accountId);
  return Object.fromEntries(
    Object.entries(PROFILE_FIELDS).map(([code, get]) => [code, get(profile) ?? null]),
  );
});

registerDataHandler('licences.held', async (ctx, subject) => {
  if (!subject.accountId) return undefined;
  const profile = await getProfile(ctx.db, subject.accountId);
  const held = await holderLicences(ctx.db, subject.accountId, { now: ctx.now() });
  return {
    name: profile.name,
    idNumber: profile.idNumber ?? null,
    creditCode: profile.creditCode ?? null,
    heldLicences: held.map((l) => ({
      type: l.typeCode,
      number: l.number,
      status: l.status,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      issuerDepartmentId: l.issuerDepartmentId,
    })),
  };
});

/** An external provider's answer is bounded: a slow or huge answer fails the request, not the gateway. */
export const FETCH_TIMEOUT_MS = 5000;
export const FETCH_MAX_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

async function readLimited(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AppError('EXCHANGE_PROVIDER_UNAVAILABLE');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Department systems are called over HTTPS only (plain HTTP only to this machine, for tests). */
export function providerUrlAllowed(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/**
 * Calls a department system's operation (POST baseUrl + operationPath, as its OpenAPI description
 * gives them) with `{ subject: { kind, identifier }, fields }`; expects `{ data: { field: value } }`,
 * 404 when it has nothing on the subject. HTTPS only (plain HTTP only to this machine, for tests).
 */
async function fetchExternal(
  handler: Extract<DatasetHandler, { kind: 'external' }>,
  subject: SubjectRef,
  fields: string[],
): Promise<Record<string, unknown> | undefined> {
  const base = handler.baseUrl.endsWith('/') ? handler.baseUrl : `${handler.baseUrl}/`;
  const url = new URL(handler.operationPath.replace(/^\//, ''), base);
  if (!providerUrlAllowed(url)) throw new AppError('EXCHANGE_PROVIDER_UNAVAILABLE');
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ subject: { kind: subject.kind, identifier: subject.identifier }, fields }),
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    throw new AppError('EXCHANGE_PROVIDER_UNAVAILABLE');
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new AppError('EXCHANGE_PROVIDER_UNAVAILABLE');
  }
  try {
    const body = JSON.parse(await readLimited(res, FETCH_MAX_BYTES)) as { data?: unknown };
    if (body.data && typeof body.data === 'object' && !Array.isArray(body.data)) {
      return body.data as Record<string, unknown>;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
  }
  throw new AppError('EXCHANGE_PROVIDER_UNAVAILABLE');
}

/** The requested fields of the subject from the dataset's handler, or EXCHANGE_SUBJECT_NOT_FOUND. */
export async function fetchFields(
  ctx: PlatformContext,
  handler: DatasetHandler,
  subject: SubjectRef,
  fields: string[],
): Promise<Record<string, unknown>> {
  let all: Record<string, unknown> | undefined;
  if (handler.kind === 'external') all = await fetchExternal(handler, subject, fields);
  else {
    const internal = handlers.get(handler.name);
    if (!internal) throw new AppError('EXCHANGE_PROVIDER_UNAVAILABLE');
    all = await internal(ctx, subject, fields);
  }
  if (!all) throw new AppError('EXCHANGE_SUBJECT_NOT_FOUND');
  // Only what was asked for leaves the gateway, whatever the handler returned.
  return Object.fromEntries(fields.map((f) => [f, all[f] ?? null]));
}

/**
 * Masks as the purpose requires, by the platform's one masking policy: fields the purpose lists in
 * `fullFields` go in full, the rest of grade 2 or more are masked (resident ID 110105********123X,
 * phone 138****5678, name 张*, other text keeping its first and last character).
 */
export function maskForPurpose(
  purpose: DatasetPurpose,
  data: Record<string, unknown>,
): { data: Record<string, unknown>; masked: string[] } {
  const viewer: Viewer = { kind: 'exchange', purpose: purpose.code, fullFields: purpose.fullFields };
  const masked: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [code, value] of Object.entries(data)) {
    const field = { pointer: `/${code}`, fieldCode: code, sensitivity: describeField(code).sensitivity };
    out[code] = maskValue(viewer, code, field, value);
    if (out[code] !== value) masked.push(code);
  }
  return { data: out, masked };
}
