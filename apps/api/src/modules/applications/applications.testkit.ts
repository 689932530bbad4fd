// Moved to testing/demo.ts so other modules' tests can use it too (module boundaries: ADR 0005).
export * from '../../testing/demo.ts';
