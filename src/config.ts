import path from 'node:path';

/** Every setting of Trio, typed, read once from the environment, with defaults. */
function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = path.resolve(env.TRIO_DATA_DIR || './data');
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: env.TRIO_DEMO !== 'off',
    runScheduler: env.TRIO_SCHEDULER !== 'off',
    /** Sessions expire this many hours after sign-in. */
    sessionTtlHours: int(env, 'TRIO_SESSION_TTL_HOURS', 24 * 7),
    /** Failed sign-ins per e-mail within the window before sign-in is refused. */
    loginMaxFailuresPerEmail: int(env, 'TRIO_LOGIN_MAX_FAILURES', 5),
    loginMaxFailuresPerIp: int(env, 'TRIO_LOGIN_MAX_FAILURES_PER_IP', 30),
    loginWindowMinutes: int(env, 'TRIO_LOGIN_WINDOW_MINUTES', 15),
    /** Largest JSON body accepted, in bytes. */
    bodyLimitBytes: int(env, 'TRIO_BODY_LIMIT_BYTES', 1024 * 1024),
    /** Largest qualification document accepted, in bytes. */
    uploadMaxBytes: int(env, 'TRIO_UPLOAD_MAX_BYTES', 5 * 1024 * 1024),
    /** A legal entity may hold at most this many stores that are not closed. */
    maxStoresPerEntity: int(env, 'TRIO_MAX_STORES_PER_ENTITY', 5),
    /** A bulk deposit cut may reduce a deposit by at most this many basis points. */
    maxDepositCutBp: int(env, 'TRIO_MAX_DEPOSIT_CUT_BP', 5000),
    /** Largest product image accepted, in bytes. */
    imageMaxBytes: int(env, 'TRIO_IMAGE_MAX_BYTES', 8 * 1024 * 1024),
    /** Highest SKU price the platform accepts, in minor units (default 1,000,000.00 yuan). */
    priceCapMinor: int(env, 'TRIO_PRICE_CAP_MINOR', 100_000_000),
    /** Platform currency for deposits. */
    currency: env.TRIO_CURRENCY || 'CNY',
  };
}
