// Request and response schemas of the identity module (TypeBox), shared by the API and the web,
// and the sign-up field checks with their localized messages, so the web can check live with the
// very rules the server applies.
import { type Static, Type } from 'typebox';
import { type FieldError, IsoDate, IsoDateTime, type Locale, Uuid } from './common.ts';
import { checkResidentId, creditCodeCheckChar, isCreditCode, isMobilePhone } from './validators.ts';

// Types and upper bounds only: the rules below report every problem of a sign-up at once.
const Text = (maxLength: number, description: string) => Type.String({ maxLength, description });

export const CitizenSignUpBody = Type.Object(
  {
    name: Text(100, 'real name, 2–30 characters'),
    idNumber: Text(40, '18-character resident identity number (GB 11643)'),
    phone: Text(40, 'mainland mobile number, 11 digits'),
    password: Text(128, 'at least 8 characters with letters and digits'),
  },
  { additionalProperties: false },
);
export type CitizenSignUpBody = Static<typeof CitizenSignUpBody>;

export const EnterpriseSignUpBody = Type.Object(
  {
    companyName: Text(200, 'registered company name, 2–100 characters'),
    creditCode: Text(40, '18-character unified social credit code (GB 32100)'),
    legalRepName: Text(100, 'legal representative, 2–30 characters'),
    phone: Text(40, 'mainland mobile number, 11 digits'),
    password: Text(128, 'at least 8 characters with letters and digits'),
  },
  { additionalProperties: false },
);
export type EnterpriseSignUpBody = Static<typeof EnterpriseSignUpBody>;

