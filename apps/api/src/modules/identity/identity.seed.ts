import {
  creditCodeCheckChar,
  normalizeIdentifier,
  residentIdCheckChar,
  type StaffRoleName,
} from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { assignRole, getDepartmentByCode } from '../org/index.ts';
import type { NewAccount } from './identity.accounts.ts';
import { lookupIndex } from './identity.keys.ts';
import { findAccountByLogin } from './identity.repository.ts';
import { createAccount } from './identity.service.ts';

/** What the first start prints for each demo account. */
export interface DemoAccount {
  /** The account's id (the demo's already-issued licences name their holder by it). */
  accountId: string;
  login: string;
  password: string;
  kind: 'citizen' | 'enterprise' | 'staff';
  name: string;
  roles: string[];
}

/** Printed on the console of a demo installation only. */
export const DEMO_PASSWORD = 'Tongban@2026';

// Valid check characters, so the demo logins pass the same checks as real ones.
const CITIZEN_ID = '33900119900315123';
export const DEMO_CITIZEN_ID = CITIZEN_ID + residentIdCheckChar(CITIZEN_ID);
const CREDIT_CODE = '91339000MA1TB2026';
export const DEMO_CREDIT_CODE = CREDIT_CODE + creditCodeCheckChar(CREDIT_CODE);

const STAFF_DEPARTMENTS = ['SAMR', 'TAX', 'HRSS', 'PSB', 'HCD', 'NRP', 'MIB', 'HPF', 'CAB'];
const STAFF_POSTS: [suffix: string, role: StaffRoleName][] = [
  ['window', 'window'],
  ['officer', 'officer'],
  ['head', 'dept_head'],
];
const STAFF_NAMES = [
  ...'王芳 李强 张伟 刘洋 陈静 杨帆 赵磊 黄丽 周杰 吴敏 徐涛 孙悦 马超 朱琳'.split(' '),
  ...'胡斌 郭婷 何军 林娜 高峰 罗兰 梁晨 宋佳 郑凯 谢颖 韩松 唐雪 冯远 曹宁'.split(' '),
];

const ADMIN_NAMES = '许诺 邓辉 彭程 潘越 袁野 蒋青 蔡明 田甜 董立'.split(' ');

// Departments added later get their staff after everyone above, so the earlier demo names stay put.
const LATER_DEPARTMENTS: [code: string, staffNames: string[], adminName: string][] = [
  ['HC', ['沈洁', '钱坤', '叶青'], '程远'],
];

interface DemoPerson {
  input: NewAccount;
  login: string;
  name: string;
  roles: { departmentCode: string; role: StaffRoleName }[];
}

function demoPeople(): DemoPerson[] {
  const people: DemoPerson[] = [
    {
      input: {
        kind: 'citizen',
        name: '张明',
        idNumber: DEMO_CITIZEN_ID,
        phone: '13800138000',
        password: DEMO_PASSWORD,
      },
      login: DEMO_CITIZEN_ID,
      name: '张明',
      roles: [],
    },
    {
      input: {
        kind: 'enterprise',
        companyName: '明湖云帆科技有限公司',
        creditCode: DEMO_CREDIT_CODE,
        legalRepName: '李云帆',
        phone: '13900139000',
        password: DEMO_PASSWORD,
      },
      login: DEMO_CREDIT_CODE,
      name: '明湖云帆科技有限公司',
      roles: [],
    },
  ];
  let n = 0;
  for (const code of STAFF_DEPARTMENTS) {
    for (const [suffix, role] of STAFF_POSTS) {
      const username = `${code.toLowerCase()}.${suffix}`;
      const name = STAFF_NAMES[n++]!;
      people.push({
        input: { kind: 'staff', username, name, password: DEMO_PASSWORD },
        login: username,
        name,
        roles: [{ departmentCode: code, role }],
      });
    }
  }
  const auditor = STAFF_NAMES[n]!;
  people.push({
    input: { kind: 'staff', username: 'auditor', name: auditor, password: DEMO_PASSWORD },
    login: 'auditor',
    name: auditor,
    roles: [{ departmentCode: 'CAB', role: 'auditor' }],
  });
  // Each department's administrator (roles, holiday calendar, process definitions); added after the
  // others so the earlier demo names stay as the README and the journeys know them.
  STAFF_DEPARTMENTS.forEach((code, i) => {
    const username = `${code.toLowerCase()}.admin`;
    const name = ADMIN_NAMES[i]!;
    people.push({
      input: { kind: 'staff', username, name, password: DEMO_PASSWORD },
      login: username,
      name,
      roles: [{ departmentCode: code, role: 'dept_admin' }],
    });
  });
  for (const [code, staffNames, adminName] of LATER_DEPARTMENTS) {
    const posts: [suffix: string, role: StaffRoleName, name: string][] = [
      ...STAFF_POSTS.map(([suffix, role], i): [string, StaffRoleName, string] => [
        suffix,
        role,
        staffNames[i]!,
      ]),
      ['admin', 'dept_admin', adminName],
    ];
    for (const [suffix, role, name] of posts) {
      const username = `${code.toLowerCase()}.${suffix}`;
      people.push({
        input: { kind: 'staff', username, name, password: DEMO_PASSWORD },
        login: username,
        name,
        roles: [{ departmentCode: code, role }],
      });
    }
  }
  return people;
}

/**
 * The demo citizen, enterprise and staff (needs seedDemoOrg first, for the departments).
 * Accounts that already exist are kept, so running it twice changes nothing.
 */
export async function seedDemoAccounts(db: Db): Promise<DemoAccount[]> {
  const seeded: DemoAccount[] = [];
  for (const person of demoPeople()) {
    const existing = await findAccountByLogin(db, {
      loginIndex: lookupIndex(normalizeIdentifier(person.login)),
      username: person.login,
    });
    const accountId = existing?.id ?? (await createAccount(db, person.input)).id;
    for (const r of person.roles) {
      const dept = await getDepartmentByCode(db, r.departmentCode);
      if (!dept)
        throw new Error(`seedDemoAccounts: department ${r.departmentCode} missing; run seedDemoOrg first`);
      await assignRole(db, { accountId, departmentId: dept.id, role: r.role });
    }
    seeded.push({
      accountId,
      login: person.login,
      password: DEMO_PASSWORD,
      kind: person.input.kind,
      name: person.name,
      roles: person.roles.map((r) => `${r.departmentCode} ${r.role}`),
    });
  }
  return seeded;
}
