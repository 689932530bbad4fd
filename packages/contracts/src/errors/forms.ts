import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the forms module. */
export const formsErrors = {} satisfies ErrorCatalogue;
