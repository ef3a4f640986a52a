// Delivery of order notices to mini-sites' callback URLs (scheduler sweep). Many processes may sweep at once:
//   1. claim: one statement takes due notices (SKIP LOCKED), sets a lease (next_attempt_at = now + lease) and a claim
//      token, and commits; no lock is held during the HTTP call;
//   2. call: POST the signed body with a timeout, outside any transaction;
//   3. record: one statement logs the try and, if the claim is still ours, moves the notice (delivered, due again on
//      the schedule, or failed).
// A process that dies between 1 and 3 loses nothing: when its lease runs out the notice is due again for any process.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { signedHeaders } from './signature.ts';
import { isDelivered, noticeMachine, retryDelayMs } from './notices-rules.ts';

type Claimed = { id: string; storeId: string; body: string; attempts: number; appId: string; secretHash: string; callbackUrl: string | null };
export type TryResult = { status: number | null; error: string | null; answer: string | null; durationMs: number };

/** How much of an answer's body is kept in the delivery log. */
const ANSWER_BYTES = 512;

/** POSTs a notice; never throws (a failure is a result). Redirects are not followed: the callback URL must answer. */
export async function postNotice(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<TryResult> {
  const started = performance.now();
  const done = (r: Omit<TryResult, 'durationMs'>): TryResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  try {
    const res = await fetch(url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Trio-Notices/1' },
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

/** Claims due notices (committed at once), sends them, records each try. Returns how many were tried. */
export async function sweepNotices(ctx: Ctx, limit: number): Promise<number> {
  const claimedAt = ctx.clock.now();
  const leaseMs = Math.max(ctx.config.noticeLeaseSeconds * 1000, ctx.config.noticeTimeoutMs + 5000);
  const token = randomUUID();
  const claimed = await queryRows<Claimed>(ctx.db, sql`
    with due as (
      select id from mini_site_notices where state = 'pending' and next_attempt_at <= ${claimedAt}
      order by next_attempt_at limit ${limit} for update skip locked),
    c as (
      update mini_site_notices n set next_attempt_at = ${new Date(claimedAt.getTime() + leaseMs)}, claim_token = ${token}
      from due where n.id = due.id
      returning n.id, n.store_id, n.mini_site_id, n.body, n.attempts)
    select c.id, c.store_id as "storeId", c.body, c.attempts, s.app_id as "appId", s.secret_hash as "secretHash", s.callback_url as "callbackUrl"
    from c join mini_sites s on s.id = c.mini_site_id`);
  await eachLimited(claimed, ctx.config.noticeConcurrency, async (n) => {
    let result: TryResult;
    if (!n.callbackUrl) {
      result = { status: null, error: 'the mini-site has no callback URL', answer: null, durationMs: 0 };
    } else {
      const url = new URL(n.callbackUrl);
      const headers = signedHeaders(n.appId, n.secretHash, { method: 'POST', path: url.pathname + url.search, body: n.body }, ctx.clock.now());
      result = await postNotice(n.callbackUrl, headers, n.body, ctx.config.noticeTimeoutMs);
    }
    await recordTry(ctx, n, token, result);
  });
  return claimed.length;
}

/** Logs a try and moves the notice by the machine, if the claim is still this one (else only the log row is written). */
async function recordTry(ctx: Ctx, n: Claimed, token: string, r: TryResult) {
  const now = ctx.clock.now();
  const attempts = n.attempts + 1;
  const delay = isDelivered(r.status) ? null : retryDelayMs(attempts, ctx.config.noticeDelayScale);
  const to = noticeMachine.transition('pending', isDelivered(r.status) ? 'deliver' : delay === null ? 'give_up' : 'retry');
  const next = delay === null ? now : new Date(now.getTime() + delay);
  await ctx.db.execute(sql`
    with u as (
      update mini_site_notices set state = ${to}, attempts = ${attempts}, tries = tries + 1, next_attempt_at = ${next}, claim_token = null,
        last_tried_at = ${now}, last_status = ${r.status}, last_error = ${r.error},
        delivered_at = coalesce(${to === 'delivered' ? now : null}::timestamptz, delivered_at), updated_at = ${now}
      where id = ${n.id} and claim_token = ${token} and state = 'pending')
    insert into mini_site_notice_tries (notice_id, store_id, tried_at, duration_ms, status, error, answer)
    values (${n.id}, ${n.storeId}, ${now}, ${r.durationMs}, ${r.status}, ${r.error}, ${r.answer})`);
}
