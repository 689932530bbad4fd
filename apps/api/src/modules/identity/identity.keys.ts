import { blindIndex, decryptField, encryptField, type FieldKeys, fieldKeys } from '../../platform/pii.ts';

// The public API (getProfile(db, id), createAccount(db, input)) takes no key, so the module keeps
// the one derived from config.fieldKey when the app is built (identityModule.subscribe).
let keys: FieldKeys | undefined;

export function useFieldKey(fieldKey: string): void {
  keys = fieldKeys(fieldKey);
}

function current(): FieldKeys {
  if (!keys) throw new Error('identity: the field key is not configured (build the app first)');
  return keys;
}

export const seal = (plaintext: string) => encryptField(current(), plaintext);
export const unseal = (stored: string) => decryptField(current(), stored);
export const lookupIndex = (value: string) => blindIndex(current(), value);
