// The sandbox sends notifications as WeChat Pay does: the resource encrypted with the API v3 key, the body signed
// with the platform key at each send, POSTed to notify_url (through app.inject when that is this Trio's own public
// URL) until it is answered with a 2xx, on WeChat Pay's published schedule. Every notification is a row
// (sandbox_notifications), sent by whichever process takes it first (FOR UPDATE SKIP LOCKED, leased until its
// next try), so none is lost when a process dies or the endpoint is down.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../../config.ts';
import { pgArray, queryRows, type Db } from '../../../db/client.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { encryptResource } from '../wechatpay/aead.ts';
import { rfc3339 } from '../wechatpay/protocol.ts';
import { signedHeaders } from '../wechatpay/sign.ts';
import { sandboxNotifications } from '../schema.ts';
import { sandboxSigningKey } from './certificates.ts';
import { sandboxKeysOf, type SandboxKeys } from './keys.ts';

export type Outgoing = { headers: Record<string, string>; body: string };
export type NotificationEvent = { type: string; summary: string; originalType: 'transaction' | 'refund'; resource: object };

/**
 * Seconds WeChat Pay waits before each new try of a notification not answered with a 2xx
 * (15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h, 24h4m in all); after the last it gives up.
 */
export const NOTIFY_RETRY_SECONDS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600] as const;

type SigningKeys = Pick<SandboxKeys, 'apiV3Key' | 'platformSerial' | 'platformPrivateKey'>;

/** The notification's body: its id and encrypted resource stay the same at every try. */
export function notificationBody(keys: SigningKeys, now: Date, event: NotificationEvent): string {
  const resource = encryptResource(JSON.stringify(event.resource), keys.apiV3Key, event.originalType, event.originalType);
  return JSON.stringify({ id: randomUUID(), create_time: rfc3339(now), resource_type: 'encrypt-resource', event_type: event.type, summary: event.summary, resource });
}

/** The body with the headers of one send (signed now, with the platform public key's pair unless a signer is given). */
export function signNotification(keys: SigningKeys, now: Date, body: string, signer = { serialNo: keys.platformSerial, privateKey: keys.platformPrivateKey }): Outgoing {
  return { headers: { 'content-type': 'application/json', ...signedHeaders(signer, body, now) }, body };
}

export function buildNotification(keys: SigningKeys, now: Date, event: NotificationEvent): Outgoing {
  return signNotification(keys, now, notificationBody(keys, now, event));
}

/** Queues a notification in the caller's transaction; due at once. Returns its id. */
export async function queueNotification(tx: Db, now: Date, to: { url: string; outTradeNo: string }, event: NotificationEvent): Promise<number> {
  const keys = await sandboxKeysOf(tx);
  const [row] = await tx.insert(sandboxNotifications).values({
    url: to.url, eventType: event.type, outTradeNo: to.outTradeNo, body: notificationBody(keys, now, event), nextAttemptAt: now, createdAt: now,
  }).returning({ id: sandboxNotifications.id });
  return row.id;
}

/** POSTs a notification; returns the HTTP status it got (0 when nobody answered). */
export async function deliverNotification(app: FastifyInstance, config: Config, url: string, n: Outgoing): Promise<number> {
  try {
    // This Trio's own URL through inject; it throws while the app is closing (a SIGTERM during a cashier payment):
    // nobody answered, and the sandbox's sweep tries again, as a send that got no answer.
    if (url.startsWith(`${config.publicUrl}/`)) {
      return (await app.inject({ method: 'POST', url: url.slice(config.publicUrl.length), headers: n.headers, payload: n.body })).statusCode;
    }
    const res = await fetch(url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(10_000) });
    return res.status;
  } catch {
    return 0;
  }
}

type Claimed = { id: number; url: string; body: string; attempts: number };

/**
 * Takes due notifications (those `which` selects among the pending ones) and sends each once: a 2xx ends it; any
 * other answer waits for the next try of the schedule, which the claim already set as the row's lease; after the
 * last try it is abandoned, as WeChat Pay gives up. Returns the status of each send.
 */
export async function sendNotifications(app: FastifyInstance, ctx: Ctx, which: SQL, limit: number): Promise<{ id: number; status: number }[]> {
  const now = ctx.clock.now();
  const claimed = await queryRows<Claimed>(ctx.db, sql`
    update sandbox_notifications n
    set attempts = n.attempts + 1,
        next_attempt_at = ${now}::timestamptz + make_interval(secs => coalesce((${pgArray([...NOTIFY_RETRY_SECONDS])}::int[])[n.attempts + 1], 0))
    where n.id in (
      select id from sandbox_notifications where state = 'pending' and next_attempt_at <= ${now} and (${which})
      order by next_attempt_at, id limit ${limit} for update skip locked)
    returning n.id, n.url, n.body, n.attempts`);
  if (!claimed.length) return [];
  const keys = await sandboxKeysOf(ctx.db);
  const signer = await sandboxSigningKey(ctx, keys);
  const sent: { id: number; status: number }[] = [];
  for (const n of claimed) {
    const status = await deliverNotification(app, ctx.config, n.url, signNotification(keys, ctx.clock.now(), n.body, signer));
    const ok = status >= 200 && status < 300;
    const state = ok ? 'delivered' : Number(n.attempts) > NOTIFY_RETRY_SECONDS.length ? 'abandoned' : 'pending';
    await ctx.db.execute(sql`
      update sandbox_notifications set state = ${state}, last_status = ${status}, delivered_at = ${ok ? ctx.clock.now() : null}
      where id = ${n.id} and state = 'pending'`);
    sent.push({ id: Number(n.id), status });
  }
  return sent;
}
