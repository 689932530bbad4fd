// The unified data dictionary (统一数据字典): every canonical field a service form may ask for,
// with its JSON Schema fragment, labels, sensitivity grade and the profile key it pre-fills from.
// Forms are built from these codes, so "ID number" means the same thing in every department.
import {
  checkResidentId,
  creditCodeCheckChar,
  isCreditCode,
  isMobilePhone,
  isResidentId,
} from './validators.ts';

/** 1 public, 2 internal, 3 sensitive personal data, 4 highly sensitive (financial accounts and the like). */
export type SensitivityGrade = 1 | 2 | 3 | 4;

/** Keys of the identity module's Profile that forms can pre-fill from. */
export type ProfileKey =
  | 'name'
  | 'idNumber'
  | 'birthDate'
  | 'sex'
  | 'phone'
  | 'email'
  | 'address'
  | 'companyName'
  | 'creditCode'
  | 'legalRepName';

/** A JSON Schema fragment for one value: only the keywords the dictionary needs. */
export interface FieldSchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface DictionaryField {
  code: string;
  labelZh: string;
  labelEn: string;
  schema: FieldSchema;
  /** Labels of each `schema.enum` value. */
  enumLabels?: Record<string, Bilingual>;
  sensitivity: SensitivityGrade;
  profileKey?: ProfileKey;
  /**
   * Verified at real-name registration (name, ID number, credit code...): the profile wins over
   * anything typed in an earlier application.
   */
  identity?: boolean;
  /** What a valid value looks like, shown when a `pattern` fails. */
  hint?: Bilingual;
  /** rjsf widget name when the default for the type is not right. */
  widget?: 'textarea' | 'radio' | 'select' | 'date';
}

/** Our custom string formats and their validators (registered on every ajv instance). */
export const customFormats: Record<string, (value: string) => boolean> = {
  'cn-resident-id': (v) => isResidentId(v),
  'cn-credit-code': (v) => isCreditCode(v),
  'cn-mobile': (v) => isMobilePhone(v),
};

const residentIdProblems: Record<string, Bilingual> = {
  format: {
    zh: '身份证号码应为18位：前17位为数字，最后一位为数字或X',
    en: 'The ID number must be 18 characters: 17 digits, then a digit or X',
  },
  region: { zh: '身份证号码的地区码不正确', en: 'The region code of the ID number is not valid' },
  birthDate: { zh: '身份证号码中的出生日期不正确', en: 'The birth date in the ID number is not valid' },
  checkDigit: { zh: '身份证号码校验位不正确', en: 'The check digit of the ID number is wrong' },
};

function explainCreditCode(v: string): Bilingual {
  const upper = v.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(upper)) {
    return {
      zh: '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）',
      en: 'The unified social credit code must be 18 digits or capital letters (no I, O, Z, S, V)',
    };
  }
  if (creditCodeCheckChar(upper) === upper[17]) {
    return {
      zh: '统一社会信用代码中的登记机关行政区划码不正确',
      en: 'The region code in the unified social credit code is not valid',
    };
  }
  return {
    zh: '统一社会信用代码校验位不正确',
    en: 'The check character of the unified social credit code is wrong',
  };
}

/**
 * Says exactly what is wrong with a value that failed one of our custom formats, in the
 * given language; `undefined` for formats that are not ours.
 */
export function explainFormat(format: string, value: unknown, locale: 'zh-CN' | 'en'): string | undefined {
  const pick = (b: Bilingual) => (locale === 'zh-CN' ? b.zh : b.en);
  const text = typeof value === 'string' ? value : '';
  switch (format) {
    case 'cn-resident-id': {
      const r = checkResidentId(text);
      return pick(typeof r === 'string' ? residentIdProblems[r]! : residentIdProblems.format!);
    }
    case 'cn-credit-code':
      return pick(explainCreditCode(text));
    case 'cn-mobile':
      return pick({
        zh: '手机号码应为以1开头的11位数字',
        en: 'The mobile number must be 11 digits starting with 1',
      });
    case 'date':
      return pick({ zh: '日期格式应为 YYYY-MM-DD', en: 'The date must be written as YYYY-MM-DD' });
    case 'email':
      return pick({ zh: '电子邮箱格式不正确', en: 'The e-mail address is not valid' });
    default:
      return undefined;
  }
}

const text = (maxLength: number): FieldSchema => ({ type: 'string', minLength: 1, maxLength });
const fen = (maximum = 1_000_000_000_000): FieldSchema => ({ type: 'integer', minimum: 0, maximum });

