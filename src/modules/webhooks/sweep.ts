// Sending webhooks (scheduler sweep): the deliveries' queue in the shared delivery loop (src/kernel/deliveries.ts,
// the one the mini-site order notices use: same claim with a lease, same schedule, HTTP outside any transaction).
// Only deliveries of active endpoints are due. After each try the endpoint's failure clock moves: a delivered try
// stops it, a failed one starts it; failing for TRIO_WEBHOOK_DISABLE_AFTER_HOURS disables the endpoint (audited, and
// shown to the merchant in the console), even when no try comes after the day is up.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context.ts';
import { isDelivered } from '../../kernel/delivery-rules.ts';
import { sweepDeliveries, type ClaimedDelivery, type DeliveryQueue, type TryResult } from '../../kernel/deliveries.ts';
import { inTransaction } from '../../kernel/context.ts';
import { queryRows } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';
import { endpointMachine, failedTooLong, webhookDeliveryMachine, webhookHeaders } from './rules.ts';
import type { EndpointState } from './schema.ts';

type Claimed = ClaimedDelivery & { endpointId: string; event: string; url: string; secretHash: string };

function webhookQueue(ctx: Ctx): DeliveryQueue<Claimed> {
  const c = ctx.config;
  return {
    table: 'webhook_deliveries', triesTable: 'webhook_delivery_tries', triesKey: 'delivery_id',
    dueJoin: sql`join webhook_endpoints e on e.id = d.endpoint_id and e.state = 'active'`,
    targets: sql`select c.id, c.store_id as "storeId", c.body, c.attempts, c.endpoint_id as "endpointId", c.event, e.url, e.secret_hash as "secretHash"
      from c join webhook_endpoints e on e.id = c.endpoint_id`,
    request: (d, now) => ({ url: d.url, headers: webhookHeaders(d.id, d.event, d.secretHash, d.body, now) }),
    timeoutMs: c.webhookTimeoutMs, leaseSeconds: c.webhookLeaseSeconds, concurrency: c.webhookConcurrency, delayScale: c.webhookDelayScale,
    userAgent: 'Trio-Webhooks/1', machine: webhookDeliveryMachine,
    afterTry: (d, r, now) => endpointAnswered(ctx, d, r, now),
  };
}

/** Moves the endpoint's failure clock; disables it once it has failed long enough. */
async function endpointAnswered(ctx: Ctx, d: Claimed, r: TryResult, now: Date) {
  if (isDelivered(r.status)) {
    await ctx.db.execute(sql`update webhook_endpoints set failing_since = null where id = ${d.endpointId} and failing_since is not null`);
    return;
  }
  // The endpoint's row is written only when its clock starts (a down endpoint's many failing tries do not queue on it).
  const [e] = await queryRows<{ failingSince: Date | string | null }>(ctx.db, sql`
    with started as (
      update webhook_endpoints set failing_since = ${now} where id = ${d.endpointId} and state = 'active' and failing_since is null
      returning failing_since)
    select coalesce((select failing_since from started),
      (select failing_since from webhook_endpoints where id = ${d.endpointId} and state = 'active')) as "failingSince"`);
  if (!e?.failingSince || !failedTooLong(new Date(e.failingSince), now, ctx.config.webhookDisableAfterHours)) return;
  await disableIfFailing(ctx, d.endpointId, now);
}

/** Disables the endpoint (audited) when it is active and has failed long enough; in its own transaction, once. */
async function disableIfFailing(ctx: Ctx, endpointId: string, now: Date) {
  await inTransaction(ctx, async (tx) => {
    const [cur] = await queryRows<{ state: EndpointState; url: string; storeId: string; failingSince: Date | string | null }>(tx, sql`
      select state, url, store_id as "storeId", failing_since as "failingSince" from webhook_endpoints where id = ${endpointId} for update`);
    if (!cur || !endpointMachine.can(cur.state, 'fail') || !failedTooLong(cur.failingSince ? new Date(cur.failingSince) : null, now, ctx.config.webhookDisableAfterHours)) return;
    const to = endpointMachine.transition(cur.state, 'fail');
    await tx.execute(sql`update webhook_endpoints set state = ${to}, disabled_reason = 'failing', disabled_at = ${now}, updated_at = ${now} where id = ${endpointId}`);
    await recordAudit(tx, 'system', {
      action: 'webhook_endpoint.disabled_failing', entityType: 'webhook_endpoint', entityId: endpointId, storeId: cur.storeId,
      summary: `Webhook endpoint ${cur.url} disabled: every try failed since ${new Date(cur.failingSince!).toISOString()}`,
      before: { state: cur.state }, after: { state: to, disabledReason: 'failing' },
    }, now);
  });
}

/** SQL: the active endpoints failing since `since` or before, longest first (read by webhook_endpoints_failing_idx). */
export function failingEndpointsSql(since: Date, limit: number) {
  return sql`select id from webhook_endpoints where state = 'active' and failing_since <= ${since} order by failing_since limit ${limit}`;
}

/**
 * Endpoints whose failure clock ran out with no try since (their deliveries gave up, no new event came): disabled
 * all the same, so "failing for a day" does not depend on the store's next event.
 */
async function disableFailingEndpoints(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - ctx.config.webhookDisableAfterHours * 3600_000);
  const due = await queryRows<{ id: string }>(ctx.db, failingEndpointsSql(since, limit));
  for (const { id } of due) await disableIfFailing(ctx, id, now);
  return due.length;
}

/**
 * Disables endpoints that failed long enough, then claims due deliveries (committed at once), sends them, records
 * each try. Returns how many were tried.
 */
export async function sweepWebhooks(ctx: Ctx, limit: number): Promise<number> {
  await disableFailingEndpoints(ctx, limit);
  return sweepDeliveries(ctx, webhookQueue(ctx), limit);
}
