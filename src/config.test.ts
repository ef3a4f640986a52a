import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('settings', () => {
  it('numbers given to loadConfig override the defaults, not only those in process.env', () => {
    const config = loadConfig({ TRIO_UPLOAD_MAX_BYTES: '1234', TRIO_SESSION_TTL_HOURS: '2', TRIO_LOGIN_MAX_FAILURES: '3', TRIO_MAX_STORES_PER_ENTITY: '7', PORT: '4100' });
    expect(config.uploadMaxBytes).toBe(1234);
    expect(config.sessionTtlHours).toBe(2);
    expect(config.loginMaxFailuresPerEmail).toBe(3);
    expect(config.maxStoresPerEntity).toBe(7);
    expect(config.port).toBe(4100);
  });

  it('without settings the documented defaults apply', () => {
    const config = loadConfig({});
    expect(config.sessionTtlHours).toBe(168);
    expect(config.loginMaxFailuresPerEmail).toBe(5);
    expect(config.loginWindowMinutes).toBe(15);
    expect(config.maxStoresPerEntity).toBe(5);
    expect(config.maxDepositCutBp).toBe(5000);
    expect(config.profitSharingMaxBp).toBe(3000);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
    expect(config.dbPoolSize).toBe(10);
  });

  it('a setting that is not a whole number stops the start with a clear message', () => {
    expect(() => loadConfig({ TRIO_UPLOAD_MAX_BYTES: '5MB' })).toThrow(/TRIO_UPLOAD_MAX_BYTES must be an integer/);
    expect(() => loadConfig({ TRIO_PROFIT_SHARING_MAX_BP: '12000' })).toThrow(/TRIO_PROFIT_SHARING_MAX_BP is in basis points/);
    expect(() => loadConfig({ TRIO_DB_POOL_SIZE: '0' })).toThrow(/TRIO_DB_POOL_SIZE must be at least 1/);
  });
});
