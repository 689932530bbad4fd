import type { DictionaryFieldRef, FormDefinition, FormSection } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { saveFormDefinition } from './forms.service.ts';

// The application forms of the twelve demo service items, built from dictionary fields plus a few
// fields of their own. Data of a form is nested by section: e.g. /residence/residenceMonths.

const req = (...codes: string[]): DictionaryFieldRef[] => codes.map((field) => ({ field, required: true }));
const opt = (...codes: string[]): DictionaryFieldRef[] => codes.map((field) => ({ field }));

const person = (titleZh = '申请人信息', titleEn = 'Applicant'): Omit<FormSection, 'fields'> => ({
  key: 'applicant',
  titleZh,
  titleEn,
});

const enterprise: FormSection = {
  key: 'enterprise',
  titleZh: '单位信息',
  titleEn: 'Enterprise',
  fields: [...req('companyName', 'creditCode', 'legalRepName', 'phone'), ...opt('email', 'address')],
};

/** The newborn as the birth items ask for it; the same dictionary fields make the bundle ask once. */
const newborn = (extra: FormSection['fields'] = []): FormSection => ({
  key: 'newborn',
  titleZh: '新生儿信息',
  titleEn: 'The baby',
  fields: [...req('childName', 'childSex', 'childBirthDate'), ...extra],
});

const parents: FormSection = {
  key: 'parents',
  titleZh: '父母信息',
  titleEn: 'Parents',
  descriptionZh: '父亲信息不详的可以不填',
  descriptionEn: 'Leave the father’s details empty when he is not known',
  fields: [...req('motherName', 'motherIdNumber'), ...opt('fatherName', 'fatherIdNumber')],
};

const bankAccount: DictionaryFieldRef = {
  field: 'bankAccount',
  required: true,
  helpZh: '须为申请人本人名下的一类银行账户',
  helpEn: 'A Class I account in the applicant’s own name',
};

