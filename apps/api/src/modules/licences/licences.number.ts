/**
 * Licence numbers in the style of GB/T 36904-2018 (电子证照 标识规范): the electronic-licence
 * object identifier arc, the licence type code, the issuing organisation's code, the licence's own
 * serial (year + sequence, unique per region and year), a version and a check character:
 *
 *   1.2.156.3005.2.<type code>.<issuer code>.<year><sequence, 7 digits>.001.<check>
 *   1.2.156.3005.2.SAMR001.339000SAMR.20260000042.001.K
 *
 * The issuer code is the department's region code and its code (the demo departments have no
 * unified social credit codes). The check character is ISO/IEC 7064 MOD 37,36 over every other
 * character with the dots left out, as GB 32100 and GB/T 36904 use a hybrid ISO 7064 check; a
 * mistyped character or two swapped neighbours are caught. This is the standard's shape, not a
 * registered identifier.
 */
export const LICENCE_OID_ARC = '1.2.156.3005.2';
const VERSION = '001';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 MOD 37,36 (hybrid system) check character over digits and upper-case letters. */
export function mod3736Check(text: string): string {
  const m = 36;
  let p = m;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`character ${ch} cannot be checked`);
    let s = (p + v) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  return ALPHABET[(m + 1 - p) % m]!;
}

export function formatLicenceNumber(parts: {
  typeCode: string;
  regionCode: string;
  departmentCode: string;
  year: number;
  sequence: number;
}): string {
  const serial = `${parts.year}${String(parts.sequence).padStart(7, '0')}`;
  const body = [
    LICENCE_OID_ARC,
    parts.typeCode,
    `${parts.regionCode}${parts.departmentCode}`,
    serial,
    VERSION,
  ];
  const joined = body.join('.');
  return `${joined}.${mod3736Check(joined.replaceAll('.', ''))}`;
}

/** Whether `number` is well formed and its check character right. */
export function isLicenceNumber(number: string): boolean {
  const at = number.lastIndexOf('.');
  if (!number.startsWith(`${LICENCE_OID_ARC}.`) || at < 0) return false;
  const body = number.slice(0, at).replaceAll('.', '');
  if (!/^[0-9A-Z]+$/.test(body)) return false;
  return mod3736Check(body) === number.slice(at + 1);
}
