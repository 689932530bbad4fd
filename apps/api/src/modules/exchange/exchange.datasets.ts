import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DatasetHandler, FieldError, Locale, PublishDatasetBody } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { adminDepartment } from './exchange.admin.ts';
import { exchangeField, hasDataHandler, providerUrlAllowed } from './exchange.data.ts';
import { type DatasetRow, lockDataset, saveDataset, setDatasetStatus } from './exchange.repository.ts';

/**
 * Publishing the catalogue: a department admin publishes a dataset of their department (or its
 * next version) and retires it. Every version is kept; a consent names the fields it covers, so a
 * version that adds fields never widens a consent given before it.
 */
export type DatasetDefinition = Omit<DatasetRow, 'created_at' | 'status' | 'version' | 'updated_at'>;

/** A described OpenAPI document is data, not an upload: this bounds what one publish stores and parses. */
const OPENAPI_MAX_BYTES = 256 * 1024;

type Problem =
  | 'unknownField'
  | 'duplicate'
  | 'fullFieldOutside'
  | 'unknownHandler'
  | 'insecureUrl'
  | 'notOpenApi3'
  | 'openApiTooLarge'
  | 'operationNotFound'
  | 'operationNotPost';

const PROBLEMS: Record<Problem, Record<Locale, string>> = {
  unknownField: { 'zh-CN': '不是数据字典中的字段', en: 'is not a field of the data dictionary' },
  duplicate: { 'zh-CN': '重复出现', en: 'is listed twice' },
  fullFieldOutside: { 'zh-CN': '不是本数据集的字段', en: 'is not one of the dataset’s fields' },
  unknownHandler: {
    'zh-CN': '不是平台内已注册的数据处理程序',
    en: 'is not a data handler registered in the platform',
  },
  insecureUrl: { 'zh-CN': '须为 https:// 地址', en: 'must be an https:// URL' },
  notOpenApi3: { 'zh-CN': '不是 OpenAPI 3 接口描述', en: 'is not an OpenAPI 3 description' },
  openApiTooLarge: { 'zh-CN': '接口描述超过 256 KiB', en: 'is larger than 256 KiB' },
  operationNotFound: {
    'zh-CN': '接口描述中没有该 operationId',
    en: 'is not an operationId of the description',
  },
  operationNotPost: { 'zh-CN': '该操作须为 POST', en: 'must be a POST operation' },
};

class Problems {
  readonly list: FieldError[] = [];
  constructor(private readonly locale: Locale) {}
  add(pointer: string, code: Problem, value?: string) {
    const text = PROBLEMS[code][this.locale];
    this.list.push({ pointer, code, message: value === undefined ? text : `${value}: ${text}` });
  }
}

function checkDefinition(d: Omit<DatasetDefinition, 'handler'>, problems: Problems): void {
  d.fields.forEach((f, i) => {
    if (!exchangeField(f)) problems.add(`/fields/${i}`, 'unknownField', f);
    else if (d.fields.indexOf(f) !== i) problems.add(`/fields/${i}`, 'duplicate', f);
  });
  d.purposes.forEach((p, i) => {
    if (d.purposes.findIndex((q) => q.code === p.code) !== i)
      problems.add(`/purposes/${i}/code`, 'duplicate', p.code);
    p.fullFields.forEach((f, j) => {
      if (!d.fields.includes(f)) problems.add(`/purposes/${i}/fullFields/${j}`, 'fullFieldOutside', f);
    });
  });
}

/** The stored handler for what was published: an internal one by name, an external one from its OpenAPI operation. */
function resolveHandler(h: PublishDatasetBody['handler'], problems: Problems): DatasetHandler | undefined {
  if (h.kind === 'internal') {
    if (!hasDataHandler(h.name)) problems.add('/handler/name', 'unknownHandler', h.name);
    return { kind: 'internal', name: h.name };
  }
  let base: URL | undefined;
  try {
    base = new URL(h.baseUrl);
  } catch {}
  if (!base || !providerUrlAllowed(base)) problems.add('/handler/baseUrl', 'insecureUrl', h.baseUrl);
  const text = JSON.stringify(h.openapi);
  if (Buffer.byteLength(text) > OPENAPI_MAX_BYTES) {
    problems.add('/handler/openapi', 'openApiTooLarge');
    return undefined;
  }
  if (typeof h.openapi.openapi !== 'string' || !h.openapi.openapi.startsWith('3.')) {
    problems.add('/handler/openapi', 'notOpenApi3');
    return undefined;
  }
  const paths = (typeof h.openapi.paths === 'object' && h.openapi.paths) || {};
  for (const [path, item] of Object.entries(
    paths as Record<string, Record<string, { operationId?: string }>>,
  )) {
    for (const [method, op] of Object.entries(item ?? {})) {
      if (op?.operationId !== h.operationId) continue;
      if (method.toLowerCase() !== 'post') {
        problems.add('/handler/operationId', 'operationNotPost', h.operationId);
        return undefined;
      }
      return {
        kind: 'external',
        baseUrl: h.baseUrl,
        operationPath: path,
        operationId: h.operationId,
        openapiSha256: createHash('sha256').update(canonicalJson(h.openapi)).digest('hex'),
      };
    }
  }
  problems.add('/handler/operationId', 'operationNotFound', h.operationId);
  return undefined;
}

