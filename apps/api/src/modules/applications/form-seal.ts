import type { Config } from '../../platform/config.ts';
import type { PlatformContext } from '../../platform/context.ts';
import type { FieldCipher } from '../../platform/field-keys.ts';

/**
 * Form answers hold ID numbers, phones and addresses, so they are stored sealed as one document
 * by the platform's field cipher (DESIGN.md rule 10); nothing queries inside them. Callers hand
 * in their app's config, which finds that app's cipher (registered when the app is built).
 */
const ciphers = new WeakMap<Config, FieldCipher>();

export function useFieldCipher(ctx: Pick<PlatformContext, 'config' | 'fields'>): void {
  ciphers.set(ctx.config, ctx.fields);
}

function cipherOf(config: Config): FieldCipher {
  const cipher = ciphers.get(config);
  if (!cipher) throw new Error('applications: no field cipher for this app (module not subscribed)');
  return cipher;
}

export function sealForm(config: Config, data: Record<string, unknown>): string {
  return cipherOf(config).encrypt(JSON.stringify(data));
}

export function openForm(config: Config, sealed: string): Record<string, unknown> {
  return JSON.parse(cipherOf(config).decrypt(sealed)) as Record<string, unknown>;
}
