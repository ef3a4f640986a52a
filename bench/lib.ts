// Shared pieces of the benchmarks: start a real Trio process, load it with autocannon, run the pgbench reference.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net, { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

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

export type Server = { url: string; proc: ChildProcess; readyMs: number; stop(): Promise<void>; rssMb(): number; /** What it printed so far. */ output(): string };

/** Starts Trio as its own process (the given command, default tsx src/main.ts) and waits until /ready answers. */
export async function startServer(opts: { dataDir?: string; env?: Record<string, string>; command?: string[]; port?: number; readyWithinMs?: number; /** Called with the process id as soon as it runs (to sample it while it starts). */ onSpawn?: (pid: number) => void } = {}): Promise<Server> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'trio-bench-'));
  const started = performance.now();
  // TRIO_BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.TRIO_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TRIO_BENCH_PROFILE}`] : [];
  // The flags `npm start` gives a server on PostgreSQL; TRIO_BENCH_NODE_ARGS: more flags for the server's node (e.g.
  // --trace-gc), split on spaces, after them (a flag given again there wins).
  const onPostgres = !!{ ...process.env, ...opts.env }.DATABASE_URL;
  const nodeArgs = [...(onPostgres ? postgresStartFlags() : []), ...(process.env.TRIO_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const [cmd, ...args] = opts.command ?? [process.execPath, ...profile, ...nodeArgs, '--import', 'tsx', 'src/main.ts'];
  const proc = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  opts.onSpawn?.(proc.pid!);
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  // TRIO_BENCH_SERVER_LOG=<file>: what the server prints goes there too (with --trace-gc, its collections).
  if (process.env.TRIO_BENCH_SERVER_LOG) {
    const log = createWriteStream(process.env.TRIO_BENCH_SERVER_LOG);
    proc.stdout!.pipe(log);
    proc.stderr!.pipe(log);
  }
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`Trio exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > (opts.readyWithinMs ?? 180_000)) throw new Error(`Trio not ready after ${opts.readyWithinMs ?? 180_000} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    proc,
    readyMs,
    rssMb: () => rssOfTree(proc.pid!),
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        process.kill(-proc.pid!, 'SIGTERM');
        setTimeout(() => { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
      }),
  };
}

/** The node flags package.json's start script adds when DATABASE_URL is set (its `${DATABASE_URL:+...}`). */
function postgresStartFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return /\$\{DATABASE_URL:\+([^}]*)\}/.exec(start)?.[1].split(' ').filter(Boolean) ?? [];
}

/** A process and its descendants (from /proc). */
export function procTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {
      /* exited */
    }
  }
  return pids;
}

