import { readFileSync } from 'node:fs';
import type { Db } from '../../platform/db.ts';
import { seedDemoDecisions } from '../decisions/index.ts';
import { editCalendar } from './calendar.service.ts';
import { addDays } from './calendar.ts';
import { deployDefinition } from './definitions.service.ts';
import * as repo from './workflow.repository.ts';

/** The demo processes shipped in ./definitions, deployed by the demo seed. */
export const DEMO_PROCESSES = [
  { key: 'simple-approval', name: '一般审批 Simple approval' },
  { key: 'business-licence', name: '企业设立登记 Business licence' },
  { key: 'residence-permit', name: '居住证办理 Residence permit' },
  { key: 'construction-permit', name: '建筑工程施工许可 Construction permit' },
  { key: 'instant-approval', name: '秒批秒办 Instant approval' },
  { key: 'senior-card', name: '老年人优待证（会签） Senior card (countersign)' },
] as const;

export function demoBpmn(key: string): string {
  return readFileSync(new URL(`./definitions/${key}.bpmn`, import.meta.url), 'utf8');
}

type Span = [from: string, to: string, nameZh: string, nameEn: string];

/** State Council schedule of public holidays for 2026, with the make-up working days (调休). */
const HOLIDAYS_2026: Span[] = [
  ['2026-01-01', '2026-01-03', '元旦', "New Year's Day"],
  ['2026-02-15', '2026-02-23', '春节', 'Spring Festival'],
  ['2026-04-04', '2026-04-06', '清明节', 'Qingming Festival'],
  ['2026-05-01', '2026-05-05', '劳动节', 'Labour Day'],
  ['2026-06-19', '2026-06-21', '端午节', 'Dragon Boat Festival'],
  ['2026-09-25', '2026-09-27', '中秋节', 'Mid-Autumn Festival'],
  ['2026-10-01', '2026-10-07', '国庆节', 'National Day'],
];
const MAKE_UP_WORKDAYS_2026: [string, string, string][] = [
  ['2026-01-04', '元旦调休上班', "New Year's make-up working day"],
  ['2026-02-14', '春节调休上班', 'Spring Festival make-up working day'],
  ['2026-02-28', '春节调休上班', 'Spring Festival make-up working day'],
  ['2026-05-09', '劳动节调休上班', 'Labour Day make-up working day'],
  ['2026-09-20', '国庆节调休上班', 'National Day make-up working day'],
  ['2026-10-10', '国庆节调休上班', 'National Day make-up working day'],
];

export function calendar2026(regionCode: string): repo.CalendarRow[] {
  const rows: repo.CalendarRow[] = [];
  for (const [from, to, nameZh, nameEn] of HOLIDAYS_2026) {
    for (let day = from; day <= to; day = addDays(day, 1)) {
      rows.push({ region_code: regionCode, day, kind: 'holiday', name_zh: nameZh, name_en: nameEn });
    }
  }
  for (const [day, nameZh, nameEn] of MAKE_UP_WORKDAYS_2026) {
    rows.push({ region_code: regionCode, day, kind: 'workday', name_zh: nameZh, name_en: nameEn });
  }
  return rows;
}

/** Deploys the demo processes and the 2026 calendar of region 339000. Idempotent; keeps edited days. */
export async function seedDemoWorkflows(db: Db): Promise<void> {
  // instant-approval calls a demo decision table, which must exist when it is deployed.
  await seedDemoDecisions(db);
  for (const p of DEMO_PROCESSES)
    await deployDefinition(db, { key: p.key, name: p.name, bpmnXml: demoBpmn(p.key) });
  await editCalendar(db, '339000', (tx) => repo.upsertCalendarDays(tx, calendar2026('339000'), true));
}
