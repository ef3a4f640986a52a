// A store's webhook endpoints: create (the secret shown once), list, change, disable/enable, a new secret, delete.
// Every change is one transaction with its audit row. Another store's endpoint, or a deleted one, answers 404.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { isAllowedCallbackUrl, newAppSecret, secretKey } from '../minisite/index.ts';
import { endpointMachine, type EndpointMove } from './rules.ts';
import type { DisabledReason, EndpointState } from './schema.ts';

export type EndpointView = {
  id: string; storeId: string; url: string; description: string; events: string[]; state: EndpointState;
  disabledReason: DisabledReason | null; disabledAt: string | null; failingSince: string | null; secretHint: string;
  secretRotatedAt: string; createdAt: string; updatedAt: string;
};
type Row = Omit<EndpointView, 'disabledAt' | 'failingSince' | 'secretRotatedAt' | 'createdAt' | 'updatedAt'> & Record<'disabledAt' | 'failingSince', Date | string | null> & Record<'secretRotatedAt' | 'createdAt' | 'updatedAt', Date | string>;

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);
const columns = sql`id, store_id as "storeId", url, description, events, state, disabled_reason as "disabledReason", disabled_at as "disabledAt",
  failing_since as "failingSince", secret_hint as "secretHint", secret_rotated_at as "secretRotatedAt", created_at as "createdAt", updated_at as "updatedAt"`;
const view = (r: Row): EndpointView => ({
  ...r, disabledAt: isoOrNull(r.disabledAt), failingSince: isoOrNull(r.failingSince), secretRotatedAt: iso(r.secretRotatedAt), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
});

export type EndpointInput = { url: string; description?: string; events: string[] };

function checkUrl(url: string) {
  if (!isAllowedCallbackUrl(url)) throw new Invalid('webhook_url_not_allowed', 'The URL must be https (http only on localhost), with no user, password or fragment.');
}

export async function listEndpoints(db: Db, storeId: string): Promise<EndpointView[]> {
  const rows = await queryRows<Row>(db, sql`select ${columns} from webhook_endpoints where store_id = ${storeId} and state <> 'deleted' order by created_at, id`);
  return rows.map(view);
}

/** One endpoint of the store, or 404 (another store's looks like none). */
export async function getEndpoint(db: Db, storeId: string, endpointId: string, lock = false): Promise<EndpointView> {
  const [row] = await queryRows<Row>(db, sql`select ${columns} from webhook_endpoints where id = ${endpointId} and store_id = ${storeId} and state <> 'deleted' ${lock ? sql`for update` : sql``}`);
  if (!row) throw new NotFound('webhook_endpoint');
  return view(row);
}

const actorId = (a: Actor) => (a.kind === 'user' ? a.userId : null);
const hintOf = (secret: string) => secret.slice(-4);

