// What test files share: a fresh database cloned from the run's template, an app on it, a movable clock, users.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, PGLITE_EXTENSIONS, type Database } from '../src/db/client.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { manualClock } from '../src/kernel/clock.ts';
import { hashPassword, hashToken, newToken } from '../src/kernel/tokens.ts';
import { sessions, users } from '../src/modules/accounts/schema.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { withDatabase } from './global-setup.ts';
import sharp from 'sharp';
import { textPdf } from '../src/demo/pdf.ts';

export const onPostgres = !!process.env.DATABASE_URL;
export { WAIT, WAIT_MS, PROCESS_START_MS, SLOW_TEST_MS } from './timeouts.ts';

/** A database of its own for one test file, cloned from the template (PGlite: from its dump; PostgreSQL: CREATE DATABASE ... TEMPLATE). */
export async function cloneDatabase(opts: { poolSize?: number } = {}): Promise<Database & { url?: string }> {
  const tpl = inject('trioTemplate');
  if (tpl.kind === 'postgres') {
    const name = `${tpl.template}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: tpl.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.template}`);
    const url = withDatabase(tpl.url, name);
    const database = await openDatabase({ databaseUrl: url, poolSize: opts.poolSize ?? 10 });
    return {
      ...database,
      url,
      async close() {
        await database.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(tpl.dumpPath)]), extensions: PGLITE_EXTENSIONS });
  return openDatabase({ pglite: client });
}

export type TestEnv = {
  app: FastifyInstance;
  ctx: Ctx;
  database: Database & { url?: string };
  clock: ReturnType<typeof manualClock>;
  dataDir: string;
  close(): Promise<void>;
};

/** A whole Trio (HTTP app, services' context) on a fresh database, with a clock the test moves. */
export async function testEnv(overrides: Record<string, string> = {}, opts: { beforeReady?: (app: FastifyInstance) => void } = {}): Promise<TestEnv> {
  const database = await cloneDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-test-'));
  // On PostgreSQL the app's own connections (listeners of caches and the inbox) go to the clone, as its pool does.
  const config = loadConfig({ ...process.env, TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(database.url ? { DATABASE_URL: database.url } : {}), ...overrides });
  const clock = manualClock(new Date('2026-11-01T08:00:00Z'));
  const { app, ctx } = await buildApp({ database, config, clock, logger: process.env.TRIO_TEST_LOG ? { level: 'error' } : false });
  opts.beforeReady?.(app);
  await app.ready();
  return {
    app, ctx, database, clock, dataDir,
    async close() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A second Trio process over the test's database, on the same clock (PostgreSQL: its own pool; PGlite has one
 * owner, so it shares it): for what two processes do at once (leases, SKIP LOCKED).
 */
export async function secondProcess(env: TestEnv, overrides: Record<string, string> = {}): Promise<{ ctx: Ctx; close(): Promise<void> }> {
  const database: Database = env.database.url ? await openDatabase({ databaseUrl: env.database.url, poolSize: 2 }) : env.database;
  const config = loadConfig({ ...process.env, TRIO_DATA_DIR: env.dataDir, LOG_LEVEL: 'silent', ...overrides, ...(env.database.url ? { DATABASE_URL: env.database.url } : {}) });
  const built = await buildApp({ database, config, clock: env.clock, logger: false });
  return { ctx: built.ctx, async close() { await built.app.close(); if (env.database.url) await database.close(); } };
}

let seq = 0;
const PASSWORD = 'correct horse battery';
/** The one password hash of the accounts `account` makes, computed once per file (see there). */
let sharedHash: Promise<string> | undefined;

/**
 * A fresh signed-in account for a test that is about something else (orders, gifts, after-sales): the user row and a
 * session row as registration and sign-in write them, without their two scrypt hashes (32 MiB and a tenth of a
 * second each, seconds on a busy machine; a test of nine buyers spent most of its time there). Its password is the
 * same as signUp's, so signIn works for it. Tests of registration and sign-in themselves use signUp.
 */
export async function account(env: Pick<TestEnv, 'ctx'>, role: 'buyer' | 'merchant') {
  sharedHash ??= hashPassword(PASSWORD);
  const n = ++seq;
  const email = `${role}${n}-${randomBytes(3).toString('hex')}@test.trio`;
  const now = env.ctx.clock.now();
  const [user] = await env.ctx.db.insert(users).values({ email, passwordHash: await sharedHash, role, displayName: `${role} ${n}` }).returning({ id: users.id });
  const token = newToken('trs');
  await env.ctx.db.insert(sessions).values({ userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + env.ctx.config.sessionTtlHours * 3600_000) });
  return { token, userId: user.id, headers: { authorization: `Bearer ${token}` }, email };
}

