import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the audit module. */
export const auditErrors = {} satisfies ErrorCatalogue;
