import type { Region } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type Db, inTransaction } from '../../platform/db.ts';
import { insertDepartment, insertRegion } from './org.repository.ts';

/** The fictional demo city (shared demo vocabulary) and the province it sits in. */
const DEMO_REGIONS: Region[] = [
  { code: '330000', nameZh: '浙江省', nameEn: 'Zhejiang Province', parentCode: null, level: 'province' },
  { code: '339000', nameZh: '明湖市', nameEn: 'Minghu City', parentCode: '330000', level: 'city' },
  { code: '339001', nameZh: '东湖区', nameEn: 'Donghu District', parentCode: '339000', level: 'district' },
  { code: '339002', nameZh: '西湖区', nameEn: 'Xihu District', parentCode: '339000', level: 'district' },
  { code: '339003', nameZh: '南山区', nameEn: 'Nanshan District', parentCode: '339000', level: 'district' },
];

const DEMO_DEPARTMENTS: [code: string, nameZh: string, nameEn: string][] = [
  ['SAMR', '市场监督管理局', 'Market Regulation Bureau'],
  ['TAX', '税务局', 'Tax Bureau'],
  ['HRSS', '人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['PSB', '公安局', 'Public Security Bureau'],
  ['HCD', '住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'],
  ['NRP', '自然资源和规划局', 'Natural Resources and Planning Bureau'],
  ['MIB', '医疗保障局', 'Medical Insurance Bureau'],
  ['HPF', '住房公积金管理中心', 'Housing Provident Fund Centre'],
  ['CAB', '民政局', 'Civil Affairs Bureau'],
  ['HOTLINE', '12345政务服务便民热线中心', '12345 Hotline Centre'],
  // Issues the birth medical certificate of the newborn "one thing" bundle (出生一件事).
  ['HC', '卫生健康委员会', 'Health Commission'],
];

/** Region 339000 with its districts and the eleven demo departments; running it again changes nothing. */
export async function seedDemoOrg(db: Db): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const region of DEMO_REGIONS) await insertRegion(tx, region);
    for (const [code, nameZh, nameEn] of DEMO_DEPARTMENTS) {
      await insertDepartment(tx, { id: uuidv7(), code, nameZh, nameEn, regionCode: '339000' });
    }
  });
}
