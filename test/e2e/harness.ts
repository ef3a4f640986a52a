// Browser-test harness: a real Trio server in a child process (fresh data directory, or a fresh PostgreSQL
// database when DATABASE_URL is set), Debian's Chromium through playwright-core, and screenshots.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { PAGE_WAIT_MS, PROCESS_START_MS } from '../timeouts.ts';
import { textPdf } from '../../src/demo/pdf.ts';
import { serverBundle } from '../../scripts/build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS_DIR = process.env.TRIO_SHOTS_DIR || '/tmp/ui-shots';
export const DEMO_PASSWORD = 'trio-demo-2026';

export type TrioServer = {
  url: string; logs: () => string; close: () => Promise<void>;
  /** The server's own database on PostgreSQL (DATABASE_URL set); absent on PGlite, which the server holds alone. */
  databaseUrl?: string;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a fresh PostgreSQL database for this run (a copy of `template` when given); returns its URL and how to drop it. */
async function freshDatabase(adminUrl: string, template?: string) {
  const name = `trio_e2e_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function waitForReady(url: string, child: ChildProcess, logs: () => string, timeoutMs = PROCESS_START_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Trio exited with code ${child.exitCode} before it was ready:\n${logs()}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Trio was not ready within ${timeoutMs} ms:\n${logs()}`);
}

