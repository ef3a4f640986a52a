// A first start listens before the demo accounts and stores are in; until they are, requests wait for them (a
// sign-in with a demo account is never refused for want of it), while /ready and /api/demo/status answer at once.
// PostgreSQL only (*.pg.test.ts): the test holds the demo's advisory lock from its own connection, so the start's
// seed waits for it; on PGlite the seed's transaction holds the one connection, and every statement waits anyway.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../bench/lib.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { startTrio } from '../../src/start.ts';
import { withDatabase } from '../global-setup.ts';
import { WAIT } from '../helpers.ts';
import { ADVISORY_LOCKS } from '../../src/db/advisory-locks.ts';

let dataDir: string;
let admin: pg.Client;
let name: string;
let url: string;
/** The test's own connection to the new database (one: its session holds the lock). */
let clone: Database;

/** A new, empty database (not the tests' template, which has categories): the start migrates it and loads the demo. */
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-demo-hold-'));
  const tpl = inject('trioTemplate');
  if (tpl.kind !== 'postgres') throw new Error('a PostgreSQL test');
  admin = new pg.Client({ connectionString: tpl.url });
  await admin.connect();
  name = `trio_demo_hold_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  url = withDatabase(tpl.url, name);
  clone = await openDatabase({ databaseUrl: url, poolSize: 1 });
});
afterAll(async () => {
  await clone?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin?.end();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a first start with demo data', () => {
  it('answers /ready before the demo accounts are in, and a demo sign-in waits for them instead of being refused', async () => {
    // The seed's lock, held by this test (one connection: the pool's only one keeps the session lock).
    await clone.db.execute(sql`select pg_advisory_lock(${ADVISORY_LOCKS.demo})`);
    const port = await freePort();
    const config = loadConfig({
      ...process.env, DATABASE_URL: url, TRIO_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent',
      TRIO_DEMO: 'on', TRIO_DEMO_HOST_PORT: '0', TRIO_SCHEDULER: 'off',
    });
    const base = `http://127.0.0.1:${port}`;
    const starting = startTrio(config);
    starting.catch(() => {});
    await expect.poll(async () => (await fetch(`${base}/ready`).catch(() => undefined))?.status, WAIT).toBe(200);
    const status = async () => (await (await fetch(`${base}/api/demo/status`)).json()) as { loading: boolean; step: string | null };
    expect(await status()).toEqual({ loading: true, step: 'accounts and stores' });

    let answered = false;
    const login = fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'lin@trio.demo', password: DEMO_PASSWORD }) })
      .finally(() => (answered = true));
    // A request sent after the sign-in is answered while the sign-in waits.
    expect((await status()).step).toBe('accounts and stores');
    expect(answered).toBe(false);

    await clone.db.execute(sql`select pg_advisory_unlock(${ADVISORY_LOCKS.demo})`);
    const res = await login;
    expect(res.status, `${await res.text()} ${await starting.then(() => 'started', (e: Error) => e.stack)}`).toBe(200);
    const trio = await starting;
    try {
      expect(trio.demo?.fresh).toBe(true);
    } finally {
      await trio.stop();
    }
  });
});
