// Pure rules of merchant webhooks: the events an endpoint may choose (and the outbox topics they come from), how a
// selection matches an event, the signature, and the endpoint's state machine. No I/O.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AFTERSALE_STATES } from '../aftersales/schema.ts';
import { deliveryMachine } from '../../kernel/delivery-rules.ts';
import { defineMachine } from '../../kernel/state-machine.ts';
import type { EndpointState } from './schema.ts';

/**
 * The events, each made from one outbox topic of the store (written in the transaction of the change itself).
 * order.delivered is the buyer's receipt (or the automatic one); order.refunded an order closed by a full refund.
 */
export const WEBHOOK_TOPICS: Record<string, string> = {
  'order.created': 'order.created',
  'order.paid': 'order.paid',
  'order.shipped': 'order.shipped',
  'order.completed': 'order.delivered',
  'order.cancelled': 'order.cancelled',
  'order.closed_refunded': 'order.refunded',
  'order.settled': 'order.settled',
  ...Object.fromEntries(AFTERSALE_STATES.map((s) => [`aftersales.${s}`, `aftersales.${s}`])),
  'aftersales.created': 'aftersales.created',
  'message.gift_received': 'gift.received',
  'message.gift_claimed': 'gift.claimed',
  'message.gift_shipped': 'gift.shipped',
  'message.gift_refunded': 'gift.refunded',
  'message.gift_expired': 'gift.expired',
  'gift.cancelled': 'gift.cancelled',
  'member.joined': 'member.joined',
};
export const WEBHOOK_EVENTS = [...new Set(Object.values(WEBHOOK_TOPICS))].sort();
/** Groups an endpoint may choose instead of single events: every event of the group, present and future. */
export const WEBHOOK_GROUPS = ['order.*', 'aftersales.*', 'gift.*', 'member.*'] as const;
export const WEBHOOK_SELECTIONS = [...WEBHOOK_GROUPS, ...WEBHOOK_EVENTS];

/** True when an endpoint's selection wants the event. */
export function wants(selection: readonly string[], event: string): boolean {
  return selection.some((s) => s === event || (s.endsWith('.*') && event.startsWith(s.slice(0, -1))));
}

/** Header names of a delivery (lowercase as Node gives them to a receiver). */
export const WEBHOOK_HEADERS = {
  id: 'trio-webhook-id', event: 'trio-webhook-event', timestamp: 'trio-webhook-timestamp', signature: 'trio-webhook-signature',
} as const;

/**
 * The signature: hex HMAC-SHA256, keyed with the SHA-256 (hex) of the endpoint's secret, over
 * `<timestamp>.<body>` (timestamp: unix seconds as sent in Trio-Webhook-Timestamp; body: the raw bytes), sent as
 * `v1=<hex>`.
 */
export function webhookSignature(key: string, timestamp: string, body: string | Buffer): string {
  return `v1=${createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** True when the header is the signature `key` makes (constant time). */
export function webhookSignatureMatches(key: string, timestamp: string, body: string | Buffer, header: string): boolean {
  const want = Buffer.from(webhookSignature(key, timestamp, body));
  const got = Buffer.from(header);
  return got.length === want.length && timingSafeEqual(got, want);
}

export function webhookHeaders(deliveryId: string, event: string, key: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [WEBHOOK_HEADERS.id]: deliveryId, [WEBHOOK_HEADERS.event]: event,
    [WEBHOOK_HEADERS.timestamp]: timestamp, [WEBHOOK_HEADERS.signature]: webhookSignature(key, timestamp, body),
  };
}

export type EndpointMove = 'disable' | 'fail' | 'enable' | 'delete';
export const endpointMachine = defineMachine<EndpointState, EndpointMove>('webhook_endpoint', [
  { from: 'active', event: 'disable', to: 'disabled' },
  { from: 'active', event: 'fail', to: 'disabled' },
  { from: 'disabled', event: 'enable', to: 'active' },
  { from: 'active', event: 'delete', to: 'deleted' },
  { from: 'disabled', event: 'delete', to: 'deleted' },
]);

/** A delivery follows the shared machine and retry schedule of src/kernel/delivery-rules.ts (as mini-site notices do). */
export const webhookDeliveryMachine = deliveryMachine('webhook_delivery');

/** True when an endpoint failing since `failingSince` has failed long enough to be disabled. */
export function failedTooLong(failingSince: Date | null, now: Date, hours: number): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= hours * 3600_000;
}
