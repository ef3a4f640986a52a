// A first start on PGlite (as `npm start` with no DATABASE_URL) answers before the demo data is fully loaded, and
// the demo data then arrives. A start killed part way (SIGKILL: no shutdown) is taken up by the next start: the demo
// data is complete and nothing in it is there twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerIfStale, serverBundle } from '../scripts/build-server.mjs';
import { PGLITE_EXTENSIONS } from '../src/db/client.ts';
import { DEMO_PASSWORD } from '../src/demo/logins.ts';
import { WAIT } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-first-start-'));
/** A start of the whole demo on a busy machine. */
const LONG = { timeout: 300_000, interval: 20 };
const running: ChildProcess[] = [];

// The server bundle `npm start` runs (made first when stale): four starts of it, not four transpilations by tsx.
beforeAll(() => buildServerIfStale(), 120_000);

afterAll(() => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The server as `npm start` runs it, over dataDir on PGlite; its URL once it answers /ready. */
async function start() {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRIO_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TRIO_DEMO: 'on', TRIO_DEMO_HOST_PORT: '0', TRIO_SCHEDULER: 'off' };
  const proc = spawn(process.execPath, ['--enable-source-maps', serverBundle], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  running.push(proc);
  const url = `http://127.0.0.1:${port}`;
  await expect.poll(async () => {
    if (proc.exitCode !== null) throw new Error(`Trio exited with ${proc.exitCode}`);
    return (await fetch(`${url}/ready`).catch(() => undefined))?.status;
  }, LONG).toBe(200);
  const status = async () => (await (await fetch(`${url}/api/demo/status`)).json()) as { loading: boolean; step: string | null };
  return { url, proc, status };
}

const exited = (proc: ChildProcess) => new Promise((resolve) => (proc.exitCode !== null ? resolve(undefined) : proc.once('exit', resolve)));

async function counts() {
  const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), extensions: PGLITE_EXTENSIONS });
  try {
    const n = async (q: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${q}`)).rows[0].n;
    return {
      demoUsers: await n("users where email like '%@trio.demo'"),
      stores: await n('stores'),
      products: await n('products'),
      productsTwice: await n('(select store_id, title, description from products group by 1, 2, 3 having count(*) > 1) x'),
      images: await n('product_images'),
      checkouts: await n("payments where purpose = 'orders'"),
      orders: await n('orders'),
      ordersPerCheckout: (await db.query<{ n: number }>('select distinct count(*)::int as n from orders group by payment_id')).rows.map((r) => r.n),
      freightTemplates: await n('freight_templates'),
      addresses: await n('addresses'),
      giftShops: await n('gift_shops'),
      receivers: await n('store_receivers'),
    };
  } finally {
    await db.close();
  }
}

describe('a first start on PGlite', () => {
  it('answers (a demo buyer signs in) before the demo data is loaded; a start killed while loading is taken up by the next, with nothing twice', async () => {
    const first = await start();
    // The server answers while the demo data is still to come (the accounts and stores too, at first: requests wait
    // for those, and the sign-in below finds its account).
    expect((await first.status()).loading).toBe(true);
    const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'lin@trio.demo', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    // Killed once a store's products are in and before the rest.
    await expect.poll(async () => (await first.status()).step, LONG).toMatch(/^products [3-4]\/4$/);
    first.proc.kill('SIGKILL');
    await exited(first.proc);

    // The second start loads what is missing; killed again as soon as it makes the demo orders.
    const second = await start();
    await expect.poll(async () => (await second.status()).step, LONG).toBe('orders');
    second.proc.kill('SIGKILL');
    await exited(second.proc);

    const third = await start();
    await expect.poll(async () => (await third.status()).loading, LONG).toBe(false);
    third.proc.kill('SIGTERM');
    await exited(third.proc);

    const c = await counts();
    expect(c).toMatchObject({
      demoUsers: 14, stores: 7, productsTwice: 0,
      // The plan (src/demo/orders.ts): 12 checkouts of the same two buyers, each with a tea and a toy line.
      checkouts: 12, orders: 24, ordersPerCheckout: [2], freightTemplates: 3, addresses: 2, giftShops: 4, receivers: 1,
    });
    // Four stores of about 600 products each, two pictures per category.
    expect(c.products).toBeGreaterThan(2000);
    expect(c.images).toBe(48);

    // A start after a complete one adds nothing.
    const fourth = await start();
    await expect.poll(async () => (await fourth.status()).loading, WAIT).toBe(false);
    fourth.proc.kill('SIGTERM');
    await exited(fourth.proc);
    expect(await counts()).toEqual(c);
  }, 900_000);
});
