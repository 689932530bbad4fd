import { decryptField, encryptField, type FieldKeys, fieldKeys } from '../../platform/pii.ts';

// The field key (config.fieldKey) the module encrypts stored credentials and pending fields with.
let keys: FieldKeys | undefined;

export function useFieldKey(fieldKey: string): void {
  keys = fieldKeys(fieldKey);
}

function current(): FieldKeys {
  if (!keys) throw new Error('licences: field key not set (the module was not subscribed)');
  return keys;
}

export const seal = (plain: string) => encryptField(current(), plain);
export const open = (stored: string) => decryptField(current(), stored);
