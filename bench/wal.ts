// WAL written per order: the server's WAL position before and after a fixed number of operations, and (when
// pg_waldump can read the server's pg_wal, as on this machine) the records of the bench's own database only, by
// relation and kind: rows inserted, updated (HOT or not), index entries, full-page images, commits. On a shared
// server the position's delta also holds the other databases' WAL; the own-database figure does not.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadPosts, refDir } from './lib.ts';

type Span = { lsn: string; dbOid: number; names: Map<string, string> };

const query = async <T extends pg.QueryResultRow>(databaseUrl: string, text: string): Promise<T[]> => {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'trio-bench-sampler' });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
};

const lsnBytes = (lsn: string) => {
  const [hi, lo] = lsn.split('/');
  return parseInt(hi, 16) * 2 ** 32 + parseInt(lo, 16);
};

/** The pg_waldump of this server (the postgres binaries' directory), if there is one. */
function waldump(): string | null {
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bin = config.status === 0 ? `${config.stdout.trim()}/pg_waldump` : null;
  return bin && existsSync(bin) ? bin : null;
}

async function mark(databaseUrl: string): Promise<Span> {
  const [row] = await query<{ lsn: string; oid: number }>(databaseUrl, `select pg_current_wal_insert_lsn()::text as lsn, (select oid from pg_database where datname = current_database())::int as oid`);
  const rels = await query<{ node: string; name: string }>(databaseUrl, `select pg_relation_filenode(c.oid)::text as node, c.relname as name from pg_class c where c.relkind in ('r', 'i', 't') and pg_relation_filenode(c.oid) is not null`);
  return { lsn: row.lsn, dbOid: row.oid, names: new Map(rels.map((r) => [r.node, r.name])) };
}

export type WalFigures = {
  /** The server's WAL position moved by this much per operation (other databases' WAL included). */
  server_wal_bytes_per_op: number;
  /** The bench database's own records per operation (with their commits), when pg_waldump could read them. */
  wal_bytes_per_op?: number;
  fpi_bytes_per_op?: number;
  records_per_op?: number;
  /** Per relation: bytes per operation and records per operation by kind (Heap INSERT, HOT_UPDATE, Btree INSERT_LEAF ...). */
  by_relation?: Record<string, { bytes: number; records: Record<string, number> }>;
  waldump_error?: string;
};

/**
 * Starts counting WAL on the database of `databaseUrl`; `stop(ops)` answers the figures per operation. The database's
 * own records are found by their relation (rel <tablespace>/<database oid>/<filenode>) and by the transaction ids
 * seen on them (their commit records carry no relation).
 */
export async function walWatch(databaseUrl: string) {
  const start = await mark(databaseUrl);
  return {
    async stop(ops: number): Promise<WalFigures> {
      const end = await mark(databaseUrl);
      const serverBytes = lsnBytes(end.lsn) - lsnBytes(start.lsn);
      const out: WalFigures = { server_wal_bytes_per_op: Math.round(serverBytes / Math.max(ops, 1)) };
      const bin = waldump();
      const [{ dir }] = await query<{ dir: string }>(databaseUrl, `select current_setting('data_directory') || '/pg_wal' as dir`);
      if (!bin || !existsSync(dir)) return { ...out, waldump_error: 'pg_waldump or pg_wal not reachable' };
      const r = spawnSync(bin, ['-p', dir, '-s', start.lsn, '-e', end.lsn], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0 && !r.stdout) return { ...out, waldump_error: r.stderr.trim().slice(0, 300) };
      const own = `/${start.dbOid}/`;
      const xids = new Set<string>();
      const lines = r.stdout.split('\n');
      for (const l of lines) {
        const tx = /tx:\s+(\d+)/.exec(l)?.[1];
        if (tx && tx !== '0' && l.includes(own)) xids.add(tx);
      }
      const by = new Map<string, { bytes: number; records: Map<string, number> }>();
      let bytes = 0;
      let fpi = 0;
      let records = 0;
      for (const l of lines) {
        const m = /^rmgr: (\S+)\s+len \(rec\/tot\):\s+(\d+)\/\s*(\d+), tx:\s+(\d+), lsn: \S+, prev \S+, desc: (\S+)/.exec(l);
        if (!m) continue;
        const rel = /blkref #0: rel \d+\/(\d+)\/(\d+)/.exec(l);
        const mine = rel ? `/${rel[1]}/` === own : m[4] !== '0' && xids.has(m[4]);
        if (!mine) continue;
        const [, rmgr, recLen, totLen, , op] = m;
        const name = rel ? (start.names.get(rel[2]) ?? end.names.get(rel[2]) ?? `filenode ${rel[2]}`) : '(no relation)';
        const e = by.get(name) ?? { bytes: 0, records: new Map() };
        e.bytes += Number(totLen);
        const kind = `${rmgr} ${op}`;
        e.records.set(kind, (e.records.get(kind) ?? 0) + 1);
        by.set(name, e);
        bytes += Number(totLen);
        fpi += Number(totLen) - Number(recLen);
        records++;
      }
      const per = (x: number) => +(x / Math.max(ops, 1)).toFixed(2);
      return {
        ...out, wal_bytes_per_op: Math.round(bytes / Math.max(ops, 1)), fpi_bytes_per_op: Math.round(fpi / Math.max(ops, 1)), records_per_op: per(records),
        by_relation: Object.fromEntries([...by].sort((a, b) => b[1].bytes - a[1].bytes).map(([k, v]) => [k, { bytes: Math.round(v.bytes / Math.max(ops, 1)), records: Object.fromEntries([...v.records].map(([kk, n]) => [kk, per(n)])) }])),
      };
    },
  };
}

