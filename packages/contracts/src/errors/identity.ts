import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the identity module. */
export const identityErrors = {} satisfies ErrorCatalogue;
