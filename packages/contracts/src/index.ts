// The contracts shared by the API and the web: schemas, the data dictionary, validators, error codes.

export * from './common.ts';
export * from './errors/index.ts';