/** Resolves once GET /api/demo/status says the demo data is complete. */
async function demoComplete(url: string, logs: () => string, timeoutMs = PROCESS_START_MS) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const status = (await (await fetch(`${url}/api/demo/status`)).json()) as { loading: boolean };
    if (!status.loading) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the demo data was not complete within ${timeoutMs} ms:\n${logs()}`);
}

type Spawned = { url: string; logs: () => string; stop: () => Promise<void> };

/**
 * Spawns the server as `npm start` runs it, the bundle of src/main.ts (scripts/build-server.mjs) with plain node (tsx
 * took ~2.1 s of CPU per start against ~0.9 s for the bundle; a run of the journeys starts ~30 servers), on a free
 * port over `dataDir` (and `databaseUrl` on PostgreSQL); resolves once /ready answers.
 */
async function spawnTrio(dataDir: string, databaseUrl: string | undefined, extraEnv: Record<string, string> = {}): Promise<Spawned> {
  const port = await freePort();
  // No demo host page unless a journey asks for one on a port of its own (journeys run side by side).
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', TRIO_DEMO: 'on', TRIO_DEMO_HOST_PORT: '0', ...extraEnv };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;

  let output = '';
  // Its own process group, so stopping it stops whatever it starts.
  const child = spawn(process.execPath, ['--enable-source-maps', serverBundle], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, s);
      } catch {
        child.kill(s);
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForReady(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, logs: () => output, stop };
}

/**
 * Settings that change what the demo data looks like once made (deadlines computed when demo orders are placed,
 * received or settled) pick their own template; the rest (how often the scheduler runs, the host page's port, which
 * a start sets again, and the refund and withdrawal settings) share one.
 */
const NOT_IN_TEMPLATE = new Set([
  'TRIO_SCHEDULER_INTERVAL_MS', 'TRIO_DEMO_HOST_PORT',
  // The demo makes no refund and no withdrawal: how those are retried or limited does not change its data.
  'TRIO_SANDBOX_REFUND_SECONDS', 'TRIO_REFUND_RETRY_SECONDS', 'TRIO_REFUND_MAX_ATTEMPTS', 'TRIO_WITHDRAWAL_AUTO_LIMIT', 'TRIO_WITHDRAWAL_CHECK_SECONDS',
]);

function templateKey(env: Record<string, string>) {
  const kept = Object.entries(env).filter(([k]) => !NOT_IN_TEMPLATE.has(k)).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify([process.env.DATABASE_URL ? 'pg' : 'pglite', kept])).digest('hex').slice(0, 12);
}

/**
 * The demo, migrated and seeded once per run (per template key) by a server that is then stopped: its data directory
 * (PGlite's files, uploaded images, secrets) is copied for each journey, and on PostgreSQL its database is the
 * template of each journey's database (`CREATE DATABASE … TEMPLATE`). Seeding the demo took ~8 s of each journey's
 * start on a quiet machine. Journeys may run side by side: the first to need a template makes it, the others wait.
 */
async function demoTemplate(env: Record<string, string>): Promise<{ dataDir: string; database?: string }> {
  const dir = inject('trioE2eTemplates');
  const key = templateKey(env);
  const ready = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  const deadline = Date.now() + PROCESS_START_MS;
  for (;;) {
    if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8'));
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the e2e demo template ${key} was not made within ${PROCESS_START_MS} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const dataDir = path.join(dir, key);
    mkdirSync(dataDir);
    const admin = process.env.DATABASE_URL;
    const database = admin ? `trio_e2e_tpl_${key}_${randomBytes(3).toString('hex')}` : undefined;
    if (admin && database) await adminQuery(admin, `CREATE DATABASE ${database}`);
    const trio = await spawnTrio(dataDir, admin && database ? withDatabase(admin, database) : undefined, env);
    // The demo products and orders load after the server answers: the template is the whole demo.
    await demoComplete(trio.url, () => trio.logs());
    await trio.stop();
    writeFileSync(ready, JSON.stringify({ dataDir, database }));
    return { dataDir, database };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function adminQuery(adminUrl: string, sql: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Starts the server bundle on a free port over a copy of the demo (its own data directory, and its own database on
 * PostgreSQL). `env` adds settings for this server only, e.g. `{ TRIO_AFTER_SALES_DAYS: '0' }` to settle orders at once.
 */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<TrioServer> {
  if (!existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `node scripts/build-web.mjs` before the browser tests.');
  }
  if (!existsSync(serverBundle)) throw new Error('.tmp/server/main.mjs is missing: run `node scripts/build-server.mjs` before the browser tests.');
  const env = opts.env ?? {};
  const template = await demoTemplate(env);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-e2e-'));
  cpSync(template.dataDir, dataDir, { recursive: true });
  const db = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL, template.database) : undefined;
  const close = async () => {
    await trio?.stop();
    await db?.drop().catch((err) => console.warn('could not drop the e2e database:', err));
    rmSync(dataDir, { recursive: true, force: true });
  };
  let trio: Spawned | undefined;
  try {
    trio = await spawnTrio(dataDir, db?.url, env);
  } catch (err) {
    await close();
    throw err;
  }
  return { url: trio.url, logs: trio.logs, close, databaseUrl: db?.url };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** Saves a full-page screenshot to SHOTS_DIR/<name>.png. */
export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS_DIR, { recursive: true });
  // From the top, so sticky bars sit where a person would see them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

export type Journey = {
  readonly server: TrioServer;
  readonly browser: Browser;
  /** A page in a context of its own (default timeout PAGE_WAIT_MS; page errors go to the console). */
  newPage: (viewport?: { width: number; height: number }, locale?: string) => Promise<Page>;
  /** GET an API path of the server as the holder of `token` (or nobody); a non-2xx answer throws. */
  apiAs: <T>(token: string | null, path: string) => Promise<T>;
  /** Signs a demo account in through the API; its session token. */
  login: (email: string) => Promise<string>;
};

/**
 * The setup every browser journey shares; call it at the top of the test file. It registers the Vitest hooks that
 * start a server (with `env` added) and the browser, leave on a failed test a screenshot of every open page and the
 * server's last output, and close everything at the end. A journey's own beforeAll comes after this one.
 */
export function journey(name: string, opts: { env?: Record<string, string> } = {}): Journey {
  let server: TrioServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  // Anything the Content-Security-Policy blocks on any page fails the step that caused it.
  const cspErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: opts.env }), launchBrowser()]);
  });

  // A failing step leaves a picture of every open page, and the server's last words.
  afterEach(async (ctx) => {
    const blocked = cspErrors.splice(0);
    if (blocked.length) throw new Error(`the Content-Security-Policy blocked something:\n${blocked.join('\n')}`);
    if (ctx.task.result?.state !== 'fail') return;
    let n = 0;
    for (const c of contexts) for (const p of c.pages()) await shot(p, `failed-${name}-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}-${n++}`).catch(() => {});
    console.error(`server output:\n${server?.logs().slice(-4000)}`);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  const started = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`${name}: the ${what} is used before beforeAll started it`);
    return value;
  };
  return {
    get server() {
      return started('server', server);
    },
    get browser() {
      return started('browser', browser);
    },
    async apiAs<T>(token: string | null, path: string): Promise<T> {
      const res = await fetch(`${started('server', server).url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async login(email: string): Promise<string> {
      const res = await fetch(`${started('server', server).url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      return ((await res.json()) as { token: string }).token;
    },
    async newPage(viewport = DESKTOP, locale = 'en-US') {
      const context = await started('browser', browser).newContext({ viewport, locale });
      contexts.push(context);
      context.setDefaultTimeout(PAGE_WAIT_MS);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error('page error:', err.message));
      page.on('console', (m) => {
        if (/content security policy/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
      });
      return page;
    },
  };
}

/** A real one-page PDF made on the spot, standing in for a scanned licence. */
export function samplePdf(title: string): Buffer {
  return textPdf([title]);
}

/** An account without addresses adds its first one in the address book (checkout, gift claim); waits until it is listed. */
export async function addFirstAddress(page: Page, a: { name: string; phone: string; region: string; line: string }) {
  await page.getByText(en.orders.address.emptyTitle).waitFor();
  await page.getByLabel(en.orders.address.name).fill(a.name);
  await page.getByLabel(en.orders.address.phone).fill(a.phone);
  await page.getByLabel(en.orders.address.region).fill(a.region);
  await page.getByLabel(en.orders.address.line).fill(a.line);
  await page.getByRole('button', { name: en.orders.address.saveNew }).click();
  await page.getByRole('radio', { name: new RegExp(a.name) }).waitFor();
}

/** Signs a demo account in through the sign-in form and waits for its home (e.g. /merchant). */
export async function signInThroughForm(page: Page, server: TrioServer, email: string, home: string) {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel(en.auth.email).fill(email);
  await page.getByLabel(en.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: en.auth.signIn, exact: true }).click();
  await page.waitForURL((u) => u.pathname === home || u.pathname.startsWith(`${home}/`));
}

export type Lang = 'en' | 'zh' | 'vi';

/**
 * A page whose web app speaks `lang` (the choice the language switcher remembers), signed in as the demo account
 * `email` through the API (the session put where the web app keeps it), or signed out when `email` is null.
 */
export async function pageAs(j: Journey, lang: Lang, email: string | null, viewport = DESKTOP): Promise<Page> {
  const session = email ? await (await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })).json() : null;
  const page = await j.newPage(viewport);
  await page.addInitScript(([l, s]) => {
    localStorage.setItem('trio.lang', l as string);
    if (s) localStorage.setItem('trio.session', s as string);
  }, [lang, session ? JSON.stringify(session) : null] as const);
  return page;
}

/** POST to the server's API as the holder of `token` (with an Idempotency-Key); a non-2xx answer throws. */
export async function postAs<T>(server: TrioServer, token: string | null, path: string, body: unknown = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': randomBytes(16).toString('hex') };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until the page shows its content: no spinner, and no request of the app under way. */
export async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.state--loading').first().waitFor({ state: 'detached' });
}
