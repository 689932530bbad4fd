import type { Db } from '../../platform/db.ts';
import { type LicenceTypeField, type LicenceTypeRow, upsertType } from './licences.repository.ts';

const f = (
  pointer: string,
  name: string,
  labelZh: string,
  labelEn: string,
  pub = false,
): LicenceTypeField => ({
  pointer,
  name,
  labelZh,
  labelEn,
  public: pub,
});

/** A person's name, sex, date of birth and ID number, as the form section at `at` asks them. */
const person = (at: string, which: ('name' | 'sex' | 'birthDate' | 'idNumber')[]): LicenceTypeField[] => {
  const all = {
    name: f(`${at}/name`, 'name', '姓名', 'Name'),
    sex: f(`${at}/sex`, 'sex', '性别', 'Sex'),
    birthDate: f(`${at}/birthDate`, 'birthDate', '出生日期', 'Date of birth'),
    idNumber: f(`${at}/idNumber`, 'idNumber', '公民身份号码', 'Resident ID number'),
  };
  return which.map((k) => all[k]);
};

/**
 * The demo licence types: which approval issues each (catalogue item codes), its issuer, validity and
 * which form answers become credential fields. 户口簿 and 结婚证 have no item here: the demo seeds
 * already-issued ones for the demo citizen.
 */
export const DEMO_LICENCE_TYPES: LicenceTypeRow[] = [
  {
    code: 'business_licence',
    name_zh: '营业执照',
    name_en: 'Business licence',
    vc_type: 'BusinessLicence',
    number_code: 'SAMR001',
    department_code: 'SAMR',
    item_codes: ['SAMR-BL'],
    validity_years: null,
    holder_kind: 'enterprise',
    fields: [
      f('/company/companyName', 'companyName', '名称', 'Name', true),
      f('/company/enterpriseType', 'enterpriseType', '类型', 'Type', true),
      f('/legalRep/legalRepName', 'legalRepresentative', '法定代表人', 'Legal representative', true),
      f(
        '/company/registeredCapitalFen',
        'registeredCapitalFen',
        '注册资本（分）',
        'Registered capital (fen)',
        true,
      ),
      f('/company/registeredAddress', 'registeredAddress', '住所', 'Registered address', true),
      f('/company/businessScope', 'businessScope', '经营范围', 'Business scope', true),
    ],
  },
  {
    code: 'residence_permit',
    name_zh: '居住证',
    name_en: 'Residence permit',
    vc_type: 'ResidencePermit',
    number_code: 'PSB001',
    department_code: 'PSB',
    item_codes: ['PSB-RP'],
    validity_years: 1,
    holder_kind: 'citizen',
    fields: [
      ...person('/applicant', ['name', 'sex', 'birthDate', 'idNumber']),
      f('/residence/residenceAddress', 'residenceAddress', '居住地址', 'Address of residence'),
    ],
  },
  {
    code: 'senior_card',
    name_zh: '老年人优待证',
    name_en: 'Senior citizen concession card',
    vc_type: 'SeniorCard',
    number_code: 'CAB001',
    department_code: 'CAB',
    item_codes: ['CAB-ELD'],
    validity_years: null,
    holder_kind: 'citizen',
    fields: [
      ...person('/applicant', ['name', 'birthDate', 'idNumber']),
      f('/card/cardType', 'cardType', '申领形式', 'Card type', true),
    ],
  },
  {
    code: 'birth_medical_certificate',
    name_zh: '出生医学证明',
    name_en: 'Birth medical certificate',
    vc_type: 'BirthMedicalCertificate',
    number_code: 'HC001',
    department_code: 'HC',
    item_codes: ['HC-BMC'],
    validity_years: null,
    holder_kind: 'citizen',
    fields: [
      f('/newborn/childName', 'childName', '新生儿姓名', "Baby's name"),
      f('/newborn/childSex', 'childSex', '性别', 'Sex'),
      f('/newborn/childBirthDate', 'childBirthDate', '出生日期', 'Date of birth'),
      f('/newborn/birthTime', 'birthTime', '出生时间', 'Time of birth'),
      f('/newborn/birthWeightG', 'birthWeightG', '出生体重（克）', 'Birth weight (g)'),
      f('/newborn/gestationWeeks', 'gestationWeeks', '出生孕周', 'Weeks of pregnancy'),
      f('/newborn/birthHospital', 'birthHospital', '接生机构', 'Place of birth', true),
      f('/parents/motherName', 'motherName', '母亲姓名', "Mother's name"),
      f('/parents/motherIdNumber', 'motherIdNumber', '母亲身份证号', "Mother's ID number"),
      f('/parents/fatherName', 'fatherName', '父亲姓名', "Father's name"),
      f('/parents/fatherIdNumber', 'fatherIdNumber', '父亲身份证号', "Father's ID number"),
    ],
  },
  {
    code: 'construction_permit',
    name_zh: '建筑工程施工许可证',
    name_en: 'Construction permit',
    vc_type: 'ConstructionPermit',
    number_code: 'HCD001',
    department_code: 'HCD',
    item_codes: ['HCD-CP'],
    validity_years: null,
    holder_kind: 'enterprise',
    fields: [
      f('/enterprise/companyName', 'developer', '建设单位', 'Developer', true),
      f('/project/projectName', 'projectName', '工程名称', 'Project', true),
      f('/project/projectAddress', 'projectAddress', '建设地址', 'Site address', true),
      f('/project/buildingAreaM2', 'buildingAreaM2', '建设规模（平方米）', 'Floor area (m²)', true),
      f('/project/contractPriceFen', 'contractPriceFen', '合同价格（分）', 'Contract price (fen)', true),
      f('/project/constructionUnit', 'constructionUnit', '施工单位', 'Contractor', true),
      f('/project/planningPermitNumber', 'planningPermitNumber', '规划许可证编号', 'Planning permit', true),
      f('/project/plannedStartDate', 'plannedStartDate', '计划开工日期', 'Planned start', true),
    ],
  },
  {
    code: 'household_register',
    name_zh: '户口簿',
    name_en: 'Household register',
    vc_type: 'HouseholdRegister',
    number_code: 'PSB002',
    department_code: 'PSB',
    item_codes: [],
    validity_years: null,
    holder_kind: 'citizen',
    fields: [
      ...person('', ['name', 'idNumber', 'sex', 'birthDate']),
      f('/householdAddress', 'householdAddress', '住址', 'Household address'),
      f('/householdHeadName', 'householdHeadName', '户主姓名', 'Head of household'),
      f('/relationToHead', 'relationToHead', '与户主关系', 'Relation to the head'),
    ],
  },
  {
    code: 'marriage_certificate',
    name_zh: '结婚证',
    name_en: 'Marriage certificate',
    vc_type: 'MarriageCertificate',
    number_code: 'CAB002',
    department_code: 'CAB',
    item_codes: [],
    validity_years: null,
    holder_kind: 'citizen',
    fields: [
      ...person('', ['name', 'idNumber']),
      f('/spouseName', 'spouseName', '配偶姓名', "Spouse's name"),
      f('/spouseIdNumber', 'spouseIdNumber', '配偶身份证号', "Spouse's ID number"),
      f('/registeredOn', 'registeredOn', '登记日期', 'Date of registration', true),
    ],
  },
];

/** Saves the demo licence types (run after the demo org and catalogue); running it again changes nothing. */
export async function seedDemoLicenceTypes(db: Db): Promise<void> {
  for (const type of DEMO_LICENCE_TYPES) await upsertType(db, type);
}
