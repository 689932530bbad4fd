import { cipherSlot } from '../../platform/field-keys.ts';

// The public API (getProfile(db, id), createAccount(db, input)) takes no context, so the module keeps
// the platform's field cipher handed over when the app is built (identityModule.subscribe).
const slot = cipherSlot('identity');

export const useFieldCipher = slot.use;
export const seal = (plaintext: string) => slot.get().encrypt(plaintext);
export const unseal = (stored: string) => slot.get().decrypt(stored);
export const lookupIndex = (value: string) => slot.get().blindIndex(value);
