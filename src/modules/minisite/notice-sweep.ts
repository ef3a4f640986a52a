// Delivery of order notices to mini-sites' callback URLs (scheduler sweep): the notices' queue in the shared
// delivery loop (src/kernel/deliveries.ts: claim with a lease, POST outside any transaction, record the try), signed
// with the mini-site's app secret (signature.ts).
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context.ts';
import { sweepDeliveries, type ClaimedDelivery, type DeliveryQueue } from '../../kernel/deliveries.ts';
import { signedHeaders } from './signature.ts';
import { noticeMachine } from './notices-rules.ts';

type Claimed = ClaimedDelivery & { appId: string; secretHash: string; callbackUrl: string | null };

function noticeQueue(ctx: Ctx): DeliveryQueue<Claimed> {
  const c = ctx.config;
  return {
    table: 'mini_site_notices', triesTable: 'mini_site_notice_tries', triesKey: 'notice_id',
    targets: sql`select c.id, c.store_id as "storeId", c.body, c.attempts, s.app_id as "appId", s.secret_hash as "secretHash", s.callback_url as "callbackUrl"
      from c join mini_sites s on s.id = c.mini_site_id`,
    request(n, now) {
      if (!n.callbackUrl) return { error: 'the mini-site has no callback URL' };
      const url = new URL(n.callbackUrl);
      return { url: n.callbackUrl, headers: signedHeaders(n.appId, n.secretHash, { method: 'POST', path: url.pathname + url.search, body: n.body }, now) };
    },
    timeoutMs: c.noticeTimeoutMs, leaseSeconds: c.noticeLeaseSeconds, concurrency: c.noticeConcurrency, delayScale: c.noticeDelayScale,
    userAgent: 'Trio-Notices/1', machine: noticeMachine,
  };
}

/** Claims due notices (committed at once), sends them, records each try. Returns how many were tried. */
export function sweepNotices(ctx: Ctx, limit: number): Promise<number> {
  return sweepDeliveries(ctx, noticeQueue(ctx), limit);
}
