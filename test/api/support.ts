// What the API tests share beyond test/helpers.ts: stores in a given state, uploads, problem checks, row snapshots,
// and several apps racing over one database.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { manualClock } from '../../src/kernel/clock.ts';
import { inTransaction, type Ctx } from '../../src/kernel/context.ts';
import { askVerified, categoryId, cloneDatabase, multipart, PDF, type TestEnv } from '../helpers.ts';

export type Who = { headers: Record<string, string>; userId?: string; email?: string };
type Res = Awaited<ReturnType<FastifyInstance['inject']>>;
type Env = Pick<TestEnv, 'app'>;

/** A registration number no other test uses (letters, digits and dashes). */
export function regNumber(prefix = 'REG') {
  return `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

export const storeBody = (registrationNumber = regNumber(), over: Record<string, unknown> = {}) => ({
  storeName: 'Test Store',
  storeType: 'specialty',
  subjectType: 'enterprise',
  legalEntity: { name: 'Test Entity Ltd', registrationNumber },
  ...over,
});

/** Asserts an RFC 9457 problem with this status and code, and returns its body. */
export function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.statusCode, body: res.body.slice(0, 400) }).toMatchObject({ status });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: `https://trio.dev/problems/${code}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

export async function newStore(env: Env, who: Who, body: Record<string, unknown> = storeBody()) {
  const res = await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: who.headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; legalEntity: { id: string } };
}

export async function upload(env: Env, who: Who, storeId: string, kind: string, file: { name?: string; type?: string; data?: Buffer } = {}) {
  const up = multipart({ kind }, { name: file.name ?? 'document.pdf', type: file.type ?? 'application/pdf', data: file.data ?? PDF });
  return env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/documents`, headers: { ...who.headers, ...up.headers }, payload: up.payload });
}

export async function uploadOk(env: Env, who: Who, storeId: string, kind: string) {
  const res = await upload(env, who, storeId, kind);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Asks for categories by code: [code, documentIds] pairs. */
export async function ask(env: TestEnv, who: Who, storeId: string, items: (string | [string, string[]])[]) {
  const categories = [];
  for (const item of items) {
    const [code, documentIds] = typeof item === 'string' ? [item, []] : item;
    categories.push({ categoryId: await categoryId(env, code), documentIds });
  }
  return env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/category-applications`, headers: who.headers, payload: { categories } });
}