/** Resident memory of one process, in MiB (from /proc; 0 once it exited). */
export function rssOf(pid: number): number {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** Resident memory of a process and its children, in MiB (from /proc). */
export function rssOfTree(pid: number): number {
  return procTree(pid).reduce((mb, p) => mb + rssOf(p), 0);
}

/** CPU time of a process and its children (live ones, and those it waited for), in ms (from /proc): less noisy than wall time on a busy machine. */
export function cpuOfTree(pid: number): number {
  const tick = 1000 / 100; // USER_HZ
  let ticks = 0;
  for (const p of procTree(pid)) {
    try {
      // Fields after the command's closing parenthesis: utime, stime, cutime, cstime are the 12th to 15th.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + (p === pid ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      /* exited */
    }
  }
  return Math.round(ticks * tick);
}

/** Ms from the spawn until GET /api/demo/status says the demo data is complete (undefined without that route: an older server). */
export async function demoComplete(url: string, spawnedAt: number): Promise<number | undefined> {
  for (;;) {
    const res = await fetch(`${url}/api/demo/status`);
    if (res.status === 404) return undefined;
    if (res.ok && ((await res.json()) as { loading: boolean }).loading === false) return Math.round(performance.now() - spawnedAt);
    await new Promise((r) => setTimeout(r, 50));
  }
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

/** The same database URL, its connections named (application_name) so that samplers can leave them out. */
export function namedUrl(databaseUrl: string, name = 'trio-bench'): string {
  const u = new URL(databaseUrl);
  u.searchParams.set('application_name', name);
  return u.toString();
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

export type PostLoad = Load & { seconds: number; ok: number; ok_per_s: number; statuses: Record<string, number>; samples: string[] };

/**
 * Loads one POST route with autocannon, each request built by `next()` (its own headers and body). Only the
 * status `okStatus` counts as done; every other answer is tallied by status, with a few bodies kept as samples.
 */
export async function loadPosts(url: string, opts: {
  connections: number; path: string; okStatus: number;
  /** A request's headers and body, and its path when it is not `path`. */
  next: () => { headers: Record<string, string>; body: string; path?: string };
} & ({ seconds: number } | { amount: number })): Promise<PostLoad> {
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  let ok = 0;
  const r = await autocannon({
    url, connections: opts.connections, ...('amount' in opts ? { amount: opts.amount } : { duration: opts.seconds }),
    requests: [{
      method: 'POST', path: opts.path,
      setupRequest: (req) => ({ ...req, ...opts.next() }),
      onResponse: (status, body) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === opts.okStatus) ok++;
        else if (samples.length < 5) samples.push(`${status} ${String(body).slice(0, 300)}`);
      },
    }],
  });
  const seconds = r.duration;
  return {
    rps: Math.round(r.requests.average), p50_ms: r.latency.p50, p99_ms: r.latency.p99, requests: r.requests.total,
    errors: r.errors + r.timeouts + (r.requests.total - ok), non2xx: r.non2xx,
    seconds: +seconds.toFixed(1), ok, ok_per_s: Math.round(ok / seconds), statuses, samples,
  };
}

/**
 * CPU time of the server's process tree, of the PostgreSQL backends connected to the benchmark database (those
 * connected when the sampler stops), of every other PostgreSQL process (WAL writer, checkpointer, other
 * databases' backends), and of this load-generating process.
 */
export function cpuSampler(serverPid: number, databaseUrl: string) {
  // Fields of /proc/<pid>/stat after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
  const stat = (pid: number) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return f.slice(f.lastIndexOf(')') + 2).split(' ').map(Number);
    } catch {
      return undefined;
    }
  };
  // utime + stime, and for the postmaster cutime + cstime too: the backends that exited meanwhile.
  const ticks = (f: number[] | undefined, withChildren: boolean) => (f ? f[11] + f[12] + (withChildren ? f[13] + f[14] : 0) : 0);
  const postgresPids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'; } catch { return false; }
  });
  const machine = () => {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7], all: cpu.reduce((a, b) => a + b, 0) };
  };
  const snap = () => {
    const per = new Map<number, number>();
    const server = procTree(serverPid);
    const pgPids = postgresPids();
    const pgSet = new Set(pgPids);
    for (const pid of server) per.set(pid, ticks(stat(pid), false));
    for (const pid of pgPids) {
      const f = stat(pid);
      per.set(pid, ticks(f, !!f && !pgSet.has(f[1])));
    }
    return { per, server: new Set(server), self: process.cpuUsage(), machine: machine(), at: performance.now() };
  };
  const start = snap();
  return {
    /** Cores used on average since the sampler started (1.0 = one core busy all the time). */
    async stop() {
      const end = snap();
      const benchPids = databaseUrl ? await backendPids(databaseUrl) : []; // PGlite: no backends of its own
      const wall = (end.at - start.at) / 1000;
      let server = 0;
      let backends = 0;
      let postgres = 0;
      const mine = new Set(benchPids);
      for (const [pid, t] of end.per) {
        const used = t - (start.per.get(pid) ?? 0);
        if (end.server.has(pid)) server += used;
        else if (mine.has(pid)) backends += used;
        else postgres += used;
      }
      const selfUs = end.self.user + end.self.system - start.self.user - start.self.system;
      const cores = (t: number) => +(t / 100 / wall).toFixed(2); // CLK_TCK = 100
      return {
        server_cores: cores(server), bench_db_backends_cores: cores(backends), other_postgres_cores: cores(postgres), loadgen_cores: +(selfUs / 1e6 / wall).toFixed(2),
        machine_busy_share: +((end.machine.busy - start.machine.busy) / (end.machine.all - start.machine.all)).toFixed(2),
      };
    },
  };
}

/** Pids of the client backends connected to the database now, but the benchmark's own (application_name trio-bench...). */
/** Runs fn over the items, `concurrency` at a time; the results in the items' order. */
export async function inParallel<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

