import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The whole configuration, validated once at start (DESIGN.md rule 5): nothing else reads
 * process.env. Every variable is documented in docs/operations.md.
 */
const ConfigSchema = Type.Object({
  env: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')]),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** When absent, an embedded PostgreSQL is started in `${dataDir}/pg`. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  dataDir: Type.String({ minLength: 1 }),
  /** Loopback port of the embedded PostgreSQL (used only without databaseUrl). */
  embeddedDbPort: Type.Integer({ minimum: 1024, maximum: 65535 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  ),
  /** Signs session and CSRF cookies; 32+ characters. Generated into the data dir if not given. */
  cookieSecret: Type.String({ minLength: 32 }),
  /** 32-byte key (base64) for field-level encryption and blind indexes of personal identifiers. */
  fieldKey: Type.String({ minLength: 43 }),
  /**
   * Which proxies may set X-Forwarded-For: '' trusts none (the default: clients cannot choose
   * the address that rate limits and audit records use), or a comma-separated list of proxy
   * addresses/CIDRs, or a hop count.
   */
  trustProxy: Type.String(),
  /** Set cookies with the Secure flag (behind HTTPS). */
  secureCookies: Type.Boolean(),
  publicUrl: Type.String({ minLength: 1 }),
  uploadMaxBytes: Type.Integer({ minimum: 1024 }),
  seedDemo: Type.Boolean(),
  dbPoolSize: Type.Integer({ minimum: 1, maximum: 200 }),
  /** Seconds a session lives without use. */
  sessionIdleSeconds: Type.Integer({ minimum: 60 }),
  rateLimitPerMinute: Type.Integer({ minimum: 1 }),
  /** Data requests (and consent requests) per minute per exchange client system. */
  exchangeRateLimitPerMinute: Type.Integer({ minimum: 1 }),
  outboxPollMs: Type.Integer({ minimum: 10 }),
  /** How often the SLA escalation job runs; 0 turns it off (tests call its tick themselves). */
  slaEscalationIntervalMs: Type.Integer({ minimum: 0 }),
  /** Working days a department head may add to a case's limits in total (行政许可法 art. 42: ten). */
  slaMaxExtensionDays: Type.Integer({ minimum: 0, maximum: 365 }),
  /**
   * Share (0–1) of automatic approvals queued for a post-approval review (事后抽查); when set it
   * overrides every process's `tongban:reviewSample`.
   */
  instantReviewSampleRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  /** How often the 容缺 deadline job (reminders, expiries) runs; 0 turns it off (tests call its pass). */
  deferralJobIntervalMs: Type.Integer({ minimum: 0 }),
  /** Working days before a 容缺 deadline the applicant is reminded of the materials they owe. */
  deferralReminderDays: Type.Integer({ minimum: 0, maximum: 30 }),
  webDistDir: Type.String(),
  /** Deployment crypto suite: intl = Ed25519/ES256 + SHA-256 + AES-256-GCM; national = SM2 + SM3 + SM4. */
  cryptoSuite: Type.Union([Type.Literal('intl'), Type.Literal('national')]),
  /** 32-byte key-encryption key (base64url) for the trust module's private signing keys. */
  trustKek: Type.String({ minLength: 43 }),
  /** How often the field-key re-encryption job runs after a rotation; 0 turns it off (tests run its pass). */
  fieldKeyJobIntervalMs: Type.Integer({ minimum: 0 }),
  /** The key-encryption key being replaced, only for `npm run field-keys -- rekek` (env PREVIOUS_FIELD_KEY). */
  previousFieldKey: Type.Optional(Type.String({ minLength: 43 })),
  /** How often the retention job deletes or anonymises expired personal data; 0 turns it off (tests). */
  retentionIntervalMs: Type.Integer({ minimum: 0 }),
  /** The transparency log anchors the audit chain head every this many audit entries. */
  translogAuditCheckpointEvery: Type.Integer({ minimum: 1 }),
  /** How often the transparency log looks for audit checkpoints to append; 0 turns it off (tests run its pass). */
  translogCheckpointIntervalMs: Type.Integer({ minimum: 0 }),
  /** A grown log gets a new signed tree head on request once the newest one is this many seconds old. */
  translogSthMaxAgeSeconds: Type.Integer({ minimum: 0 }),
});
export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

function int(v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  return Number.isInteger(n) ? n : Number.NaN;
}

/** Reads a secret from the environment, or from (creating once) a file in the data dir. */
function secret(given: string | undefined, dataDir: string, name: string): string {
  if (given) return given;
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.DATA_DIR ?? 'data');
  const port = int(env.PORT, 8080);
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const candidate: Config = {
    env: nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedDbPort: int(env.EMBEDDED_DB_PORT, 54329),
    logLevel: (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'],
    cookieSecret: overrides.cookieSecret ?? secret(env.COOKIE_SECRET, dataDir, 'cookie-secret'),
    fieldKey: overrides.fieldKey ?? secret(env.FIELD_KEY, dataDir, 'field-key'),
    secureCookies: bool(env.SECURE_COOKIES, false),
    trustProxy: env.TRUST_PROXY ?? '',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    uploadMaxBytes: int(env.UPLOAD_MAX_BYTES, 10 * 1024 * 1024),
    seedDemo: bool(env.SEED_DEMO, true),
    dbPoolSize: int(env.DB_POOL_SIZE, 20),
    sessionIdleSeconds: int(env.SESSION_IDLE_SECONDS, 8 * 3600),
    rateLimitPerMinute: int(env.RATE_LIMIT_PER_MINUTE, 600),
    exchangeRateLimitPerMinute: int(env.EXCHANGE_RATE_LIMIT_PER_MINUTE, 600),
    outboxPollMs: int(env.OUTBOX_POLL_MS, 1000),
    slaEscalationIntervalMs: int(env.SLA_ESCALATION_INTERVAL_MS, 60_000),
    slaMaxExtensionDays: int(env.SLA_MAX_EXTENSION_DAYS, 10),
    ...(env.INSTANT_REVIEW_SAMPLE_RATE
      ? { instantReviewSampleRate: Number(env.INSTANT_REVIEW_SAMPLE_RATE.trim() || Number.NaN) }
      : {}),
    deferralJobIntervalMs: int(env.DEFERRAL_JOB_INTERVAL_MS, 60_000),
    deferralReminderDays: int(env.DEFERRAL_REMINDER_DAYS, 2),
    webDistDir: path.resolve(env.WEB_DIST_DIR ?? path.join(import.meta.dirname, '../../../web/dist')),
    cryptoSuite: (env.CRYPTO_SUITE || 'intl') as Config['cryptoSuite'],
    trustKek: overrides.trustKek ?? secret(env.TRUST_KEK, dataDir, 'trust-kek'),
    fieldKeyJobIntervalMs: int(env.FIELD_KEY_JOB_INTERVAL_MS, nodeEnv === 'test' ? 0 : 60_000),
    ...(env.PREVIOUS_FIELD_KEY ? { previousFieldKey: env.PREVIOUS_FIELD_KEY } : {}),
    retentionIntervalMs: int(env.RETENTION_INTERVAL_MS, nodeEnv === 'test' ? 0 : 86_400_000),
    translogAuditCheckpointEvery: int(env.TRANSLOG_AUDIT_CHECKPOINT_EVERY, 1000),
    translogCheckpointIntervalMs: int(env.TRANSLOG_CHECKPOINT_INTERVAL_MS, nodeEnv === 'test' ? 0 : 10_000),
    translogSthMaxAgeSeconds: int(env.TRANSLOG_STH_MAX_AGE_SECONDS, 5),
    ...overrides,
  };
  if (!Value.Check(ConfigSchema, candidate)) {
    const problems = [...Value.Errors(ConfigSchema, candidate)].map(
      (e) => `${e.instancePath || '/'} ${e.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return candidate;
}
