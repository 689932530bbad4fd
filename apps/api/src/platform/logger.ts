import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * Personal data never reaches the logs: credentials, cookies and identifiers are redacted
 * wherever they appear in a logged object.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.idNumber',
  '*.phone',
  '*.name',
  '*.creditCode',
  '*.formData',
  'body',
];

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
