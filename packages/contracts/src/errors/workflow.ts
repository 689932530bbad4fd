import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the workflow module. */
export const workflowErrors = {} satisfies ErrorCatalogue;
