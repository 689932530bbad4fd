import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the org module. */
export const orgErrors = {} satisfies ErrorCatalogue;
