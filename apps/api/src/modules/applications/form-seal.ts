import type { Config } from '../../platform/config.ts';
import { decryptField, encryptField, type FieldKeys, fieldKeys } from '../../platform/pii.ts';

/**
 * Form answers hold ID numbers, phones and addresses, so they are stored encrypted as one
 * document (DESIGN.md rule 10); nothing queries inside them.
 */
const keysByConfig = new WeakMap<Config, FieldKeys>();

function keysOf(config: Config): FieldKeys {
  let keys = keysByConfig.get(config);
  if (!keys) {
    keys = fieldKeys(config.fieldKey);
    keysByConfig.set(config, keys);
  }
  return keys;
}

export function sealForm(config: Config, data: Record<string, unknown>): string {
  return encryptField(keysOf(config), JSON.stringify(data));
}

export function openForm(config: Config, sealed: string): Record<string, unknown> {
  return JSON.parse(decryptField(keysOf(config), sealed)) as Record<string, unknown>;
}
