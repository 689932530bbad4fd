import type { BundleDetail, BundleListQuery, BundleSummary } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Department } from '../org/index.ts';
import {
  type BundleRow,
  findBundleByCode,
  findBundleItems,
  findBundles,
  findMaterialsOfItems,
  type ItemRow,
  type MaterialRow,
} from './catalogue.repository.ts';
import {
  decodeCursor,
  departmentsById,
  encodeCursor,
  type ServiceItem,
  serviceItemOf,
} from './catalogue.service.ts';

// Life-event bundles (一件事一次办): which items a bundle groups, which of them the applicant may
// leave out, and the one materials list of the chosen items.

/** A bundle as other modules see it (forms composes its form, bundles files its cases). */
export interface BundleDefinition {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  lifeEvent: string;
  audience: 'citizen' | 'enterprise';
  /** In the bundle's order. */
  items: BundleEntry[];
}

export interface BundleEntry {
  item: ServiceItem;
  required: boolean;
  /** Documents this item issues, which the bundle's other items then do not ask for. */
  issuesMaterials: string[];
}

type BundleItemJoin = ItemRow & {
  bundle_id: string;
  position: number;
  required: boolean;
  issues_materials: string[];
};

function byBundle<T extends { bundle_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(r.bundle_id, [...(out.get(r.bundle_id) ?? []), r]);
  return out;
}

function itemSummaryOf(row: BundleItemJoin, departments: Map<string, Department>) {
  const dept = departments.get(row.department_id);
  return {
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    departmentCode: row.department_code,
    departmentNameZh: dept?.nameZh ?? row.department_code,
    departmentNameEn: dept?.nameEn ?? row.department_code,
    required: row.required,
    promisedDays: row.promised_days,
    feeFen: row.fee_fen,
  };
}

function summaryOf(
  b: BundleRow,
  items: BundleItemJoin[],
  departments: Map<string, Department>,
): BundleSummary {
  return {
    code: b.code,
    nameZh: b.name_zh,
    nameEn: b.name_en,
    lifeEvent: b.life_event,
    audience: b.audience,
    summaryZh: b.summary_zh,
    summaryEn: b.summary_en,
    items: items.map((i) => itemSummaryOf(i, departments)),
  };
}