export const SignInBody = Type.Object(
  {
    login: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'resident ID number (citizen), credit code (enterprise) or username (staff)',
    }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const AccountKind = Type.Union([
  Type.Literal('citizen'),
  Type.Literal('enterprise'),
  Type.Literal('staff'),
]);
export type AccountKind = Static<typeof AccountKind>;

export const AccountRole = Type.Object({
  role: Type.String(),
  departmentId: Uuid,
  departmentCode: Type.String(),
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
});
export type AccountRole = Static<typeof AccountRole>;

export const Account = Type.Object({
  id: Uuid,
  kind: AccountKind,
  name: Type.String({ description: 'person name, company name for an enterprise' }),
  roles: Type.Array(AccountRole),
});
export type Account = Static<typeof Account>;

export const AccountAnswer = Type.Object({ account: Account });

/** The account holder's data; keys are data-dictionary field codes, so forms pre-fill by key. */
export const Profile = Type.Object({
  accountId: Uuid,
  kind: AccountKind,
  name: Type.String(),
  idNumber: Type.Optional(Type.String()),
  birthDate: Type.Optional(IsoDate),
  sex: Type.Optional(Type.Union([Type.Literal('male'), Type.Literal('female')])),
  phone: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
  companyName: Type.Optional(Type.String()),
  creditCode: Type.Optional(Type.String()),
  legalRepName: Type.Optional(Type.String()),
});
export type Profile = Static<typeof Profile>;

export const MeAnswer = Type.Object({ account: Account, profile: Profile });

export const SessionView = Type.Object({
  id: Uuid,
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean({ description: 'the session this request was made with' }),
});
export type SessionView = Static<typeof SessionView>;
export const SessionList = Type.Object({ items: Type.Array(SessionView), nextCursor: Type.Null() });
export const SessionParams = Type.Object({ id: Uuid });

/** Stable codes of sign-up field problems (FieldError.code), each with its own message. */
export const identityFieldMessages = {
  'name.length': { 'zh-CN': '姓名应为 2–30 个字符', en: 'The name must be 2–30 characters long' },
  'idNumber.format': {
    'zh-CN': '身份证号码应为 18 位：前 17 位为数字，最后一位为数字或 X',
    en: 'The resident ID number must have 18 characters: 17 digits, then a digit or X',
  },
  'idNumber.region': {
    'zh-CN': '身份证号码开头的地区码无效',
    en: 'The region code at the start of the resident ID number is not valid',
  },
  'idNumber.birthDate': {
    'zh-CN': '身份证号码中的出生日期不存在或晚于今天',
    en: 'The birth date in the resident ID number is not a real date or is in the future',
  },
  'idNumber.checkDigit': {
    'zh-CN': '身份证号码最后一位校验码不正确，请检查是否输错',
    en: 'The check digit (last character) of the resident ID number is wrong; check for a typo',
  },
  'username.format': {
    'zh-CN': '用户名应为 2–64 位小写字母、数字、点、下划线或连字符',
    en: 'The username must be 2–64 lowercase letters, digits, dots, underscores or hyphens',
  },
  'phone.format': {
    'zh-CN': '请输入 11 位中国大陆手机号码',
    en: 'Enter an 11-digit mainland China mobile number',
  },
  'password.policy': {
    'zh-CN': '密码至少 8 位，且须同时包含字母和数字',
    en: 'The password must have at least 8 characters and contain both letters and digits',
  },
  'companyName.length': {
    'zh-CN': '企业名称应为 2–100 个字符',
    en: 'The company name must be 2–100 characters long',
  },
  'legalRepName.length': {
    'zh-CN': '法定代表人姓名应为 2–30 个字符',
    en: "The legal representative's name must be 2–30 characters long",
  },
  'creditCode.format': {
    'zh-CN': '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）',
    en: 'The unified social credit code must have 18 digits or capital letters (no I, O, Z, S or V)',
  },
  'creditCode.region': {
    'zh-CN': '统一社会信用代码中的行政区划码无效',
    en: 'The region code inside the unified social credit code is not valid',
  },
  'creditCode.checkChar': {
    'zh-CN': '统一社会信用代码最后一位校验码不正确，请检查是否输错',
    en: 'The check character (last character) of the unified social credit code is wrong; check for a typo',
  },
} as const satisfies Record<string, Record<Locale, string>>;
export type IdentityFieldProblem = keyof typeof identityFieldMessages;

export interface FieldProblem {
  pointer: string;
  code: IdentityFieldProblem;
}

export function localizeFieldProblems(problems: FieldProblem[], locale: Locale): FieldError[] {
  return problems.map((p) => ({ ...p, message: identityFieldMessages[p.code][locale] }));
}

/** Identity numbers are compared and stored in one form: no spaces, capital X and letters. */
export function normalizeIdentifier(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

function lengthBetween(value: string, min: number, max: number): boolean {
  const n = [...value.trim()].length;
  return n >= min && n <= max;
}

export function isStrongPassword(value: string): boolean {
  return value.length >= 8 && /\p{L}/u.test(value) && /\d/.test(value);
}

export function residentIdProblem(idNumber: string, today: string): IdentityFieldProblem | undefined {
  const checked = checkResidentId(normalizeIdentifier(idNumber), today);
  return typeof checked === 'string' ? `idNumber.${checked}` : undefined;
}

export function creditCodeProblem(creditCode: string): IdentityFieldProblem | undefined {
  const v = normalizeIdentifier(creditCode);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return 'creditCode.format';
  if (creditCodeCheckChar(v) !== v[17]) return 'creditCode.checkChar';
  if (!isCreditCode(v)) return 'creditCode.region';
  return undefined;
}

function collect(checks: [string, IdentityFieldProblem | undefined][]): FieldProblem[] {
  return checks.flatMap(([field, code]) => (code ? [{ pointer: `/${field}`, code }] : []));
}

/**
 * A person named by real name and resident ID number (a family proxy, a citizen at the counter):
 * the same rules as at sign-up, reported on the given fields.
 */
export function namedPersonProblems(
  person: { name: string; idNumber: string },
  today: string,
  fields: { name: string; idNumber: string } = { name: 'name', idNumber: 'idNumber' },
): FieldProblem[] {
  return collect([
    [fields.name, lengthBetween(person.name, 2, 30) ? undefined : 'name.length'],
    [fields.idNumber, residentIdProblem(person.idNumber, today)],
  ]);
}

/** Every problem of a citizen sign-up at once; `today` is 'YYYY-MM-DD' (birth dates cannot follow it). */
export function citizenSignUpProblems(body: CitizenSignUpBody, today: string): FieldProblem[] {
  return [
    ...namedPersonProblems(body, today),
    ...collect([
      ['phone', isMobilePhone(body.phone.trim()) ? undefined : 'phone.format'],
      ['password', isStrongPassword(body.password) ? undefined : 'password.policy'],
    ]),
  ];
}

export function enterpriseSignUpProblems(body: EnterpriseSignUpBody): FieldProblem[] {
  return collect([
    ['companyName', lengthBetween(body.companyName, 2, 100) ? undefined : 'companyName.length'],
    ['creditCode', creditCodeProblem(body.creditCode)],
    ['legalRepName', lengthBetween(body.legalRepName, 2, 30) ? undefined : 'legalRepName.length'],
    ['phone', isMobilePhone(body.phone.trim()) ? undefined : 'phone.format'],
    ['password', isStrongPassword(body.password) ? undefined : 'password.policy'],
  ]);
}

export function staffAccountProblems(body: {
  username: string;
  name: string;
  password: string;
}): FieldProblem[] {
  return collect([
    ['username', /^[a-z0-9][a-z0-9._-]{1,63}$/.test(body.username) ? undefined : 'username.format'],
    ['name', lengthBetween(body.name, 2, 30) ? undefined : 'name.length'],
    ['password', isStrongPassword(body.password) ? undefined : 'password.policy'],
  ]);
}
