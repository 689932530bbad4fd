/**
 * Validators for Chinese identifiers, shared by the API (ajv formats) and the web (live checks).
 */

// GB/T 2260 province-level codes: the first two digits of every region code.
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export interface ResidentId {
  regionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export type ResidentIdProblem = 'format' | 'region' | 'birthDate' | 'checkDigit';

/** GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Checks an 18-character resident identity number (GB 11643-1999): the province part of the
 * region code, a real birth date not in the future and after 1900, and the check character.
 * `today` is 'YYYY-MM-DD'.
 */
export function checkResidentId(
  value: string,
  today = new Date().toISOString().slice(0, 10),
): ResidentId | ResidentIdProblem {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  if (!PROVINCES.has(v.slice(0, 2))) return 'region';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const birthDate = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  if (y < 1900 || !isRealDate(y, m, d) || birthDate > today) return 'birthDate';
  if (residentIdCheckChar(v) !== v[17]) return 'checkDigit';
  return { regionCode: v.slice(0, 6), birthDate, sex: Number(v[16]) % 2 === 1 ? 'male' : 'female' };
}

export function isResidentId(value: string): boolean {
  return typeof checkResidentId(value) === 'object';
}

// GB 32100-2015: 31 characters, no I, O, Z, S, V.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return USCC_CHARS[c === 31 ? 0 : c]!;
}

/**
 * Checks an 18-character unified social credit code (GB 32100-2015): the character set, a
 * registration authority and category, a province part in the region code, and the check character.
 */
export function isCreditCode(value: string): boolean {
  const v = value.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return false;
  if (!PROVINCES.has(v.slice(2, 4))) return false;
  return creditCodeCheckChar(v) === v[17];
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function isMobilePhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** Masks for display by role (DESIGN.md rule 10): 110105********123X, 138****5678, 张*. */
export function maskResidentId(v: string): string {
  return v.length === 18 ? `${v.slice(0, 6)}********${v.slice(14)}` : '*'.repeat(v.length);
}
export function maskPhone(v: string): string {
  return v.length === 11 ? `${v.slice(0, 3)}****${v.slice(7)}` : '*'.repeat(v.length);
}
export function maskName(v: string): string {
  const chars = [...v];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
