// Starting Trio with the WECHATPAY_* settings, as `npm start` does (startTrio is what src/main.ts runs): on a fresh
// database no demo orders or payments are made and nothing reaches WeChat Pay (a recording server on 127.0.0.1
// plays it); an http TRIO_PUBLIC_URL stops the start with a clear message.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { runSweeps, sweeps } from '../src/scheduler/index.ts';
import { StartRefused, startTrio } from '../src/start.ts';
import { withDatabase } from './global-setup.ts';
import { cloneDatabase } from './helpers.ts';

/** A database with nothing in it yet, as on a first start: PGlite in a new data directory, or a new PostgreSQL database. */
async function emptyDatabase(dataDir: string) {
  const tpl = inject('trioTemplate');
  if (tpl.kind !== 'postgres') return { env: { TRIO_DATA_DIR: dataDir, DATABASE_URL: '' }, drop: async () => {} };
  const name = `trio_start_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: tpl.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    env: { TRIO_DATA_DIR: dataDir, DATABASE_URL: withDatabase(tpl.url, name) },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const calls: string[] = [];
let wechat: Server;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  wechat = createHttpServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":"SYSTEM_ERROR","message":"recorded"}');
  });
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(path.join(os.tmpdir(), 'trio-start-'));
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path.join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'pub_key.pem'), platform.publicKey.export({ type: 'spki', format: 'pem' }));
  env = {
    LOG_LEVEL: 'silent', HOST: '127.0.0.1', TRIO_SCHEDULER_INTERVAL_MS: '50',
    WECHATPAY_MCHID: '1900000109', WECHATPAY_APPID: 'wx8888888888888888', WECHATPAY_MERCHANT_SERIAL: '3775B6A45ACD588826D15E583A95F5DD12345678',
    WECHATPAY_MERCHANT_PRIVATE_KEY: path.join(dir, 'apiclient_key.pem'), WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0114232134912410000000000000',
    WECHATPAY_PLATFORM_PUBLIC_KEY: path.join(dir, 'pub_key.pem'), WECHATPAY_APIV3_KEY: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    WECHATPAY_BASE_URL: `http://127.0.0.1:${(wechat.address() as { port: number }).port}`,
  };
});
afterAll(async () => {
  await new Promise((resolve) => wechat?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const count = async (db: Parameters<typeof queryRows>[0], table: string, where = 'true') =>
  (await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where ${where}`)))[0].n;

describe('a start with WeChat Pay settings', () => {
  it('on a fresh database makes no demo data, orders or payments, and sends nothing to WeChat Pay', async () => {
    const database = await cloneDatabase();
    const config = loadConfig({ ...env, TRIO_DATA_DIR: path.join(dir, 'a'), PORT: String(await freePort()), TRIO_PUBLIC_URL: 'https://shop.example' });
    const trio = await startTrio(config, { database });
    try {
      expect(trio.note).toMatch(/No demo data: payments go to WeChat Pay/);
      expect((await fetch(`http://127.0.0.1:${config.port}/health`)).status).toBe(200);
      // What the scheduler does on every tick, run to the end here.
      await runSweeps(sweeps(trio.ctx), config.schedulerBatch);
      expect(await count(database.db, 'users', "email like '%@trio.demo'")).toBe(0);
      expect(await count(database.db, 'orders')).toBe(0);
      expect(await count(database.db, 'payments')).toBe(0);
      expect(await count(database.db, 'payment_attempts')).toBe(0);
      expect(calls).toEqual([]);
    } finally {
      await trio.stop();
      await database.close();
    }
  });

  it('with TRIO_DEMO=on loads demo stores and products but no demo orders or payments, without overlapping queries on its transaction', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const empty = await emptyDatabase(path.join(dir, 'd'));
    const config = loadConfig({ ...env, ...empty.env, TRIO_DEMO: 'on', TRIO_SCHEDULER: 'off', PORT: String(await freePort()), TRIO_PUBLIC_URL: 'https://shop.example' });
    const trio = await startTrio(config);
    const database = trio.database;
    try {
      expect(trio.note).toMatch(/Demo stores and products are loaded \(TRIO_DEMO=on\), but no demo orders/);
      expect(trio.demo?.fresh).toBe(true);
      expect(await count(database.db, 'users', "email = 'tea@trio.demo'")).toBe(1);
      // The products load while the server answers.
      await trio.demoLoaded;
      expect(await count(database.db, 'products')).toBeGreaterThan(1000);
      expect(await count(database.db, 'orders')).toBe(0);
      expect(await count(database.db, 'payments')).toBe(0);
      expect(calls).toEqual([]);
      expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await trio.stop();
      await empty.drop();
    }
  }, 240_000); // the whole demo (thousands of products, their pictures) on a first start

  it('refuses to start with an http TRIO_PUBLIC_URL, saying why, before touching the database', async () => {
    const config = loadConfig({ ...env, TRIO_DATA_DIR: path.join(dir, 'b'), TRIO_PUBLIC_URL: 'http://shop.example' });
    const refused = await startTrio(config).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StartRefused);
    expect((refused as StartRefused).problems).toEqual([expect.stringMatching(/TRIO_PUBLIC_URL must be the https address .* it is http:\/\/shop\.example/)]);

    // npm start itself: the process ends with status 1 and the message on stderr.
    const main = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, DATABASE_URL: '', TRIO_DATA_DIR: path.join(dir, 'c'), TRIO_PUBLIC_URL: 'http://shop.example' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    main.stderr.on('data', (c) => (stderr += c));
    const status = await new Promise<number | null>((resolve) => main.on('exit', resolve));
    expect(status).toBe(1);
    expect(stderr).toMatch(/Trio does not start:\n  - with WeChat Pay, TRIO_PUBLIC_URL must be the https address/);
    expect(calls).toEqual([]);
  });
});
