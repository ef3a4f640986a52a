// Shared pieces of the benchmarks: start a real Trio process, load it with autocannon, run the pgbench reference.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const refDir = process.env.TRIO_REF_DIR ?? path.resolve(root, '../shared/reference/pgbench');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type Server = { url: string; proc: ChildProcess; readyMs: number; stop(): Promise<void>; rssMb(): number };

/** Starts Trio as its own process (the given command, default tsx src/main.ts) and waits until /ready answers. */
export async function startServer(opts: { dataDir?: string; env?: Record<string, string>; command?: string[] } = {}): Promise<Server> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'trio-bench-'));
  const started = performance.now();
  const [cmd, ...args] = opts.command ?? [process.execPath, '--import', 'tsx', 'src/main.ts'];
  const proc = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`Trio exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > 180_000) throw new Error(`Trio not ready after 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    proc,
    readyMs,
    rssMb: () => rssOfTree(proc.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        process.kill(-proc.pid!, 'SIGTERM');
        setTimeout(() => { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
      }),
  };
}

/** Resident memory of a process and its children, in MiB (from /proc). */
export function rssOfTree(pid: number): number {
  let kb = 0;
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const status = readFileSync(`/proc/${pids[i]}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {
      /* exited */
    }
  }
  return Math.round(kb / 1024);
}

export type Load = { rps: number; p50_ms: number; p99_ms: number; requests: number; errors: number; non2xx: number };

export async function load(url: string, opts: { connections: number; seconds: number; headers?: Record<string, string>; paths?: string[] }): Promise<Load> {
  const requests = opts.paths?.map((path) => ({ method: 'GET' as const, path }));
  const r = await autocannon({ url, connections: opts.connections, duration: opts.seconds, headers: opts.headers, ...(requests ? { requests } : {}) });
  return {
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** The pgbench reference from ../shared/reference/pgbench, run now, beside the Trio figure. */
export function pgbenchReference(script: string, seconds = 15): { ref_rps: number } | { ref_error: string } {
  const base = process.env.TRIO_REF_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const u = new URL(base);
  const host = u.hostname;
  const port = u.port || '5432';
  const user = decodeURIComponent(u.username || 'postgres');
  const env = { ...process.env, PGHOST: host, PGPORT: port, PGUSER: user, PGPASSWORD: decodeURIComponent(u.password) };
  const psql = (db: string, args: string[]) => spawnSync('psql', ['-X', '-q', '-d', db, ...args], { env, encoding: 'utf8' });
  const has = psql('postgres', ['-tAc', "select 1 from pg_database where datname='trio_ref'"]);
  if (has.status !== 0) return { ref_error: `psql failed: ${has.stderr.trim().slice(0, 300)}` };
  if (has.stdout.trim() !== '1') {
    spawnSync('createdb', ['trio_ref'], { env });
  }
  const ready = psql('trio_ref', ['-tAc', "select count(*) from information_schema.tables where table_name in ('product','p_sku','sku','orders')"]);
  if (ready.stdout.trim() !== '4') {
    const r = psql('trio_ref', ['-f', path.join(refDir, 'schema.sql')]);
    if (r.status !== 0) return { ref_error: `schema.sql failed: ${r.stderr.trim().slice(0, 300)}` };
  }
  const r = spawnSync('pgbench', ['-n', '-f', path.join(refDir, script), '-c', '8', '-j', '2', '-T', String(seconds), 'trio_ref'], { env, encoding: 'utf8' });
  const m = /tps = ([\d.]+)/.exec(r.stdout);
  if (!m) return { ref_error: `pgbench failed: ${(r.stderr.trim() || r.stdout.trim()).slice(0, 300)}` };
  return { ref_rps: Math.round(Number(m[1])) };
}

export function report(figures: Record<string, unknown>) {
  console.log(JSON.stringify(figures));
}

/** The PostgreSQL database a benchmark runs on: DATABASE_URL, else trio_bench on the local server (created if missing). */
export function benchDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = 'postgres://postgres@127.0.0.1:5432/trio_bench';
  const has = spawnSync('psql', ['-X', '-tAc', "select 1 from pg_database where datname='trio_bench'", 'postgres://postgres@127.0.0.1:5432/postgres'], { encoding: 'utf8' });
  if (has.stdout.trim() !== '1') spawnSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', 'trio_bench']);
  console.error(`DATABASE_URL is not set: using ${url}`);
  return url;
}

export async function signInAs(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`sign-in failed: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
