// The contracts shared by the API and the web: schemas, the data dictionary, validators, error codes.
// Each module's schemas live in their own file; add nothing here but re-exports.
export * from './applications.ts';
export * from './audit.ts';
export * from './authorizations.ts';
export * from './automation.ts';
export * from './bundles.ts';
export * from './catalogue.ts';
export * from './common.ts';
export * from './consent.ts';
export * from './decisions.ts';
export * from './dictionary.ts';
export * from './errors/index.ts';
export * from './exchange.ts';
export * from './exchange-datasets.ts';
export * from './forms.ts';
export * from './identity.ts';
export * from './licences.ts';
export * from './notifications.ts';
export * from './org.ts';
export * from './protection.ts';
export * from './translog.ts';
export * from './trust.ts';
export * from './validators.ts';
export * from './workflow.ts';
