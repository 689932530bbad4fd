import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { DEMO_ITEMS, LIFE_EVENTS } from './catalogue.demo-data.ts';
import { upsertItem, upsertLifeEvents } from './catalogue.repository.ts';

/**
 * Seeds the life events and the nine demo service items of 明湖市 (idempotent: items are
 * matched by code and updated in place, keeping their ids). The org departments must exist.
 */
export async function seedDemoCatalogue(db: Db): Promise<void> {
  await upsertLifeEvents(
    db,
    LIFE_EVENTS.map((e, position) => ({ code: e.code, name_zh: e.nameZh, name_en: e.nameEn, position })),
  );
  for (const item of DEMO_ITEMS) {
    const dept = await getDepartmentByCode(db, item.department);
    if (!dept) throw new AppError('DEMO_ORG_MISSING', undefined, { code: item.department });
    await upsertItem(
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
        satisfied_by_licence_types: [],
      })),
    );
  }
}
