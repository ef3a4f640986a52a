// A crowd connecting at once (a flash sale's buyers) waits in the kernel's queue for Trio to accept it instead of being
// dropped: Trio listens with a backlog of TRIO_LISTEN_BACKLOG (4,096), not Node's 511, beyond which the kernel drops
// connections and their clients retry only after 1, 3, 7, 15 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/lib.ts';
import { loadConfig } from '../../src/config.ts';
import { startTrio } from '../../src/start.ts';
import { cloneDatabase } from '../helpers.ts';

let trio: Awaited<ReturnType<typeof startTrio>>;
let database: Awaited<ReturnType<typeof cloneDatabase>>;
let dataDir: string;
let port: number;

/** The backlog of the socket listening on this port, as the kernel holds it (`ss`: Send-Q of a listening socket). */
function backlogOf(port: number): number {
  const out = spawnSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).stdout.trim();
  return Number(out.split(/\s+/)[2]);
}

beforeAll(async () => {
  database = await cloneDatabase({ poolSize: 2 });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-backlog-'));
  port = await freePort();
  const config = loadConfig({
    ...process.env, PORT: String(port), HOST: '127.0.0.1', TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TRIO_DEMO: 'off', TRIO_SCHEDULER: 'off',
    TRIO_DB_ANALYZE_INTERVAL_MS: '0', ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  trio = await startTrio(config, { database });
});
afterAll(async () => {
  await trio?.stop();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('listening', () => {
  it('the kernel queues up to 4,096 connections for Trio (or its own limit, net.core.somaxconn, when lower)', () => {
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    expect(loadConfig({}).listenBacklog).toBe(4096);
    expect(backlogOf(port)).toBe(Math.min(4096, somaxconn));
  });
});