/** Registers and signs in a fresh account; returns its token and id. */
export async function signUp(app: FastifyInstance, role: 'buyer' | 'merchant', extra: Record<string, unknown> = {}) {
  const email = `${role}${++seq}-${randomBytes(3).toString('hex')}@test.trio`;
  const reg = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: PASSWORD, displayName: `${role} ${seq}`, role, ...extra } });
  if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.body}`);
  return { ...(await signIn(app, email, PASSWORD)), email };
}

export async function signIn(app: FastifyInstance, email: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const body = res.json();
  return { token: body.token as string, userId: body.user.id as string, headers: { authorization: `Bearer ${body.token}` } };
}

/** An operator account, created directly (operators do not self-register). */
export async function operator(env: TestEnv) {
  const { createUser } = await import('../src/modules/accounts/index.ts');
  const email = `op${++seq}-${randomBytes(3).toString('hex')}@test.trio`;
  await createUser(env.ctx.db, { email, password: 'operator password', role: 'operator', displayName: 'Test Operator' });
  return { ...(await signIn(env.app, email, 'operator password')), email };
}

/** Id of a test category by its code (see test/fixtures/categories.ts). */
export async function categoryId(env: TestEnv, code: string): Promise<number> {
  const res = await env.app.inject({ method: 'GET', url: '/api/categories' });
  const walk = (nodes: { id: number; code: string; children: unknown[] }[]): number | undefined => {
    for (const n of nodes) {
      if (n.code === code) return n.id;
      const found = walk(n.children as never);
      if (found) return found;
    }
  };
  const id = walk(res.json().categories);
  if (!id) throw new Error(`no category ${code}`);
  return id;
}

/** A real one-page PDF, as a scanned licence would be. */
export const PDF = textPdf(['Test document']);
/** The first bytes of a PNG and nothing more: no image decodes from it. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/** A real PNG of this size (a grey scan), drawn by sharp. */
export function pngImage(width = 400, height = 300) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 200, b: 200 } } }).png().toBuffer();
}

/**
 * Sends categories for a store whose entity is new: with a business licence (and, for a flagship store, a brand
 * authorisation) uploaded for the store's checks; the operator then approves what waits, so the store opens.
 */
export async function askVerified(env: TestEnv, who: { headers: Record<string, string> }, storeId: string, categories: { categoryId: number; documentIds?: string[] }[], op?: { headers: Record<string, string> }) {
  const detail = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${storeId}`, headers: who.headers })).json();
  const checkDocs: string[] = [];
  for (const kind of detail.checks.documents as string[]) {
    const up = multipart({ kind }, { name: `${kind}.pdf`, type: 'application/pdf', data: PDF });
    const res = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/documents`, headers: { ...who.headers, ...up.headers }, payload: up.payload });
    if (res.statusCode !== 201) throw new Error(res.body);
    checkDocs.push(res.json().id);
  }
  const payload = { categories: categories.map((c, i) => ({ categoryId: c.categoryId, documentIds: [...(c.documentIds ?? []), ...(i === 0 ? checkDocs : [])] })) };
  const asked = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/category-applications`, headers: who.headers, payload });
  if (asked.statusCode !== 201) throw new Error(asked.body);
  const apps = asked.json() as { id: string; status: string; reviewReasons: string[] }[];
  const reviewer = op ?? (apps.some((a) => a.reviewReasons.length) ? await operator(env) : undefined);
  for (const a of apps) {
    if (a.status !== 'in_review' || !a.reviewReasons.length) continue;
    const res = await env.app.inject({ method: 'POST', url: `/api/operator/applications/${a.id}/approve`, headers: reviewer!.headers });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  return apps;
}

/** A multipart body for app.inject. */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = `----trio${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