/** One page of bundles, by audience and life event, in code order (public). */
export async function listBundles(
  db: Db,
  query: BundleListQuery,
): Promise<{ items: BundleSummary[]; nextCursor: string | null }> {
  const limit = query.limit ?? 20;
  const rows = await findBundles(db, {
    audience: query.audience,
    lifeEvent: query.lifeEvent,
    afterCode: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const [items, departments] = await Promise.all([
    findBundleItems(
      db,
      page.map((b) => b.id),
    ),
    departmentsById(db),
  ]);
  const itemsOf = byBundle(items);
  return {
    items: page.map((b) => summaryOf(b, itemsOf.get(b.id) ?? [], departments)),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.code) : null,
  };
}

/** A material of one item in a bundle, wherever it comes from (catalogue rows or a ServiceItem). */
interface MaterialLike {
  code: string;
  critical: boolean;
  required: boolean;
}

/**
 * The one materials list of the given items of a bundle: each code once (names from the first
 * item that asks for it), critical or required when any of those items says so. A document issued
 * by one of the given items (the business licence of the company registration) is not asked for:
 * `issuedBy` names that item.
 */
export function mergeBundleMaterials<M extends MaterialLike>(
  items: { code: string; issuesMaterials: string[]; materials: M[] }[],
): (M & { items: string[]; issuedBy: string | null })[] {
  const issuer = new Map<string, string>();
  for (const i of items) for (const code of i.issuesMaterials) issuer.set(code, i.code);
  const merged = new Map<string, M & { items: string[]; issuedBy: string | null }>();
  for (const i of items) {
    for (const m of i.materials) {
      const issuedBy = issuer.get(m.code) ?? null;
      if (issuedBy === i.code) continue;
      const seen = merged.get(m.code);
      if (!seen) {
        merged.set(m.code, {
          ...m,
          critical: !issuedBy && m.critical && m.required,
          required: !issuedBy && m.required,
          items: [i.code],
          issuedBy,
        });
      } else {
        seen.items.push(i.code);
        seen.critical ||= !issuedBy && m.critical && m.required;
        seen.required ||= !issuedBy && m.required;
      }
    }
  }
  return [...merged.values()];
}

/** The guide of one bundle: its items, which are optional, and the combined materials (public). */
export async function getBundleDetail(db: Db, code: string): Promise<BundleDetail> {
  const bundle = await findBundleByCode(db, code);
  if (!bundle) throw new AppError('BUNDLE_NOT_FOUND');
  const [items, departments] = await Promise.all([findBundleItems(db, [bundle.id]), departmentsById(db)]);
  const materials = byItem(
    await findMaterialsOfItems(
      db,
      items.map((i) => i.id),
    ),
  );
  return {
    ...summaryOf(bundle, items, departments),
    guideZh: bundle.guide_zh,
    guideEn: bundle.guide_en,
    faq: bundle.faq,
    promisedDays: Math.max(0, ...items.map((i) => i.promised_days)),
    materials: mergeBundleMaterials(
      items.map((i) => ({
        code: i.code,
        issuesMaterials: i.issues_materials,
        materials: (materials.get(i.id) ?? []).map(guideMaterialOf),
      })),
    ),
  };
}

/** What the bundle's guide says of a material; deferral (容缺受理) is each item's own policy, per case. */
function guideMaterialOf(m: MaterialRow) {
  return {
    code: m.code,
    nameZh: m.name_zh,
    nameEn: m.name_en,
    descriptionZh: m.description_zh,
    descriptionEn: m.description_en,
    critical: m.critical,
    required: m.required,
    acceptedFormats: m.accepted_formats,
  };
}

function byItem(rows: MaterialRow[]): Map<string, MaterialRow[]> {
  const out = new Map<string, MaterialRow[]>();
  for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r]);
  return out;
}

/** The bundle with its items as other modules use them, or undefined. */
export async function getBundle(db: Db, code: string): Promise<BundleDefinition | undefined> {
  const bundle = await findBundleByCode(db, code);
  if (!bundle) return undefined;
  const items = await findBundleItems(db, [bundle.id]);
  const materials = byItem(
    await findMaterialsOfItems(
      db,
      items.map((i) => i.id),
    ),
  );
  return {
    id: bundle.id,
    code: bundle.code,
    nameZh: bundle.name_zh,
    nameEn: bundle.name_en,
    lifeEvent: bundle.life_event,
    audience: bundle.audience,
    items: items.map((i) => ({
      item: serviceItemOf(i, materials.get(i.id) ?? []),
      required: i.required,
      issuesMaterials: i.issues_materials,
    })),
  };
}

/**
 * The items the applicant chose, in the bundle's order: every code must be one of the bundle's
 * (BUNDLE_ITEM_UNKNOWN) and no required item may be left out (BUNDLE_ITEM_REQUIRED). No choice
 * means every item.
 */
export function chooseBundleItems(bundle: BundleDefinition, chosen?: readonly string[]): BundleEntry[] {
  if (!chosen) return bundle.items;
  const wanted = new Set(chosen.map((c) => c.toUpperCase()));
  const known = new Set(bundle.items.map((e) => e.item.code));
  for (const code of wanted) {
    if (!known.has(code)) throw new AppError('BUNDLE_ITEM_UNKNOWN', [{ code }], { code: code.slice(0, 40) });
  }
  for (const e of bundle.items) {
    if (e.required && !wanted.has(e.item.code)) {
      throw new AppError('BUNDLE_ITEM_REQUIRED', [{ code: e.item.code }], { code: e.item.code });
    }
  }
  return bundle.items.filter((e) => wanted.has(e.item.code));
}
