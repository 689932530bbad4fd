/**
 * JSON with object keys sorted at every depth, so the same value always serialises to the same
 * bytes whatever order its keys were written or read back from jsonb in (RFC 8785 JCS for the
 * values stored here: strings, finite numbers, booleans, null, arrays and objects; keys whose value
 * is undefined are left out). What the audit chain's digests and the transparency log's leaves hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