export const DEMO_FORMS: Record<string, FormDefinition> = {
  'SAMR-BL': {
    sections: [
      {
        key: 'company',
        titleZh: '拟设立企业',
        titleEn: 'Company to be registered',
        fields: [
          ...req('companyName', 'enterpriseType', 'registeredCapitalFen', 'businessScope'),
          {
            key: 'registeredAddress',
            titleZh: '住所（经营场所）',
            titleEn: 'Registered address',
            schema: { type: 'string', minLength: 5, maxLength: 200 },
            required: true,
            sensitivity: 1,
          },
          {
            field: 'regionCode',
            required: true,
            helpZh: '住所所在区，如东湖区 339001',
            helpEn: 'District of the address, e.g. Donghu 339001',
          },
        ],
      },
      {
        key: 'legalRep',
        titleZh: '法定代表人',
        titleEn: 'Legal representative',
        fields: [...req('legalRepName', 'idNumber', 'phone'), ...opt('email')],
      },
    ],
  },
  'HCD-CP': {
    sections: [
      { ...enterprise, titleZh: '建设单位', titleEn: 'Developer' },
      {
        key: 'project',
        titleZh: '工程项目',
        titleEn: 'Project',
        fields: [
          ...req(
            'projectName',
            'projectAddress',
            'regionCode',
            'buildingAreaM2',
            'contractPriceFen',
            'constructionUnit',
          ),
          {
            key: 'planningPermitNumber',
            titleZh: '建设工程规划许可证编号',
            titleEn: 'Planning permit number',
            schema: { type: 'string', pattern: '^建字第\\d{6,20}号$', maxLength: 30 },
            required: true,
            sensitivity: 1,
            helpZh: '如：建字第339000202600123号',
            helpEn: 'E.g. 建字第339000202600123号',
          },
          {
            key: 'plannedStartDate',
            titleZh: '计划开工日期',
            titleEn: 'Planned start date',
            schema: { type: 'string', format: 'date' },
            required: true,
            sensitivity: 1,
            widget: 'date',
          },
        ],
      },
    ],
  },
  'HPF-WD': {
    sections: [
      { ...person('缴存职工', 'Contributor'), fields: [...req('name', 'idNumber', 'phone')] },
      {
        key: 'withdrawal',
        titleZh: '提取信息',
        titleEn: 'Withdrawal',
        fields: [
          ...req('withdrawalReason', 'amountFen'),
          bankAccount,
          {
            key: 'bankName',
            titleZh: '开户银行',
            titleEn: 'Bank',
            schema: { type: 'string', minLength: 2, maxLength: 60 },
            required: true,
            sensitivity: 2,
          },
        ],
      },
    ],
  },
  'PSB-RP': {
    sections: [
      { ...person(), fields: [...req('name', 'idNumber', 'sex', 'birthDate', 'phone')] },
      {
        key: 'residence',
        titleZh: '居住情况',
        titleEn: 'Residence',
        descriptionZh: '居住未满6个月的，将先进行居住登记核查',
        descriptionEn: 'If you have lived here less than 6 months, your residence is checked first',
        fields: [
          ...req('residenceAddress', 'regionCode', 'residenceMonths'),
          {
            key: 'basis',
            titleZh: '申领条件',
            titleEn: 'Grounds for the permit',
            schema: { type: 'string', enum: ['employment', 'housing', 'study'] },
            enumLabels: {
              employment: { zh: '合法稳定就业', en: 'Lawful, stable employment' },
              housing: { zh: '合法稳定住所', en: 'Lawful, stable residence' },
              study: { zh: '连续就读', en: 'Continuous study' },
            },
            required: true,
            sensitivity: 2,
            widget: 'radio',
          },
          ...opt('employerName'),
        ],
      },
    ],
  },
  'HRSS-UB': {
    sections: [
      { ...person(), fields: [...req('name', 'idNumber', 'phone'), ...opt('address')] },
      {
        key: 'employment',
        titleZh: '失业情况',
        titleEn: 'Unemployment',
        fields: [
          ...req('employerName', 'unemploymentDate'),
          {
            key: 'contributionMonths',
            titleZh: '累计缴纳失业保险费月数',
            titleEn: 'Months of unemployment insurance contributions',
            schema: { type: 'integer', minimum: 12, maximum: 600 },
            required: true,
            sensitivity: 2,
            helpZh: '须满12个月',
            helpEn: 'At least 12 months',
          },
          {
            key: 'terminationReason',
            titleZh: '劳动关系终止原因',
            titleEn: 'Why the employment ended',
            schema: {
              type: 'string',
              enum: ['contract_expired', 'dismissed', 'employer_fault', 'bankruptcy'],
            },
            enumLabels: {
              contract_expired: { zh: '劳动合同期满终止', en: 'The contract expired' },
              dismissed: { zh: '被用人单位解除劳动合同', en: 'Dismissed by the employer' },
              employer_fault: { zh: '因单位过错被迫解除', en: 'Forced to leave by the employer’s fault' },
              bankruptcy: { zh: '用人单位破产或注销', en: 'The employer went bankrupt or closed' },
            },
            required: true,
            sensitivity: 2,
            widget: 'select',
          },
        ],
      },
      { key: 'payment', titleZh: '发放账户', titleEn: 'Payment account', fields: [bankAccount] },
    ],
  },
  'TAX-REG': {
    sections: [
      enterprise,
      {
        key: 'tax',
        titleZh: '涉税信息',
        titleEn: 'Tax details',
        fields: [
          {
            key: 'taxpayerType',
            titleZh: '纳税人类型',
            titleEn: 'Taxpayer type',
            schema: { type: 'string', enum: ['small_scale', 'general'] },
            enumLabels: {
              small_scale: { zh: '小规模纳税人', en: 'Small-scale taxpayer' },
              general: { zh: '一般纳税人', en: 'General taxpayer' },
            },
            required: true,
            sensitivity: 1,
            widget: 'radio',
          },
          {
            key: 'financeOfficerName',
            titleZh: '财务负责人',
            titleEn: 'Finance officer',
            schema: { type: 'string', minLength: 1, maxLength: 50 },
            required: true,
            sensitivity: 2,
          },
          {
            key: 'invoicesNeeded',
            titleZh: '同时申请开通数电发票',
            titleEn: 'Enable digital invoices now',
            schema: { type: 'boolean' },
            sensitivity: 1,
          },
        ],
      },
    ],
  },
  'HRSS-SSA': {
    sections: [
      enterprise,
      {
        key: 'insurance',
        titleZh: '参保信息',
        titleEn: 'Insurance',
        fields: [
          {
            key: 'employeeCount',
            titleZh: '职工人数',
            titleEn: 'Number of employees',
            schema: { type: 'integer', minimum: 0, maximum: 1_000_000 },
            required: true,
            sensitivity: 1,
          },
          {
            ...bankAccount,
            helpZh: '单位基本存款账户，用于社会保险费划缴',
            helpEn: 'The employer’s basic deposit account, for contributions',
          },
        ],
      },
    ],
  },
  'MIB-REG': {
    sections: [
      {
        ...person('参保人', 'Insured person'),
        fields: [...req('name', 'idNumber', 'sex', 'birthDate'), ...opt('phone', 'address')],
      },
      {
        key: 'insurance',
        titleZh: '参保信息',
        titleEn: 'Enrolment',
        fields: [
          {
            key: 'category',
            titleZh: '参保人员类别',
            titleEn: 'Category',
            schema: { type: 'string', enum: ['adult', 'minor', 'student', 'newborn'] },
            enumLabels: {
              adult: { zh: '成年居民', en: 'Adult resident' },
              minor: { zh: '未成年人', en: 'Minor' },
              student: { zh: '在校学生', en: 'Student' },
              newborn: { zh: '新生儿', en: 'Newborn' },
            },
            required: true,
            sensitivity: 1,
            widget: 'select',
          },
          { field: 'regionCode', required: true },
        ],
      },
    ],
  },
  'HC-BMC': {
    sections: [
      newborn([
        {
          key: 'birthTime',
          titleZh: '出生时间',
          titleEn: 'Time of birth',
          schema: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
          required: true,
          sensitivity: 2,
          helpZh: '24小时制，如 08:30',
          helpEn: '24-hour clock, e.g. 08:30',
        },
        {
          key: 'birthWeightG',
          titleZh: '出生体重（克）',
          titleEn: 'Birth weight (grams)',
          schema: { type: 'integer', minimum: 300, maximum: 8000 },
          required: true,
          sensitivity: 2,
        },
        {
          key: 'gestationWeeks',
          titleZh: '出生孕周',
          titleEn: 'Weeks of pregnancy at birth',
          schema: { type: 'integer', minimum: 20, maximum: 45 },
          required: true,
          sensitivity: 2,
        },
        { field: 'birthHospital', required: true },
      ]),
      parents,
      { ...person('申请人（父母一方）', 'Applicant (a parent)'), fields: req('name', 'idNumber', 'phone') },
    ],
  },
  'PSB-NB': {
    sections: [
      newborn([
        {
          key: 'ethnicity',
          titleZh: '民族',
          titleEn: 'Ethnic group',
          schema: { type: 'string', minLength: 1, maxLength: 10 },
          required: true,
          sensitivity: 3,
          helpZh: '如：汉族',
          helpEn: 'E.g. Han',
        },
      ]),
      parents,
      {
        key: 'household',
        titleZh: '落户信息',
        titleEn: 'Household to join',
        fields: [
          ...req('householdAddress', 'regionCode'),
          {
            key: 'householdHeadName',
            titleZh: '户主姓名',
            titleEn: 'Head of household',
            schema: { type: 'string', minLength: 1, maxLength: 50 },
            required: true,
            sensitivity: 2,
          },
          {
            key: 'relationToHead',
            titleZh: '与户主关系',
            titleEn: 'Relation to the head of household',
            schema: { type: 'string', enum: ['child', 'grandchild', 'other'] },
            enumLabels: {
              child: { zh: '子女', en: 'Child' },
              grandchild: { zh: '孙子女或外孙子女', en: 'Grandchild' },
              other: { zh: '其他', en: 'Other' },
            },
            required: true,
            sensitivity: 2,
            widget: 'select',
          },
        ],
      },
      { ...person('申请人（父母一方）', 'Applicant (a parent)'), fields: req('name', 'idNumber', 'phone') },
    ],
  },
  'MIB-NB': {
    sections: [
      { ...newborn(), titleZh: '参保新生儿', titleEn: 'The baby to insure' },
      { ...person('监护人', 'Guardian'), fields: req('name', 'idNumber', 'phone') },
      {
        key: 'insurance',
        titleZh: '参保信息',
        titleEn: 'Enrolment',
        fields: [
          { field: 'regionCode', required: true, helpZh: '参保地所在区', helpEn: 'District of enrolment' },
          {
            key: 'paymentMethod',
            titleZh: '缴费方式',
            titleEn: 'How the contribution is paid',
            schema: { type: 'string', enum: ['bank_deduction', 'online'] },
            enumLabels: {
              bank_deduction: { zh: '银行代扣', en: 'Bank deduction' },
              online: { zh: '在线缴费', en: 'Pay online' },
            },
            required: true,
            sensitivity: 1,
            widget: 'radio',
          },
        ],
      },
    ],
  },
  'CAB-ELD': {
    sections: [
      { ...person(), fields: [...req('name', 'idNumber', 'birthDate', 'phone', 'address')] },
      {
        key: 'card',
        titleZh: '优待证',
        titleEn: 'Concession card',
        fields: [
          {
            key: 'cardType',
            titleZh: '申领形式',
            titleEn: 'Card type',
            schema: { type: 'string', enum: ['electronic', 'physical'] },
            enumLabels: {
              electronic: { zh: '电子优待证', en: 'Electronic card' },
              physical: { zh: '电子优待证和实体卡', en: 'Electronic and physical card' },
            },
            required: true,
            sensitivity: 1,
            widget: 'radio',
          },
          {
            key: 'emergencyContactName',
            titleZh: '紧急联系人',
            titleEn: 'Emergency contact',
            schema: { type: 'string', minLength: 1, maxLength: 50 },
            sensitivity: 2,
          },
          {
            key: 'emergencyContactPhone',
            titleZh: '紧急联系人电话',
            titleEn: 'Emergency contact’s mobile',
            schema: { type: 'string', format: 'cn-mobile' },
            sensitivity: 3,
          },
        ],
      },
    ],
  },
};

/**
 * Saves the demo forms for the demo items that exist (run after `seedDemoCatalogue`).
 * Idempotent: an unchanged definition keeps its version.
 */
export async function seedDemoForms(db: Db): Promise<void> {
  for (const [code, definition] of Object.entries(DEMO_FORMS)) {
    const item = await getServiceItem(db, code);
    if (item) await saveFormDefinition(db, item.id, definition);
  }
}
