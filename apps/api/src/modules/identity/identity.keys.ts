import type { FieldCipher } from '../../platform/field-keys.ts';

// The public API (getProfile(db, id), createAccount(db, input)) takes no context, so the module keeps
// the platform's field cipher handed over when the app is built (identityModule.subscribe).
let cipher: FieldCipher | undefined;

export function useFieldCipher(fields: FieldCipher): void {
  cipher = fields;
}

function current(): FieldCipher {
  if (!cipher) throw new Error('identity: the field cipher is not configured (build the app first)');
  return cipher;
}

export const seal = (plaintext: string) => current().encrypt(plaintext);
export const unseal = (stored: string) => current().decrypt(stored);
export const lookupIndex = (value: string) => current().blindIndex(value);
