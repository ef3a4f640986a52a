// Pure rules of order notices: which outbox topics become notices, the state the order reached, and the notice's
// state machine (the shared delivery machine and retry schedule, src/kernel/delivery-rules.ts). No I/O.
import { deliveryMachine } from '../../kernel/delivery-rules.ts';
import type { NoticeEvent } from './notices-schema.ts';

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

/** A notice is a delivery (src/kernel/delivery-rules.ts: the schedule shared with merchant webhooks). */
export const noticeMachine = deliveryMachine('mini_site_notice');
