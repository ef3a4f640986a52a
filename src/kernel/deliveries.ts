// The one delivery loop of everything Trio POSTs to someone else's URL and retries (mini-site order notices,
// merchant webhooks). A queue is a table of delivery rows (id, store_id, body, state, attempts, tries,
// next_attempt_at, claim_token, last_*, delivered_at, updated_at) and a table of tries. Many processes may sweep:
//   1. claim: one statement takes due rows (SKIP LOCKED), sets a lease (next_attempt_at = now + lease) and a claim
//      token, and commits; no lock is held during the HTTP call;
//   2. call: POST the signed body with a timeout, outside any transaction;
//   3. record: one statement logs the try and, if the claim is still ours, moves the row by the delivery machine
//      (delivered, due again on the schedule of delivery-rules.ts, or failed).
// A process that dies between 1 and 3 loses nothing: when its lease runs out the row is due again for any process.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Ctx } from './context.ts';
import { deliveryMachine, isDelivered, retryDelayMs } from './delivery-rules.ts';

export type TryResult = { status: number | null; error: string | null; answer: string | null; durationMs: number };
/** A claimed row: the queue's target query gives these, and whatever its `request` needs. */
export type ClaimedDelivery = { id: string; storeId: string; body: string; attempts: number };

export type DeliveryQueue<C extends ClaimedDelivery> = {
  /** The deliveries table, its tries table and the tries' column naming the delivery. */
  table: string; triesTable: string; triesKey: string;
  /** Joins (alias d) a due row must pass, e.g. its endpoint being active. */
  dueJoin?: SQL;
  /** A select over the claimed rows (CTE `c`: id, store_id, body, attempts and the table's own columns) giving C. */
  targets: SQL;
  /** The URL and signed headers of a try, or why it cannot be made (a failed try). */
  request(row: C, now: Date): { url: string; headers: Record<string, string> } | { error: string };
  timeoutMs: number; leaseSeconds: number; concurrency: number; delayScale: number; userAgent: string;
  machine: ReturnType<typeof deliveryMachine>;
  /** After a try is recorded (whether or not the claim was still ours), in its own statement. */
  afterTry?(row: C, result: TryResult, now: Date): Promise<void>;
};

/** How much of an answer's body is kept in the delivery log. */
const ANSWER_BYTES = 512;

/** POSTs a body; never throws (a failure is a result). Redirects are not followed: the URL itself must answer. */
export async function postSigned(url: string, headers: Record<string, string>, body: string, timeoutMs: number, userAgent: string): Promise<TryResult> {
  const started = performance.now();
  const done = (r: Omit<TryResult, 'durationMs'>): TryResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  try {
    const res = await fetch(url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': userAgent },
    });
    // Read at most the first bytes of the answer, then let the connection go.
    let answer = '';
    if (res.body) {
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      while (size < ANSWER_BYTES) {
        const { done: end, value } = await reader.read();
        if (end) break;
        chunks.push(value);
        size += value.byteLength;
      }
      if (size >= ANSWER_BYTES) await reader.cancel().catch(() => {});
      answer = Buffer.concat(chunks).subarray(0, ANSWER_BYTES).toString('utf8');
    }
    const ok = isDelivered(res.status);
    return done({ status: res.status, error: ok ? null : `answered ${res.status}`, answer: answer || null });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = e.name === 'TimeoutError' || e.name === 'AbortError'
      ? `no answer within ${timeoutMs} ms`
      : e.cause?.code ?? e.cause?.message ?? e.message;
    return done({ status: null, error: String(error).slice(0, 200), answer: null });
  }
}

/** Runs fn over the list, at most `limit` at once. */
async function eachLimited<T>(list: T[], limit: number, fn: (x: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < list.length) await fn(list[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
}

/** Claims due rows of the queue (committed at once), sends them, records each try. Returns how many were tried. */
export async function sweepDeliveries<C extends ClaimedDelivery>(ctx: Ctx, q: DeliveryQueue<C>, limit: number): Promise<number> {
  const claimedAt = ctx.clock.now();
  const leaseMs = Math.max(q.leaseSeconds * 1000, q.timeoutMs + 5000);
  const token = randomUUID();
  const table = sql.identifier(q.table);
  const claimed = await queryRows<C>(ctx.db, sql`
    with due as (
      select d.id from ${table} d ${q.dueJoin ?? sql``} where d.state = 'pending' and d.next_attempt_at <= ${claimedAt}
      order by d.next_attempt_at limit ${limit} for update of d skip locked),
    c as (
      update ${table} n set next_attempt_at = ${new Date(claimedAt.getTime() + leaseMs)}, claim_token = ${token}
      from due where n.id = due.id
      returning n.*)
    ${q.targets}`);
  await eachLimited(claimed, q.concurrency, async (row) => {
    const req = q.request(row, ctx.clock.now());
    const result = 'error' in req
      ? { status: null, error: req.error, answer: null, durationMs: 0 }
      : await postSigned(req.url, req.headers, row.body, q.timeoutMs, q.userAgent);
    const now = ctx.clock.now();
    await recordTry(ctx, q, row, token, result, now);
    await q.afterTry?.(row, result, now);
  });
  return claimed.length;
}

/** Logs a try and moves the row by the machine, if the claim is still this one (else only the log row is written). */
async function recordTry<C extends ClaimedDelivery>(ctx: Ctx, q: DeliveryQueue<C>, n: C, token: string, r: TryResult, now: Date) {
  const attempts = n.attempts + 1;
  const delay = isDelivered(r.status) ? null : retryDelayMs(attempts, q.delayScale);
  const to = q.machine.transition('pending', isDelivered(r.status) ? 'deliver' : delay === null ? 'give_up' : 'retry');
  const next = delay === null ? now : new Date(now.getTime() + delay);
  await ctx.db.execute(sql`
    with u as (
      update ${sql.identifier(q.table)} set state = ${to}, attempts = ${attempts}, tries = tries + 1, next_attempt_at = ${next}, claim_token = null,
        last_tried_at = ${now}, last_status = ${r.status}, last_error = ${r.error},
        delivered_at = coalesce(${to === 'delivered' ? now : null}::timestamptz, delivered_at), updated_at = ${now}
      where id = ${n.id} and claim_token = ${token} and state = 'pending')
    insert into ${sql.identifier(q.triesTable)} (${sql.identifier(q.triesKey)}, store_id, tried_at, duration_ms, status, error, answer)
    values (${n.id}, ${n.storeId}, ${now}, ${r.durationMs}, ${r.status}, ${r.error}, ${r.answer})`);
}
