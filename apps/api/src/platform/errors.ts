import type { ErrorCode } from '@tongban/contracts';

/**
 * A failure with a stable code from the contracts' error catalogue. Services throw these;
 * the HTTP layer (platform/http-errors.ts) maps the code to a status and a localized message.
 * `details` is safe to show to the caller (field errors, ids); never put secrets in it.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown[],
    /** Extra values substituted into the message: `{name}` in the catalogue text. */
    readonly params?: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
