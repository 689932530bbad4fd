import { AppError } from '../../platform/errors.ts';

/**
 * Keyset paging cursors on (timestamp, id): opaque to clients so the sort key can change without
 * breaking their links. Shared by the task inbox and the extension queue.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** A cursor from encodeCursor; anything else is a coded validation error on `cursor`. */
export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(at.getTime())) {
    throw new AppError('VALIDATION_FAILED', [
      { pointer: '/query/cursor', code: 'cursor', message: 'invalid cursor' },
    ]);
  }
  return { at, id };
}
