// Test support for the life-event bundles (一件事一次办): answers that pass the demo bundles' combined
// forms, as the applicant types them (shared fields once, then each item's own fields).
import { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE } from '../modules/identity/index.ts';
import { residentId } from './demo.ts';

/** The company-setup bundle's combined form data; `items` leaves out the groups of unchosen items. */
export function companySetupData(items = ['SAMR-BL', 'TAX-REG', 'HRSS-SSA']): Record<string, unknown> {
  // The credit code and the address are asked by tax and social insurance: shared only when both are chosen.
  const taxAndInsurance = { creditCode: DEMO_CREDIT_CODE, address: '东湖区明湖路8号创业大厦' };
  const both = items.includes('HRSS-SSA');
  const all: Record<string, unknown> = {
    shared: {
      companyName: '明湖云帆科技有限公司',
      legalRepName: '李云帆',
      phone: '13900139000',
      ...(both ? taxAndInsurance : {}),
    },
    'SAMR-BL': {
      company: {
        enterpriseType: 'limited_liability',
        registeredCapitalFen: 100_000_000,
        businessScope: '软件开发；信息技术咨询服务',
        registeredAddress: '东湖区明湖路8号创业大厦1201室',
        regionCode: '339001',
      },
      legalRep: { idNumber: residentId(71) },
    },
    'TAX-REG': {
      ...(both ? {} : { enterprise: taxAndInsurance }),
      tax: { taxpayerType: 'small_scale', financeOfficerName: '王会计', invoicesNeeded: true },
    },
    'HRSS-SSA': { insurance: { employeeCount: 5, bankAccount: '6222020200112233445' } },
  };
  return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'shared' || items.includes(k)));
}

export const MOTHER_ID = residentId(72);

/** The newborn bundle's combined form data (the demo citizen 张明 applies as the father). */
export function newbornData(items = ['HC-BMC', 'PSB-NB', 'MIB-NB']): Record<string, unknown> {
  const all: Record<string, unknown> = {
    shared: {
      childName: '张小禾',
      childSex: 'female',
      childBirthDate: '2026-11-01',
      motherName: '李娜',
      motherIdNumber: MOTHER_ID,
      fatherName: '张明',
      fatherIdNumber: DEMO_CITIZEN_ID,
      name: '张明',
      idNumber: DEMO_CITIZEN_ID,
      phone: '13800138000',
      ...(items.includes('MIB-NB') ? { regionCode: '339001' } : {}),
    },
    'HC-BMC': {
      newborn: {
        birthTime: '08:30',
        birthWeightG: 3300,
        gestationWeeks: 39,
        birthHospital: '明湖市妇幼保健院',
      },
    },
    'PSB-NB': {
      newborn: { ethnicity: '汉族' },
      household: {
        householdAddress: '东湖区明湖路1号',
        householdHeadName: '张明',
        relationToHead: 'child',
        // Without medical insurance only the registration asks for the region: it is not shared then.
        ...(items.includes('MIB-NB') ? {} : { regionCode: '339001' }),
      },
    },
    'MIB-NB': { insurance: { paymentMethod: 'online' } },
  };
  return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'shared' || items.includes(k)));
}