/** A new endpoint, active; its secret is in this answer only. */
export async function createEndpoint(ctx: Ctx, actor: Actor, storeId: string, input: EndpointInput) {
  checkUrl(input.url);
  const secret = newAppSecret();
  const endpoint = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    // The store's row, locked, keeps the count exact under concurrent creations.
    await tx.execute(sql`select id from stores where id = ${storeId} for update`);
    const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from webhook_endpoints where store_id = ${storeId} and state <> 'deleted'`);
    if (n >= ctx.config.webhookEndpointsMax) throw new Conflict('webhook_endpoints_limit', `A store may have ${ctx.config.webhookEndpointsMax} webhook endpoints; remove or reuse one.`, { limit: ctx.config.webhookEndpointsMax });
    const [row] = await queryRows<Row>(tx, sql`
      insert into webhook_endpoints (store_id, url, description, secret_hash, secret_hint, secret_rotated_at, events, state, created_by, created_at, updated_at)
      values (${storeId}, ${input.url}, ${input.description ?? ''}, ${secretKey(secret)}, ${hintOf(secret)}, ${now}, ${`{${input.events.join(',')}}`}::text[], 'active', ${actorId(actor)}, ${now}, ${now})
      returning ${columns}`);
    await recordAudit(tx, actor, { action: 'webhook_endpoint.created', entityType: 'webhook_endpoint', entityId: row.id, storeId, summary: `Webhook endpoint ${input.url}`, after: { url: input.url, events: input.events } }, now);
    return view(row);
  });
  return { ...endpoint, secret };
}

export async function updateEndpoint(ctx: Ctx, actor: Actor, storeId: string, endpointId: string, input: Partial<EndpointInput>) {
  if (input.url !== undefined) checkUrl(input.url);
  return inTransaction(ctx, async (tx) => {
    const before = await getEndpoint(tx, storeId, endpointId, true);
    const now = ctx.clock.now();
    const events = input.events ?? before.events;
    const [row] = await queryRows<Row>(tx, sql`
      update webhook_endpoints set url = ${input.url ?? before.url}, description = ${input.description ?? before.description},
        events = ${`{${events.join(',')}}`}::text[], updated_at = ${now}
      where id = ${endpointId} returning ${columns}`);
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.changed', entityType: 'webhook_endpoint', entityId: endpointId, storeId, summary: `Webhook endpoint ${row.url}`,
      before: { url: before.url, events: before.events, description: before.description }, after: { url: row.url, events: row.events, description: row.description },
    }, now);
    return view(row);
  });
}

/** Disable (by the merchant) or enable; enabling starts the failure count afresh and lets waiting deliveries go. */
export async function moveEndpoint(ctx: Ctx, actor: Actor, storeId: string, endpointId: string, move: Extract<EndpointMove, 'disable' | 'enable'>) {
  return inTransaction(ctx, async (tx) => {
    const before = await getEndpoint(tx, storeId, endpointId, true);
    const to = endpointMachine.transition(before.state, move);
    const enabled = move === 'enable';
    const now = ctx.clock.now();
    const [row] = await queryRows<Row>(tx, sql`
      update webhook_endpoints set state = ${to}, disabled_reason = ${move === 'disable' ? 'merchant' : null},
        disabled_at = ${move === 'disable' ? now : null}, failing_since = null, updated_at = ${now}
      where id = ${endpointId} returning ${columns}`);
    await recordAudit(tx, actor, {
      action: enabled ? 'webhook_endpoint.enabled' : 'webhook_endpoint.disabled', entityType: 'webhook_endpoint', entityId: endpointId, storeId, summary: `Webhook endpoint ${row.url}`,
      before: { state: before.state, disabledReason: before.disabledReason }, after: { state: to },
    }, now);
    return view(row);
  });
}

/** A new secret (shown in this answer only); the old one stops signing at once. */
export async function rotateSecret(ctx: Ctx, actor: Actor, storeId: string, endpointId: string) {
  const secret = newAppSecret();
  const endpoint = await inTransaction(ctx, async (tx) => {
    await getEndpoint(tx, storeId, endpointId, true);
    const now = ctx.clock.now();
    const [row] = await queryRows<Row>(tx, sql`
      update webhook_endpoints set secret_hash = ${secretKey(secret)}, secret_hint = ${hintOf(secret)}, secret_rotated_at = ${now}, updated_at = ${now}
      where id = ${endpointId} returning ${columns}`);
    await recordAudit(tx, actor, { action: 'webhook_endpoint.secret_rotated', entityType: 'webhook_endpoint', entityId: endpointId, storeId, summary: `Webhook endpoint ${row.url}` }, now);
    return view(row);
  });
  return { ...endpoint, secret };
}

/**
 * Deletes an endpoint: it leaves the console and the API (404), no delivery is made to it any more, and those still
 * waiting end `failed` (a try under way is not recorded: its claim is dropped). Its log stays in the database.
 */
export async function deleteEndpoint(ctx: Ctx, actor: Actor, storeId: string, endpointId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await getEndpoint(tx, storeId, endpointId, true);
    const to = endpointMachine.transition(before.state, 'delete');
    const now = ctx.clock.now();
    await tx.execute(sql`update webhook_endpoints set state = ${to}, failing_since = null, updated_at = ${now} where id = ${endpointId}`);
    await tx.execute(sql`update webhook_deliveries set state = 'failed', claim_token = null, last_error = 'endpoint deleted', updated_at = ${now}
      where endpoint_id = ${endpointId} and state = 'pending'`);
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.deleted', entityType: 'webhook_endpoint', entityId: endpointId, storeId, summary: `Webhook endpoint ${before.url}`,
      before: { state: before.state, url: before.url, events: before.events }, after: { state: to },
    }, now);
  });
}