/**
 * Stores a dataset definition as its next version (the first when new), in one transaction with
 * its audit entry; the same definition again changes nothing. Only the owner department may
 * change a dataset. Used by the admin API and the demo seed.
 */
export async function storeDataset(
  ctx: Pick<PlatformContext, 'db' | 'now'>,
  d: DatasetDefinition,
  by: Actor | null,
): Promise<DatasetRow> {
  return inTransaction(ctx.db, async (tx) => {
    const current = await lockDataset(tx, d.code);
    if (current && current.owner_department_id !== d.owner_department_id)
      throw new AppError('EXCHANGE_DATASET_NOT_OWNED');
    if (current?.status === 'published' && isDeepStrictEqual(definitionOf(current), definitionOf(d)))
      return current;
    const now = ctx.now();
    const row: Omit<DatasetRow, 'created_at'> = {
      ...d,
      status: 'published',
      version: current ? current.version + 1 : 1,
      updated_at: now,
    };
    await saveDataset(tx, row, by?.accountId ?? null);
    await audit(tx, by, current ? 'exchange.dataset.update' : 'exchange.dataset.publish', row);
    return { ...row, created_at: current?.created_at ?? now };
  });
}

const DEFINITION_KEYS = [
  'code',
  'name_zh',
  'name_en',
  'subject_kind',
  'sensitivity',
  'owner_department_id',
  'fields',
  'purposes',
  'handler',
] as const satisfies (keyof DatasetDefinition)[];

/** What a version is made of, as JSON holds it (so a stored row and a new body compare equal). */
function definitionOf(d: DatasetDefinition): DatasetDefinition {
  return JSON.parse(JSON.stringify(Object.fromEntries(DEFINITION_KEYS.map((k) => [k, d[k]]))));
}

async function audit(tx: Db, by: Actor | null, action: string, d: Omit<DatasetRow, 'created_at'>) {
  await appendAudit(tx, {
    actorId: by?.accountId ?? null,
    actorKind: by ? 'staff' : 'system',
    action,
    subjectType: 'exchange_dataset',
    subjectId: d.code,
    details: {
      departmentId: d.owner_department_id,
      version: d.version,
      status: d.status,
      fields: d.fields,
      purposes: d.purposes.map((p) => ({
        code: p.code,
        legalBases: p.legalBases.length,
        fullFields: p.fullFields,
      })),
      handler: d.handler.kind === 'internal' ? d.handler : { ...d.handler },
    },
  });
}

/** Checks a definition written in code (the demo seed): a mistake there is a programming error. */
function assertDefinition(d: DatasetDefinition): void {
  const problems = new Problems('en');
  checkDefinition(d, problems);
  if (d.handler.kind === 'internal' && !hasDataHandler(d.handler.name))
    problems.add('/handler/name', 'unknownHandler', d.handler.name);
  if (problems.list.length)
    throw new Error(`dataset ${d.code}: ${problems.list.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
}

/** Publishes a dataset defined in code (the demo seed, tests): checked, then stored as its next version. */
export async function publishDataset(db: Db, d: DatasetDefinition): Promise<DatasetRow> {
  assertDefinition(d);
  return storeDataset({ db, now: () => new Date() }, d, null);
}

/** PUT /admin/exchange/datasets/:code: publishes a dataset of the admin's department, or its next version. */
export async function publishDatasetAs(
  ctx: PlatformContext,
  actor: Actor,
  code: string,
  body: PublishDatasetBody,
  locale: Locale,
): Promise<DatasetRow> {
  const owner = adminDepartment(actor, body.departmentId);
  const problems = new Problems(locale);
  const base = {
    code,
    name_zh: body.nameZh,
    name_en: body.nameEn,
    subject_kind: body.subjectKind,
    sensitivity: body.sensitivity,
    owner_department_id: owner,
    fields: body.fields,
    purposes: body.purposes,
  };
  checkDefinition(base, problems);
  const handler = resolveHandler(body.handler, problems);
  if (problems.list.length || !handler) throw new AppError('EXCHANGE_DATASET_INVALID', problems.list);
  return storeDataset(ctx, { ...base, handler }, actor);
}

/** Retires a dataset of the admin's department: new requests (and consent requests) are refused from now on. */
export async function retireDatasetAs(ctx: PlatformContext, actor: Actor, code: string): Promise<DatasetRow> {
  return inTransaction(ctx.db, async (tx) => {
    const current = await lockDataset(tx, code);
    if (!current) throw new AppError('EXCHANGE_DATASET_NOT_FOUND');
    const mine = actor.roles.some(
      (r) => r.role === 'dept_admin' && r.departmentId === current.owner_department_id,
    );
    if (!mine) throw new AppError('EXCHANGE_DATASET_NOT_OWNED');
    if (current.status === 'retired') return current;
    const now = ctx.now();
    await setDatasetStatus(tx, code, 'retired', now);
    const row = { ...current, status: 'retired' as const, updated_at: now };
    await audit(tx, actor, 'exchange.dataset.retire', row);
    return row;
  });
}