export async function getStore(env: Env, who: Who, storeId: string) {
  const res = await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${storeId}`, headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A store that is open, with the given open categories approved (they need no documents; the operator checks the new entity). */
export async function openStore(env: TestEnv, who: Who, codes = ['apparel.women.dresses']) {
  const store = await newStore(env, who);
  await askVerified(env, who, store.id, await Promise.all(codes.map(async (c) => ({ categoryId: await categoryId(env, c) }))));
  const after = await getStore(env, who, store.id);
  expect(after.status).toBe('open');
  return after as { id: string; status: string };
}

/**
 * A store of a legal entity the operator has checked already (its first store opened): the categories it asks for
 * follow their own policies, open ones approved at once.
 */
export async function newCheckedStore(env: TestEnv, who: Who, over: Record<string, unknown> = {}) {
  const reg = regNumber('CHECKED');
  const first = await newStore(env, who, storeBody(reg, { storeName: 'First Store' }));
  await askVerified(env, who, first.id, [{ categoryId: await categoryId(env, 'apparel.women.dresses') }]);
  return newStore(env, who, storeBody(reg, over));
}

/** Rows of one table (ordered), for before/after comparisons. */
export async function rows(db: Ctx['db'], table: string, orderBy = '1'): Promise<Record<string, unknown>[]> {
  const res = await db.execute(sql.raw(`SELECT * FROM ${table} ORDER BY ${orderBy}`));
  return (res as unknown as { rows: Record<string, unknown>[] }).rows;
}

export async function scalar<T = number>(db: Ctx['db'], query: ReturnType<typeof sql>): Promise<T> {
  const res = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  const v = Object.values(res.rows[0])[0];
  return (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v) as T;
}

export const TABLES = [
  'users', 'sessions', 'api_keys', 'audit_log', 'categories', 'category_qualifications', 'category_tree_version',
  'legal_entities', 'entity_claims', 'stores', 'store_members', 'category_applications', 'qualification_documents', 'deposit_ledger',
] as const;

/** Everything the business owns (login attempts aside, which a refused sign-in is meant to write). */
export async function snapshot(db: Ctx['db']) {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = JSON.parse(JSON.stringify(await rows(db, t)));
  return out;
}

/** Asserts that running fn writes nothing to any table, and returns what fn returned. */
export async function writesNothing<T>(db: Ctx['db'], fn: () => Promise<T>): Promise<T> {
  const before = await snapshot(db);
  const result = await fn();
  expect(await snapshot(db)).toEqual(before);
  return result;
}

/** Several Trio apps over one database: on PostgreSQL each with its own pool (stand-ins for processes), on PGlite sharing it. */
export async function cluster(n: number, overrides: Record<string, string> = {}) {
  // Connections: PostgreSQL allows 100 and two test files run at once. A cluster of 4 holds at most 10 + 3 × 6 pooled
  // plus 2 listeners per app (versioned caches, inbox live): 36, enough to race and twice within the limit.
  const primary = await cloneDatabase({ poolSize: 10 });
  const databases: Database[] = [primary];
  if (primary.url) for (let i = 1; i < n; i++) databases.push(await openDatabase({ databaseUrl: primary.url, poolSize: 6 }));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-cluster-'));
  const clock = manualClock(new Date('2026-11-01T08:00:00Z'));
  const config = loadConfig({
    ...process.env, TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(primary.url ? { DATABASE_URL: primary.url } : {}), ...overrides,
  });
  const apps: FastifyInstance[] = [];
  const ctxs: Ctx[] = [];
  let ctx!: Ctx;
  for (let i = 0; i < n; i++) {
    const built = await buildApp({ database: databases[Math.min(i, databases.length - 1)], config, clock, logger: false });
    await built.app.ready();
    apps.push(built.app);
    ctxs.push(built.ctx);
    ctx ??= built.ctx;
  }
  return {
    apps, ctxs, ctx, clock, database: primary, dataDir,
    /** The app that should serve the i-th request of a race. */
    app: (i: number) => apps[i % apps.length],
    async close() {
      for (const a of apps) await a.close();
      for (const d of databases.slice(1)) await d.close();
      await primary.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A cluster's first app as the TestEnv the fixtures take (the cluster closes itself: its close is not this env's). */
export const clusterEnv = (c: Awaited<ReturnType<typeof cluster>>): TestEnv =>
  ({ app: c.apps[0], ctx: c.ctx, clock: c.clock, database: c.database, dataDir: c.dataDir, close: async () => {} }) as TestEnv;

/** Backends of this database waiting on a lock now (a statement stuck behind a held row). */
export const waitingOnLocks = (db: Ctx['db']) => scalar<number>(db, sql`select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);

/**
 * Opens a transaction that takes the locks of `lock` (a winner still writing, say) and keeps it open (on PGlite it
 * holds the only connection) until the returned function is called; that function waits for the commit.
 */
export async function holdTransaction(ctx: Ctx, lock: SQL): Promise<() => Promise<void>> {
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holding = inTransaction(ctx, async (tx) => {
    await tx.execute(lock);
    locked();
    await new Promise<void>((r) => (release = r));
  });
  await Promise.race([isLocked, holding]);
  return async () => {
    release();
    await holding;
  };
}

/** The API's operations, read from its OpenAPI document: method and path with :params. */
export async function apiOperations(app: FastifyInstance) {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const ops: { method: string; path: string; operation: Record<string, unknown> }[] = [];
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    if (!p.startsWith('/api/')) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({ method: method.toUpperCase(), path: p.replace(/\{(\w+)\}/g, ':$1'), operation });
    }
  }
  return { doc, ops };
}

/** Fills :params of a path; a parameter without a value gets the fallback (or stops the test). */
export function fill(p: string, values: Record<string, string | number>, fallback?: (name: string) => string) {
  return p.replace(/:(\w+)/g, (_m, name: string) => {
    if (name in values) return String(values[name]);
    if (fallback) return fallback(name);
    throw new Error(`no value for :${name} in ${p}`);
  });
}

/** A Trio app that serves a tiny built web app (index.html and app.js) from a directory of its own. */
export async function appWithWeb(overrides: Record<string, string> = {}) {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'trio-web-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Trio</title><div id="root"></div>');
  writeFileSync(path.join(dist, 'app.js'), 'console.log("trio")');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log("trio assets")');
  const database = await cloneDatabase();
  const config = loadConfig({ ...process.env, TRIO_DATA_DIR: dist, LOG_LEVEL: 'silent', ...overrides });
  const { app } = await buildApp({ database, config, logger: false, webDist: dist });
  await app.ready();
  return {
    app,
    /** The web build's folder the app serves. */
    dist,
    async close() {
      await app.close();
      await database.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
