import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { DEMO_BUNDLES, type DemoBundle } from './catalogue.bundles-data.ts';
import { DEMO_DEFERRAL_POLICIES } from './catalogue.deferral-data.ts';
import { DEMO_ITEMS, LIFE_EVENTS } from './catalogue.demo-data.ts';
import {
  findItemByCode,
  setDeferralPolicy,
  upsertBundle,
  upsertItem,
  upsertLifeEvents,
} from './catalogue.repository.ts';

/**
 * Seeds the life events, the twelve demo service items of 明湖市 and the two life-event bundles
 * (idempotent: items and bundles are matched by code and updated in place, keeping their ids).
 * The org departments must exist.
 */
export async function seedDemoCatalogue(db: Db): Promise<void> {
  await upsertLifeEvents(
    db,
    LIFE_EVENTS.map((e, position) => ({ code: e.code, name_zh: e.nameZh, name_en: e.nameEn, position })),
  );
  for (const item of DEMO_ITEMS) {
    const dept = await getDepartmentByCode(db, item.department);
    if (!dept) throw new AppError('DEMO_ORG_MISSING', undefined, { code: item.department });
    const itemId = await upsertItem(
      db,
      {
        id: uuidv7(),
        code: item.code,
        name_zh: item.nameZh,
        name_en: item.nameEn,
        audience: item.audience,
        department_id: dept.id,
        department_code: dept.code,
        process_key: item.processKey,
        promised_days: item.promisedDays,
        statutory_days: item.statutoryDays,
        fee_fen: item.feeFen,
        online_level: item.onlineLevel,
        life_events: item.lifeEvents,
        legal_basis: item.legalBasis,
        guide_zh: item.guideZh,
        guide_en: item.guideEn,
        faq: item.faq,
        steps: item.steps,
      },
      item.materials.map((m, position) => ({
        code: m.code,
        position,
        name_zh: m.nameZh,
        name_en: m.nameEn,
        critical: m.critical,
        required: m.required,
        description_zh: m.descriptionZh,
        description_en: m.descriptionEn,
        accepted_formats: ['pdf', 'jpg', 'png'],
        satisfied_by_licence_types: m.satisfiedByLicenceTypes ?? [],
      })),
    );
    const deferral = DEMO_DEFERRAL_POLICIES[item.code];
    await setDeferralPolicy(db, itemId, {
      deferral_days: deferral?.days ?? null,
      deferral_on_expired: deferral?.onExpired ?? null,
      deferral_commitment_zh: deferral?.commitmentZh ?? null,
      deferral_commitment_en: deferral?.commitmentEn ?? null,
    });
  }
  for (const bundle of DEMO_BUNDLES) await seedBundle(db, bundle);
}

/** A bundle groups existing items of its own audience, at least one of them required. */
async function seedBundle(db: Db, bundle: DemoBundle): Promise<void> {
  const items = [];
  for (const [position, entry] of bundle.items.entries()) {
    const item = await findItemByCode(db, entry.code);
    if (!item || item.audience !== bundle.audience) {
      throw new Error(`bundle ${bundle.code}: item ${entry.code} is missing or not for ${bundle.audience}`);
    }
    items.push({
      item_id: item.id,
      position,
      required: entry.required,
      issues_materials: entry.issuesMaterials ?? [],
    });
  }
  if (!items.some((i) => i.required)) throw new Error(`bundle ${bundle.code}: no required item`);
  await upsertBundle(
    db,
    {
      id: uuidv7(),
      code: bundle.code,
      name_zh: bundle.nameZh,
      name_en: bundle.nameEn,
      life_event: bundle.lifeEvent,
      audience: bundle.audience,
      summary_zh: bundle.summaryZh,
      summary_en: bundle.summaryEn,
      guide_zh: bundle.guideZh,
      guide_en: bundle.guideEn,
      faq: bundle.faq,
    },
    items,
  );
}
