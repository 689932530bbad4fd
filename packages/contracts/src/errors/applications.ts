import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the applications module. */
export const applicationsErrors = {} satisfies ErrorCatalogue;
