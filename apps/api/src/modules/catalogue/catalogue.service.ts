import type {
  DeferralAction,
  DeferralPolicy,
  Material,
  ServiceCategories,
  ServiceDetail,
  ServiceListQuery,
  ServiceSummary,
} from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { type Department, listDepartments } from '../org/index.ts';
import {
  countItemsBy,
  findItemByCode,
  findItemById,
  findItems,
  findMaterials,
  type ItemRow,
  listLifeEvents,
  type MaterialRow,
} from './catalogue.repository.ts';

/** A service item as other modules see it (applications: checklist, deadlines, workflow). */
export interface ServiceItem {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  audience: 'citizen' | 'enterprise';
  departmentId: string;
  departmentCode: string;
  processKey: string;
  promisedDays: number;
  statutoryDays: number;
  feeFen: number;
  materials: {
    code: string;
    nameZh: string;
    nameEn: string;
    critical: boolean;
    required: boolean;
    /** E-licence types the applicant may use instead of an upload (免证办). */
    satisfiedByLicenceTypes: string[];
  }[];
  /** 容缺受理: null when the item offers none. */
  deferral: ServiceDeferral | null;
}

/** The item's deferral policy with its commitment templates (see 0003_deferral.sql). */
export interface ServiceDeferral {
  days: number;
  onExpired: DeferralAction;
  commitmentZh: string;
  commitmentEn: string;
}

function deferralOf(row: ItemRow): ServiceDeferral | null {
  if (row.deferral_days === null || !row.deferral_on_expired) return null;
  return {
    days: row.deferral_days,
    onExpired: row.deferral_on_expired,
    commitmentZh: row.deferral_commitment_zh ?? '',
    commitmentEn: row.deferral_commitment_en ?? '',
  };
}

/** A material the front desk may accept the case without: required, not critical, and the item allows it. */
const deferrable = (m: MaterialRow, policy: DeferralPolicy | null) =>
  policy !== null && m.required && !m.critical;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findItem(db: Db, idOrCode: string): Promise<ItemRow | undefined> {
  return UUID.test(idOrCode)
    ? findItemById(db, idOrCode.toLowerCase())
    : findItemByCode(db, idOrCode.toUpperCase());
}

function materialOf(m: MaterialRow, policy: DeferralPolicy | null = null): Material {
  return {
    code: m.code,
    nameZh: m.name_zh,
    nameEn: m.name_en,
    critical: m.critical,
    required: m.required,
    descriptionZh: m.description_zh,
    descriptionEn: m.description_en,
    acceptedFormats: m.accepted_formats,
    satisfiedByLicenceTypes: m.satisfied_by_licence_types,
    deferrable: deferrable(m, policy),
  };
}

/** The item by id or code (e.g. `HCD-CP`), or undefined. */
export async function getServiceItem(db: Db, idOrCode: string): Promise<ServiceItem | undefined> {
  const row = await findItem(db, idOrCode);
  if (!row) return undefined;
  return serviceItemOf(row, await findMaterials(db, row.id));
}

export function serviceItemOf(row: ItemRow, materials: MaterialRow[]): ServiceItem {
  return {
    id: row.id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    audience: row.audience,
    departmentId: row.department_id,
    departmentCode: row.department_code,
    processKey: row.process_key,
    promisedDays: row.promised_days,
    statutoryDays: row.statutory_days,
    feeFen: row.fee_fen,
    materials: materials.map((m) => ({
      code: m.code,
      nameZh: m.name_zh,
      nameEn: m.name_en,
      critical: m.critical,
      required: m.required,
      satisfiedByLicenceTypes: m.satisfied_by_licence_types,
    })),
    deferral: deferralOf(row),
  };
}

export async function departmentsById(db: Db): Promise<Map<string, Department>> {
  return new Map((await listDepartments(db)).map((d) => [d.id, d]));
}

function summaryOf(row: ItemRow, departments: Map<string, Department>): ServiceSummary {
  const dept = departments.get(row.department_id);
  return {
    id: row.id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    audience: row.audience,
    departmentCode: row.department_code,
    departmentNameZh: dept?.nameZh ?? row.department_code,
    departmentNameEn: dept?.nameEn ?? row.department_code,
    promisedDays: row.promised_days,
    feeFen: row.fee_fen,
    onlineLevel: row.online_level,
    categories: row.life_events,
  };
}

export function encodeCursor(code: string): string {
  return Buffer.from(JSON.stringify({ c: code })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const { c } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown };
    if (typeof c === 'string' && c.length > 0 && c.length <= 40) return c;
  } catch {
    // falls through to the coded error
  }
  throw new AppError('CURSOR_INVALID');
}

/** One page of the catalogue, filtered and searched, in code order. */
export async function listServices(
  db: Db,
  query: ServiceListQuery,
): Promise<{ items: ServiceSummary[]; nextCursor: string | null }> {
  const limit = query.limit ?? 20;
  const rows = await findItems(db, {
    q: query.q?.trim() || undefined,
    audience: query.audience,
    lifeEvent: query.category,
    departmentCode: query.department?.toUpperCase(),
    afterCode: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const departments = await departmentsById(db);
  return {
    items: page.map((r) => summaryOf(r, departments)),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.code) : null,
  };
}

/** The full guide of one item (办事指南), or SERVICE_NOT_FOUND. */
export async function getServiceDetail(db: Db, idOrCode: string): Promise<ServiceDetail> {
  const row = await findItem(db, idOrCode);
  if (!row) throw new AppError('SERVICE_NOT_FOUND');
  const [materials, departments] = await Promise.all([findMaterials(db, row.id), departmentsById(db)]);
  const deferral = deferralOf(row);
  const policy = deferral && { days: deferral.days, onExpired: deferral.onExpired };
  return {
    ...summaryOf(row, departments),
    departmentId: row.department_id,
    processKey: row.process_key,
    statutoryDays: row.statutory_days,
    legalBasis: row.legal_basis,
    materials: materials.map((m) => materialOf(m, policy)),
    guideZh: row.guide_zh,
    guideEn: row.guide_en,
    faq: row.faq,
    steps: row.steps,
    deferral: policy,
  };
}

const AUDIENCES = [
  { code: 'citizen', nameZh: '个人办事', nameEn: 'For individuals' },
  { code: 'enterprise', nameZh: '法人办事', nameEn: 'For enterprises' },
];

/** The ways to browse the catalogue: by life event, by department, by audience, with item counts. */
export async function listServiceCategories(db: Db): Promise<ServiceCategories> {
  const [events, byEvent, byDept, byAudience, departments] = await Promise.all([
    listLifeEvents(db),
    countItemsBy(db, 'life_event'),
    countItemsBy(db, 'department_code'),
    countItemsBy(db, 'audience'),
    listDepartments(db),
  ]);
  return {
    lifeEvents: events.map((e) => ({
      code: e.code,
      nameZh: e.name_zh,
      nameEn: e.name_en,
      itemCount: byEvent.get(e.code) ?? 0,
    })),
    departments: departments
      .filter((d) => byDept.has(d.code))
      .map((d) => ({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, itemCount: byDept.get(d.code)! })),
    audiences: AUDIENCES.map((a) => ({ ...a, itemCount: byAudience.get(a.code) ?? 0 })),
  };
}
