import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the catalogue module. */
export const catalogueErrors = {} satisfies ErrorCatalogue;