const fields = {
  name: {
    labelZh: '姓名',
    labelEn: 'Full name',
    schema: text(50),
    sensitivity: 2,
    profileKey: 'name',
    identity: true,
  },
  idNumber: {
    labelZh: '公民身份号码',
    labelEn: 'Resident ID number',
    schema: { type: 'string', format: 'cn-resident-id', maxLength: 18 },
    sensitivity: 3,
    profileKey: 'idNumber',
    identity: true,
  },
  sex: {
    labelZh: '性别',
    labelEn: 'Sex',
    schema: { type: 'string', enum: ['male', 'female'] },
    enumLabels: { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' } },
    sensitivity: 2,
    profileKey: 'sex',
    identity: true,
    widget: 'radio',
  },
  birthDate: {
    labelZh: '出生日期',
    labelEn: 'Date of birth',
    schema: { type: 'string', format: 'date' },
    sensitivity: 3,
    profileKey: 'birthDate',
    identity: true,
    widget: 'date',
  },
  phone: {
    labelZh: '手机号码',
    labelEn: 'Mobile number',
    schema: { type: 'string', format: 'cn-mobile', maxLength: 11 },
    sensitivity: 3,
    profileKey: 'phone',
  },
  email: {
    labelZh: '电子邮箱',
    labelEn: 'E-mail',
    schema: { type: 'string', format: 'email', maxLength: 254 },
    sensitivity: 2,
    profileKey: 'email',
  },
  address: {
    labelZh: '联系地址',
    labelEn: 'Postal address',
    schema: text(200),
    sensitivity: 3,
    profileKey: 'address',
  },
  regionCode: {
    labelZh: '行政区划代码',
    labelEn: 'Region code',
    schema: { type: 'string', pattern: '^\\d{6}$' },
    sensitivity: 1,
    hint: { zh: '行政区划代码为6位数字，如 339001', en: 'A region code is 6 digits, e.g. 339001' },
  },
  companyName: {
    labelZh: '企业名称',
    labelEn: 'Company name',
    schema: text(100),
    sensitivity: 1,
    profileKey: 'companyName',
    identity: true,
  },
  creditCode: {
    labelZh: '统一社会信用代码',
    labelEn: 'Unified social credit code',
    schema: { type: 'string', format: 'cn-credit-code', maxLength: 18 },
    sensitivity: 1,
    profileKey: 'creditCode',
    identity: true,
  },
  legalRepName: {
    labelZh: '法定代表人姓名',
    labelEn: 'Legal representative',
    schema: text(50),
    sensitivity: 2,
    profileKey: 'legalRepName',
    identity: true,
  },
  registeredCapitalFen: {
    labelZh: '注册资本（分）',
    labelEn: 'Registered capital (fen)',
    schema: fen(),
    sensitivity: 1,
  },
  businessScope: {
    labelZh: '经营范围',
    labelEn: 'Business scope',
    schema: text(2000),
    sensitivity: 1,
    widget: 'textarea',
  },
  enterpriseType: {
    labelZh: '企业类型',
    labelEn: 'Enterprise type',
    schema: {
      type: 'string',
      enum: ['limited_liability', 'joint_stock', 'sole_proprietorship', 'partnership', 'individual_business'],
    },
    enumLabels: {
      limited_liability: { zh: '有限责任公司', en: 'Limited liability company' },
      joint_stock: { zh: '股份有限公司', en: 'Company limited by shares' },
      sole_proprietorship: { zh: '个人独资企业', en: 'Sole proprietorship' },
      partnership: { zh: '合伙企业', en: 'Partnership' },
      individual_business: { zh: '个体工商户', en: 'Individual business' },
    },
    sensitivity: 1,
    widget: 'select',
  },
  bankAccount: {
    labelZh: '银行账号',
    labelEn: 'Bank account number',
    schema: { type: 'string', pattern: '^\\d{12,19}$' },
    sensitivity: 4,
    hint: { zh: '银行账号为12至19位数字', en: 'A bank account number is 12 to 19 digits' },
  },
  projectName: { labelZh: '项目名称', labelEn: 'Project name', schema: text(200), sensitivity: 1 },
  projectAddress: { labelZh: '建设地址', labelEn: 'Project address', schema: text(200), sensitivity: 1 },
  buildingAreaM2: {
    labelZh: '建筑面积（平方米）',
    labelEn: 'Floor area (m²)',
    schema: { type: 'number', minimum: 1, maximum: 10_000_000 },
    sensitivity: 1,
  },
  contractPriceFen: {
    labelZh: '合同价格（分）',
    labelEn: 'Contract price (fen)',
    schema: fen(),
    sensitivity: 2,
  },
  constructionUnit: {
    labelZh: '施工单位',
    labelEn: 'Construction contractor',
    schema: text(100),
    sensitivity: 1,
  },
  residenceAddress: {
    labelZh: '居住地址',
    labelEn: 'Residential address',
    schema: text(200),
    sensitivity: 3,
  },
  residenceMonths: {
    labelZh: '已连续居住月数',
    labelEn: 'Months lived here without a break',
    schema: { type: 'integer', minimum: 0, maximum: 1200 },
    sensitivity: 2,
  },
  employerName: { labelZh: '工作单位', labelEn: 'Employer', schema: text(100), sensitivity: 2 },
  unemploymentDate: {
    labelZh: '失业日期',
    labelEn: 'Date of unemployment',
    schema: { type: 'string', format: 'date' },
    sensitivity: 2,
    widget: 'date',
  },
  withdrawalReason: {
    labelZh: '提取原因',
    labelEn: 'Reason for withdrawal',
    schema: { type: 'string', enum: ['purchase', 'rent', 'loan_repayment', 'retirement', 'leaving_city'] },
    enumLabels: {
      purchase: { zh: '购买自住住房', en: 'Buying a home to live in' },
      rent: { zh: '租房自住', en: 'Paying rent' },
      loan_repayment: { zh: '偿还购房贷款本息', en: 'Repaying a home loan' },
      retirement: { zh: '离休、退休', en: 'Retirement' },
      leaving_city: { zh: '离开本市且终止劳动关系', en: 'Leaving the city after employment ended' },
    },
    sensitivity: 2,
    widget: 'select',
  },
  amountFen: {
    labelZh: '申请金额（分）',
    labelEn: 'Amount requested (fen)',
    schema: { type: 'integer', minimum: 1, maximum: 100_000_000_00 },
    sensitivity: 2,
  },
  // The newborn and its parents (出生一件事): the applicant is a parent, so these never pre-fill
  // from the applicant's own profile.
  childName: { labelZh: '新生儿姓名', labelEn: 'Baby’s full name', schema: text(50), sensitivity: 2 },
  childSex: {
    labelZh: '新生儿性别',
    labelEn: 'Baby’s sex',
    schema: { type: 'string', enum: ['male', 'female'] },
    enumLabels: { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' } },
    sensitivity: 2,
    widget: 'radio',
  },
  childBirthDate: {
    labelZh: '新生儿出生日期',
    labelEn: 'Baby’s date of birth',
    schema: { type: 'string', format: 'date' },
    sensitivity: 3,
    widget: 'date',
  },
  birthHospital: {
    labelZh: '出生医疗机构',
    labelEn: 'Hospital of birth',
    schema: text(100),
    sensitivity: 2,
  },
  motherName: { labelZh: '母亲姓名', labelEn: 'Mother’s full name', schema: text(50), sensitivity: 2 },
  motherIdNumber: {
    labelZh: '母亲公民身份号码',
    labelEn: 'Mother’s resident ID number',
    schema: { type: 'string', format: 'cn-resident-id', maxLength: 18 },
    sensitivity: 3,
  },
  fatherName: { labelZh: '父亲姓名', labelEn: 'Father’s full name', schema: text(50), sensitivity: 2 },
  fatherIdNumber: {
    labelZh: '父亲公民身份号码',
    labelEn: 'Father’s resident ID number',
    schema: { type: 'string', format: 'cn-resident-id', maxLength: 18 },
    sensitivity: 3,
  },
  householdAddress: {
    labelZh: '户籍地址',
    labelEn: 'Address of household registration',
    schema: text(200),
    sensitivity: 3,
  },
} satisfies Record<string, Omit<DictionaryField, 'code'>>;

export type DictionaryCode = keyof typeof fields;

/** The dictionary, keyed by field code. */
export const dictionary: Record<DictionaryCode, DictionaryField> = Object.fromEntries(
  Object.entries(fields).map(([code, f]) => [code, { code, ...f } as DictionaryField]),
) as Record<DictionaryCode, DictionaryField>;

export function dictionaryField(code: string): DictionaryField | undefined {
  return (dictionary as Record<string, DictionaryField>)[code];
}

/** What a form field error is about, as ajv (server) or rjsf (web) reports it. */
export interface FieldErrorFacts {
  keyword: string;
  /** For `format` errors: the format name. */
  format?: string;
  /** The value that failed (for formats: to say exactly what is wrong). */
  value?: unknown;
  /** The field's labels, when the error is about a known field. */
  label?: Bilingual;
  fieldCode?: string;
}

/**
 * The message a person can act on for a form field error ("请填写公民身份号码", "The check
 * digit of the ID number is wrong"), and its stable code (the format name for our formats).
 * `undefined` when the validator's own localized message is as good as it gets.
 * Shared by the server (forms module) and the web, so both say the same thing.
 */
export function describeFieldError(
  facts: FieldErrorFacts,
  locale: 'zh-CN' | 'en',
): { code: string; message: string } | undefined {
  const pick = (b: Bilingual) => (locale === 'zh-CN' ? b.zh : b.en);
  const { keyword, label } = facts;
  switch (keyword) {
    case 'required':
      return {
        code: keyword,
        message: label
          ? pick({ zh: `请填写${label.zh}`, en: `${label.en} is required` })
          : pick({ zh: '请填写此项', en: 'This field is required' }),
      };
    case 'additionalProperties':
      return {
        code: keyword,
        message: pick({ zh: '表单中没有这个字段', en: 'This field is not part of the form' }),
      };
    case 'enum':
      return {
        code: keyword,
        message: pick({ zh: '请从列表中选择一项', en: 'Choose one of the listed options' }),
      };
    case 'format': {
      const message = facts.format ? explainFormat(facts.format, facts.value, locale) : undefined;
      return message ? { code: facts.format!, message } : undefined;
    }
    case 'pattern': {
      const hint = facts.fieldCode ? dictionaryField(facts.fieldCode)?.hint : undefined;
      return hint ? { code: keyword, message: pick(hint) } : undefined;
    }
    default:
      return undefined;
  }
}
