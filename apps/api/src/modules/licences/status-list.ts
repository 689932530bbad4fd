import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0: one bit per credential, index 0 the most significant bit of the
 * first byte, GZIP-compressed and multibase-encoded as base64url with the 'u' prefix. A list holds
 * at least 131,072 bits (16 KiB) so that a set bit says little about which credential it is.
 */
export const STATUS_LIST_BITS = 131_072;

export type StatusPurpose = 'revocation' | 'suspension';
export const STATUS_PURPOSES: StatusPurpose[] = ['revocation', 'suspension'];

export function emptyBitstring(bits = STATUS_LIST_BITS): Uint8Array {
  return new Uint8Array(Math.ceil(bits / 8));
}

export function setBit(list: Uint8Array, index: number, on = true): void {
  checkIndex(list, index);
  const mask = 0x80 >> (index % 8);
  const byte = Math.floor(index / 8);
  list[byte] = on ? list[byte]! | mask : list[byte]! & ~mask;
}

export function getBit(list: Uint8Array, index: number): boolean {
  checkIndex(list, index);
  return (list[Math.floor(index / 8)]! & (0x80 >> (index % 8))) !== 0;
}

function checkIndex(list: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) {
    throw new RangeError(`status list index ${index} out of range`);
  }
}

export function encodeBitstring(list: Uint8Array): string {
  return `u${gzipSync(list).toString('base64url')}`;
}

/** Throws on anything that is not a multibase base64url GZIP bitstring of at least the minimum size. */
export function decodeBitstring(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const list = new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
  if (list.length * 8 < STATUS_LIST_BITS) throw new Error('status list shorter than the minimum');
  return list;
}

/** The bitstring with the given indexes set. */
export function bitstringOf(indexes: Iterable<number>, bits = STATUS_LIST_BITS): Uint8Array {
  const list = emptyBitstring(bits);
  for (const i of indexes) setBit(list, i);
  return list;
}