/**
 * The same figures for a pgbench reference script: `transactions` of it (8 clients) on trio_ref, which
 * pgbenchReference has made. Per transaction.
 */
export async function pgbenchWal(refUrl: string, scriptPath: string, transactions = 2000): Promise<WalFigures | { ref_wal_error: string }> {
  const u = new URL(refUrl);
  u.pathname = '/trio_ref';
  const env = { ...process.env, PGHOST: u.hostname, PGPORT: u.port || '5432', PGUSER: decodeURIComponent(u.username || 'postgres'), PGPASSWORD: decodeURIComponent(u.password) };
  const watch = await walWatch(u.toString());
  const r = spawnSync('pgbench', ['-n', '-f', scriptPath, '-c', '8', '-j', '2', '-t', String(Math.ceil(transactions / 8)), 'trio_ref'], { env, encoding: 'utf8' });
  const done = Number(/number of transactions actually processed: (\d+)/.exec(r.stdout)?.[1]);
  if (!done) return { ref_wal_error: (r.stderr.trim() || r.stdout.trim()).slice(0, 300) };
  return watch.stop(done);
}

/**
 * WAL per order: `orders` more requests of `next` (8 connections, after the timed load, so the timed figures are not
 * slowed by pg_waldump). `beside(script)` (after pgbenchReference has made trio_ref) adds pgbench's per
 * transaction. For the bench's output: wal_bytes_per_order (the bench database's own records), the server's whole
 * WAL per order, and per relation what one order wrote.
 */
export async function walPerOrder(url: string, databaseUrl: string, next: () => { headers: Record<string, string>; body: string }, orders = 2000) {
  const watch = await walWatch(databaseUrl);
  const r = await loadPosts(url, { connections: 8, amount: orders, path: '/api/checkout', okStatus: 201, next });
  const w = await watch.stop(r.ok);
  return {
    async beside(script: string) {
      const ref = await pgbenchWal(process.env.TRIO_REF_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', path.join(refDir, script), orders);
      const refBytes = 'wal_bytes_per_op' in ref ? ref.wal_bytes_per_op : undefined;
      return {
        wal_bytes_per_order: w.wal_bytes_per_op ?? null, wal_fpi_bytes_per_order: w.fpi_bytes_per_op ?? null, wal_records_per_order: w.records_per_op ?? null,
        server_wal_bytes_per_order: w.server_wal_bytes_per_op, ref_wal_bytes_per_tx: refBytes ?? null, ref_wal_fpi_bytes_per_tx: 'fpi_bytes_per_op' in ref ? ref.fpi_bytes_per_op : null,
        wal_vs_ref: refBytes && w.wal_bytes_per_op ? +(w.wal_bytes_per_op / refBytes).toFixed(2) : null,
        wal_by_relation: w.by_relation ?? w.waldump_error, ref_wal_by_relation: 'by_relation' in ref ? ref.by_relation : ref,
      };
    },
  };
}
