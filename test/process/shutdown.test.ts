// A Trio process asked to stop (SIGTERM, as a deployment does) stops accepting connections, finishes the request it
// is serving, lets its running sweep finish, closes the database and exits 0.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer } from '../../bench/lib.ts';
import { openDatabase, PGLITE_EXTENSIONS, queryRows, type Database } from '../../src/db/client.ts';
import { cloneDatabase, PROCESS_START_MS, WAIT } from '../helpers.ts';

let dataDir: string;
let clone: (Database & { url?: string }) | undefined;

/** A database for the process: on PostgreSQL a clone of the template; on PGlite the template unpacked into its data folder. */
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-shutdown-'));
  const tpl = inject('trioTemplate');
  if (tpl.kind === 'postgres') clone = await cloneDatabase({ poolSize: 1 });
  else {
    const pglite = await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), loadDataDir: new Blob([readFileSync(tpl.dumpPath)]), extensions: PGLITE_EXTENSIONS });
    await pglite.close();
  }
});
afterAll(async () => {
  await clone?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends a request's headers with `Expect: 100-continue` and resolves once the server has taken it (its 100 Continue). */
async function requestInFlight(url: string, body: string) {
  const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' } });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  const taken = new Promise((resolve) => req.once('continue', resolve));
  req.flushHeaders();
  await taken;
  return { finish: () => (req.end(body), answer) };
}

describe('SIGTERM', () => {
  it('lets the request in flight finish (its account is created), refuses new connections, and exits 0', async () => {
    const server = await startServer({
      dataDir,
      env: { DATABASE_URL: clone?.url ?? '', TRIO_DEMO: 'off', LOG_LEVEL: 'info', TRIO_SCHEDULER_INTERVAL_MS: '200' },
      readyWithinMs: PROCESS_START_MS,
    });
    try {
      const exited = new Promise<number | null>((resolve) => server.proc.once('exit', (code) => resolve(code)));
      const email = `late-${process.pid}@shutdown.test`;
      const inFlight = await requestInFlight(`${server.url}/api/auth/register`, JSON.stringify({ email, password: 'correct horse battery', displayName: 'Late', role: 'buyer' }));

      process.kill(server.proc.pid!, 'SIGTERM');
      await expect.poll(() => server.output().includes('shutting down'), WAIT).toBe(true);
      // Stopped accepting: a new connection is refused while the old request is still open.
      await expect.poll(() => fetch(`${server.url}/health`).then(() => 'answered', () => 'refused'), WAIT).toBe('refused');

      const answer = await inFlight.finish();
      expect(answer.status, answer.body).toBe(201);
      expect(await exited).toBe(0);
      expect(server.output()).toContain('shut down');

      const database = await openDatabase(clone?.url ? { databaseUrl: clone.url, poolSize: 1 } : { dataDir });
      try {
        expect(await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from users where email = ${email}`)).toEqual([{ n: 1 }]);
      } finally {
        await database.close();
      }
    } finally {
      await server.stop();
    }
  });
});
