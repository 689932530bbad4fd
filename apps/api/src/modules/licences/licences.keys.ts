import { cipherSlot } from '../../platform/field-keys.ts';

// The platform's field cipher (envelope keys, rotation) the module encrypts stored credentials and
// pending answers with, handed over when the app is built (licencesModule.subscribe).
const slot = cipherSlot('licences');

export const useFieldCipher = slot.use;
export const seal = (plain: string) => slot.get().encrypt(plain);
export const open = (stored: string) => slot.get().decrypt(stored);
