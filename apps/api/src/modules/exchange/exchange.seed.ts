import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetPurpose, PublicJwks } from '@tongban/contracts';
import { exportJWK, generateKeyPair } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { type DatasetDefinition, publishDataset } from './exchange.datasets.ts';
import { findClient, insertClient } from './exchange.repository.ts';

const HPF_BASIS = {
  statuteZh: '《住房公积金管理条例》第二十四条、第二十五条',
  statuteEn: 'Regulations on the Administration of Housing Provident Fund, arts. 24 and 25',
};

const HPF_CHECK: Omit<DatasetPurpose, 'fullFields'> = {
  code: 'HPF_WITHDRAWAL_CHECK',
  nameZh: '住房公积金提取审核',
  nameEn: 'Housing fund withdrawal check',
  descriptionZh: '住房公积金管理中心审核提取申请时核对申请人的身份与情况',
  descriptionEn:
    "The housing fund centre checks the applicant's identity and situation when reviewing a withdrawal",
  legalBases: [HPF_BASIS],
};

type DemoDataset = Omit<DatasetDefinition, 'owner_department_id'> & { owner: string };

export const DEMO_DATASETS: DemoDataset[] = [
  {
    code: 'PSB-HOUSEHOLD',
    name_zh: '户籍登记信息',
    name_en: 'Household registration',
    subject_kind: 'citizen',
    sensitivity: 3,
    owner: 'PSB',
    fields: ['name', 'idNumber', 'sex', 'birthDate', 'householdAddress'],
    handler: { kind: 'internal', name: 'identity.profile' },
    purposes: [{ ...HPF_CHECK, fullFields: ['name', 'idNumber', 'householdAddress'] }],
  },
  {
    code: 'HRSS-SOCIAL-INSURANCE',
    name_zh: '社会保险参保记录',
    name_en: 'Social insurance record',
    subject_kind: 'citizen',
    sensitivity: 3,
    owner: 'HRSS',
    fields: ['name', 'idNumber', 'employerName'],
    // The HRSS system's own API (OpenAPI operation POST /insured-persons/query); a demo machine has no such
    // system, so requests to it answer EXCHANGE_PROVIDER_UNAVAILABLE there.
    handler: {
      kind: 'external',
      baseUrl: 'https://hrss.minghu.example.gov.cn/openapi/v1',
      operationPath: '/insured-persons/query',
    },
    purposes: [{ ...HPF_CHECK, fullFields: ['name', 'employerName'] }],
  },
  {
    code: 'LICENCES-HELD',
    name_zh: '持有的电子证照',
    name_en: 'E-licences held',
    subject_kind: 'citizen',
    sensitivity: 2,
    owner: 'SAMR',
    fields: ['name', 'idNumber', 'heldLicences'],
    handler: { kind: 'internal', name: 'licences.held' },
    purposes: [
      {
        code: 'ACCOUNT_OPENING',
        nameZh: '银行开户核验',
        nameEn: 'Bank account opening check',
        descriptionZh: '银行为您开立账户前核验您的身份和持有的证照',
        descriptionEn: 'The bank checks who you are and the licences you hold before opening your account',
        // No statute: only the holder's consent lets the bank ask.
        legalBases: [],
        fullFields: ['name', 'heldLicences'],
      },
    ],
  },
];

export const DEMO_CLIENTS = [
  {
    clientId: 'hpf-withdrawal',
    nameZh: '住房公积金提取审核系统',
    nameEn: 'Housing fund withdrawal system',
    department: 'HPF',
  },
  {
    clientId: 'minghu-bank',
    nameZh: '明湖农商银行开户系统',
    nameEn: 'Minghu Rural Bank account opening',
    department: 'SAMR',
  },
];

/**
 * The demo datasets and client systems. Each client's key pair is generated here; its private JWK
 * is written to `<dataDir>/exchange-demo-keys/<clientId>.jwk.json` so the demo can sign assertions.
 */
export async function seedDemoExchange(db: Db, dataDir: string): Promise<void> {
  for (const { owner, ...d } of DEMO_DATASETS) {
    const dept = await getDepartmentByCode(db, owner);
    if (!dept) throw new Error(`seedDemoExchange: department ${owner} missing`);
    await publishDataset(db, { ...d, owner_department_id: dept.id });
  }
  const keyDir = path.join(dataDir, 'exchange-demo-keys');
  for (const c of DEMO_CLIENTS) {
    if (await findClient(db, { clientId: c.clientId })) continue;
    const dept = await getDepartmentByCode(db, c.department);
    if (!dept) throw new Error(`seedDemoExchange: department ${c.department} missing`);
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const kid = `${c.clientId}-1`;
    const jwks: PublicJwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
    mkdirSync(keyDir, { recursive: true });
    writeFileSync(
      path.join(keyDir, `${c.clientId}.jwk.json`),
      JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' }),
      { mode: 0o600 },
    );
    await insertClient(db, {
      id: uuidv7(),
      client_id: c.clientId,
      name_zh: c.nameZh,
      name_en: c.nameEn,
      department_id: dept.id,
      jwks,
      status: 'active',
      created_at: new Date(),
      created_by: null,
    });
  }
}