export async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
      and application_name not like 'trio-bench%'`);
    return r.rows.map((x) => x.pid);
  } finally {
    await client.end();
  }
}

/** `top -b -n1`, first lines, to stderr: what the machine was doing at that moment. */
export function topSnapshot(label: string) {
  const r = spawnSync('top', ['-b', '-n1', '-w', '160'], { encoding: 'utf8' });
  console.error(`--- top (${label})\n${r.stdout.split('\n').slice(0, 22).join('\n')}`);
}

export type Burst = {
  seconds: number; statuses: Record<string, number>; samples: string[]; doneMs: { status: number; ms: number }[]; errors: number;
  /** When the burst started and ended on the monotonic clock (µs), the clock of a V8 CPU profile's timestamps (TRIO_BENCH_PROFILE). */
  monoUs: [number, number];
};

/** Answers per status in each `stepMs` after the burst started, as lines for stderr: when the winners and the losers were answered. */
export function burstTimeline(b: Burst, stepMs = 250): string {
  const rows = new Map<number, Record<number, number>>();
  for (const d of b.doneMs) {
    const step = Math.floor(d.ms / stepMs);
    const row = rows.get(step) ?? {};
    row[d.status] = (row[d.status] ?? 0) + 1;
    rows.set(step, row);
  }
  return [...rows].sort((a, z) => a[0] - z[0]).map(([step, row]) => `${((step * stepMs) / 1000).toFixed(2)} s: ${JSON.stringify(row)}`).join('\n');
}

/**
 * Sends every request at once, each on its own connection (no pooling, no limit: each buyer is its own client), and
 * waits for all answers. The requests are plain HTTP/1.1 written on raw sockets, their bytes made before the clock
 * starts (as each buyer's device has its request ready), and an answer is read only as far as its status and
 * Content-Length: the client costs its machine a fraction of what Node's http client did (about as much CPU as the
 * server's refusals), which on a 2-core machine it shares with the server and PostgreSQL. The server sees the same
 * 5,000 connections and requests as before.
 */
export async function burst(url: string, path: string, requests: { headers: Record<string, string>; body: string }[]): Promise<Burst> {
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  const doneMs: { status: number; ms: number }[] = [];
  let errors = 0;
  const target = new URL(path, url);
  const port = Number(target.port || 80);
  const host = target.hostname;
  const payloads = requests.map((r) => {
    const body = Buffer.from(r.body);
    const head = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    return Buffer.concat([Buffer.from(`POST ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\nconnection: close\r\n${head}content-length: ${body.length}\r\n\r\n`), body]);
  });
  const mono0 = Number(process.hrtime.bigint() / 1000n);
  const t0 = performance.now();
  await Promise.all(payloads.map((payload) => new Promise<void>((resolve) => {
    const socket = net.connect({ host, port });
    let got: Buffer | null = null;
    let finished = false;
    const finish = (status: number, text: () => string) => {
      if (finished) return;
      finished = true;
      socket.destroy();
      if (status === 0) {
        errors++;
        if (samples.length < 5) samples.push(`error ${text()}`);
        return resolve();
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      doneMs.push({ status, ms: performance.now() - t0 });
      if (samples.length < 5 && !(status >= 200 && status < 300) && !samples.some((s) => s.startsWith(`${status} `))) samples.push(`${status} ${text().slice(0, 300)}`);
      resolve();
    };
    // The answer is whole once its head and Content-Length bytes of body came (or the server closed the connection).
    const complete = (final: boolean) => {
      if (!got) return;
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return final ? finish(0, () => 'connection closed before the answer\'s head') : undefined;
      const head = got.toString('latin1', 0, end);
      const status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      const bodyBytes = got.length - end - 4;
      if (length ? bodyBytes >= Number(length[1]) : final) finish(status, () => got!.toString('utf8', end + 4));
      else if (final) finish(0, () => 'connection closed before the answer\'s body');
    };
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (d: Buffer) => {
      got = got ? Buffer.concat([got, d]) : d;
      complete(false);
    });
    socket.on('end', () => complete(true));
    socket.on('close', () => finish(0, () => 'connection closed without an answer'));
    socket.on('error', (err) => finish(0, () => err.message));
  })));
  return { seconds: +((performance.now() - t0) / 1000).toFixed(2), statuses, samples, doneMs, errors, monoUs: [mono0, Number(process.hrtime.bigint() / 1000n)] };
}

/**
 * Samples pg_stat_activity of one database every `everyMs` while the load runs: how its client backends spend their
 * time (running, waiting for the app inside a transaction, waiting on a lock, on the WAL, idle), as shares of samples.
 */
export function waitSampler(databaseUrl: string, everyMs = 20) {
  const db = new URL(databaseUrl).pathname.slice(1);
  const samples = new Map<string, number>();
  let stopped = false;
  let rounds = 0;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'trio-bench-sampler' });
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const r = await client.query<{ s: string; n: number }>(`
        select case when state = 'idle in transaction' then 'idle in transaction (waiting for the app)'
          when state = 'active' and wait_event is null then 'active: on CPU'
          when state = 'active' then 'active: ' || wait_event_type || ':' || wait_event else state end as s, count(*)::int as n
        from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()
          and application_name not like 'trio-bench%' and query not like 'LISTEN %' group by 1`, [db]);
      rounds++;
      for (const row of r.rows) samples.set(row.s, (samples.get(row.s) ?? 0) + row.n);
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    /** Average number of backends in each state over the samples. */
    async stop() {
      stopped = true;
      await loop.catch(() => {});
      await client.end().catch(() => {});
      const n = Math.max(1, rounds);
      return { samples: rounds, backends: Object.fromEntries([...samples].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(v / n).toFixed(2)])) };
    },
  };
}

/**
 * Rows the bench database's tables gave to sequential scans during a run (pg_stat_user_tables; a backend reports its
 * counts within a second, so stop() waits that long): a plan cached while a table was small (a new install, data just
 * created) reads it whole at every use as it grows. The total and the three tables read most.
 */
export function seqScans(databaseUrl: string) {
  const read = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'trio-bench-sampler' });
    await client.connect();
    try {
      const r = await client.query<{ relname: string; rows: string }>('select relname, seq_tup_read as rows from pg_stat_user_tables');
      return new Map(r.rows.map((x) => [x.relname, Number(x.rows)]));
    } finally {
      await client.end();
    }
  };
  const before = read();
  return {
    async stop() {
      const was = await before;
      await new Promise((res) => setTimeout(res, 1100));
      const now = await read();
      const delta = [...now].map(([t, rows]) => [t, rows - (was.get(t) ?? 0)] as const).filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1]);
      return { rows: delta.reduce((s, [, d]) => s + d, 0), top: Object.fromEntries(delta.slice(0, 3)) };
    },
  };
}
