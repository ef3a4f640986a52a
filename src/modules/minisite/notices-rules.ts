// Pure rules of order notices: which outbox topics become notices, the state the order reached, the retry schedule,
// and the notice's state machine. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { NoticeEvent, NoticeState } from './notices-schema.ts';

/** The orders module's outbox topics that become a notice, and the notice's event. */
export const NOTICE_TOPICS: Record<string, NoticeEvent> = {
  'order.created': 'created',
  'order.paid': 'paid',
  'order.shipped': 'shipped',
  'order.completed': 'completed',
  'order.cancelled': 'cancelled',
  'order.closed_refunded': 'refunded',
};

/**
 * The state the event moved the order to (what the notice says, whatever the order went on to do before the notice was
 * written). A shipment that leaves items to ship leaves the order partly shipped.
 */
export function stateAfter(event: NoticeEvent, opts: { shipmentComplete?: boolean } = {}): string {
  switch (event) {
    case 'created': return 'awaiting_payment';
    case 'paid': return 'awaiting_shipment';
    case 'shipped': return opts.shipmentComplete === false ? 'partly_shipped' : 'awaiting_receipt';
    case 'completed': return 'completed';
    case 'cancelled': return 'cancelled';
    case 'refunded': return 'closed_refunded';
  }
}

/**
 * When each try after the first is due, in seconds after the try before it failed: tries 2 to 10. The first try is
 * made at once. 10 tries over about 3.6 hours, then the notice is `failed` (the owner may send it again).
 */
export const NOTICE_RETRY_DELAYS_SECONDS = [0, 0, 10, 60, 5 * 60, 30 * 60, 60 * 60, 60 * 60, 60 * 60] as const;
export const NOTICE_MAX_TRIES = NOTICE_RETRY_DELAYS_SECONDS.length + 1;

/**
 * After `attempts` failed tries of this round: milliseconds until the next one, or null when that was the last
 * (the notice fails). `scale` is TRIO_NOTICE_DELAY_SCALE.
 */
export function retryDelayMs(attempts: number, scale: number): number | null {
  if (attempts >= NOTICE_MAX_TRIES) return null;
  return Math.round(NOTICE_RETRY_DELAYS_SECONDS[attempts - 1] * 1000 * scale);
}

/** A 2xx answer is a delivery; anything else (and no answer) is a failed try. */
export const isDelivered = (status: number | null) => status !== null && status >= 200 && status < 300;

export type NoticeMove = 'deliver' | 'retry' | 'give_up' | 'send_again';

export const noticeMachine = defineMachine<NoticeState, NoticeMove>('mini_site_notice', [
  { from: 'pending', event: 'deliver', to: 'delivered' },
  { from: 'pending', event: 'retry', to: 'pending' },
  { from: 'pending', event: 'give_up', to: 'failed' },
  { from: 'delivered', event: 'send_again', to: 'pending' },
  { from: 'failed', event: 'send_again', to: 'pending' },
]);
