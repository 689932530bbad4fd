// The demo's already-issued licences (免证办 needs something to reuse): the demo citizen 张明 holds a
// 户口簿 (issued by PSB) and a 结婚证 (CAB), the demo enterprise 明湖云帆科技有限公司 its 营业执照 (SAMR).
// They are issued for real — signed by each department's key, numbered, logged and put on the status
// list — through the licences module's own issue path; only their content is fixed here.
import { residentIdCheckChar } from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE } from '../identity/index.ts';
import { findHolderLicences, findType } from './licences.repository.ts';
import { issueLicence } from './licences.service.ts';

export interface DemoHeldLicence {
  /** The holder's login: the demo citizen's resident ID number or the enterprise's credit code. */
  holderLogin: string;
  typeCode: 'household_register' | 'marriage_certificate' | 'business_licence';
  /** When it was issued (validity starts then); demo licences of these types do not expire. */
  validFrom: string;
  /** Credential fields, named as the type's fields (data dictionary codes where one exists). */
  fields: Record<string, string | number>;
}

const SPOUSE_ID = '33900119920408222';

export const DEMO_HELD_LICENCES: DemoHeldLicence[] = [
  {
    holderLogin: DEMO_CITIZEN_ID,
    typeCode: 'household_register',
    validFrom: '2018-06-01T02:00:00.000Z',
    fields: {
      name: '张明',
      idNumber: DEMO_CITIZEN_ID,
      sex: 'male',
      birthDate: '1990-03-15',
      householdAddress: '明湖市东湖区滨湖路18号3幢201室',
      householdHeadName: '张明',
      relationToHead: '户主',
    },
  },
  {
    holderLogin: DEMO_CITIZEN_ID,
    typeCode: 'marriage_certificate',
    validFrom: '2020-05-20T01:30:00.000Z',
    fields: {
      name: '张明',
      idNumber: DEMO_CITIZEN_ID,
      spouseName: '李华',
      spouseIdNumber: SPOUSE_ID + residentIdCheckChar(SPOUSE_ID),
      registeredOn: '2020-05-20',
    },
  },
  {
    holderLogin: DEMO_CREDIT_CODE,
    typeCode: 'business_licence',
    validFrom: '2026-01-05T01:00:00.000Z',
    fields: {
      companyName: '明湖云帆科技有限公司',
      enterpriseType: 'limited_liability',
      legalRepresentative: '李云帆',
      registeredCapitalFen: 100_000_000,
      registeredAddress: '明湖市东湖区科创大道100号A座12层',
      businessScope: '软件开发；信息技术咨询服务；数据处理和存储支持服务',
    },
  },
];

/**
 * Issues the demo's held licences in the caller's (seed) transaction, each through `issueLicence`:
 * signed by the issuing department's key, numbered, logged, on the status list. `holderIdOf` finds the
 * account of a demo login (identity). A holder who already has a licence of the type gets none more,
 * so running it again changes nothing.
 */
export async function seedDemoHeldLicences(
  ctx: PlatformContext,
  tx: Db,
  holderIdOf: (login: string) => Promise<string | undefined>,
): Promise<void> {
  for (const demo of DEMO_HELD_LICENCES) {
    const [holderId, type] = await Promise.all([holderIdOf(demo.holderLogin), findType(tx, demo.typeCode)]);
    if (!holderId) throw new Error(`demo licences: no account for ${demo.holderLogin}`);
    if (!type) throw new Error(`demo licences: licence type ${demo.typeCode} not seeded`);
    const held = await findHolderLicences(tx, holderId, { types: [demo.typeCode], now: ctx.now() });
    if (held.length) continue;
    await issueLicence(ctx, tx, { type, holderId, fields: demo.fields, validFrom: new Date(demo.validFrom) });
  }
}
