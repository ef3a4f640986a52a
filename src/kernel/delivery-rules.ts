// Pure rules shared by every signed delivery Trio makes to someone else's URL (mini-site order notices, merchant
// webhooks): the retry schedule, what counts as delivered, and a delivery's state machine. No I/O.
import { defineMachine } from './state-machine.ts';

/** A delivery's states. pending → delivered | failed; delivered | failed → pending (send again). */
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * When each try after the first is due, in seconds after the try before it failed: tries 2 to 10. The first try is
 * made at once. 10 tries over about 3.6 hours, then the delivery is `failed` (its owner may send it again).
 */
export const RETRY_DELAYS_SECONDS = [0, 0, 10, 60, 5 * 60, 30 * 60, 60 * 60, 60 * 60, 60 * 60] as const;
export const MAX_TRIES = RETRY_DELAYS_SECONDS.length + 1;

/**
 * After `attempts` failed tries of this round: milliseconds until the next one, or null when that was the last
 * (the delivery fails). `scale` times the schedule (a setting: 1 in production, smaller in benchmarks).
 */
export function retryDelayMs(attempts: number, scale: number): number | null {
  if (attempts >= MAX_TRIES) return null;
  return Math.round(RETRY_DELAYS_SECONDS[attempts - 1] * 1000 * scale);
}

/** A 2xx answer is a delivery; anything else (and no answer) is a failed try. */
export const isDelivered = (status: number | null) => status !== null && status >= 200 && status < 300;

export type DeliveryMove = 'deliver' | 'retry' | 'give_up' | 'send_again';

/** The machine of one kind of delivery; `entity` names its 409 code (`<entity>_transition_not_allowed`). */
export function deliveryMachine(entity: string) {
  return defineMachine<DeliveryState, DeliveryMove>(entity, [
    { from: 'pending', event: 'deliver', to: 'delivered' },
    { from: 'pending', event: 'retry', to: 'pending' },
    { from: 'pending', event: 'give_up', to: 'failed' },
    { from: 'delivered', event: 'send_again', to: 'pending' },
    { from: 'failed', event: 'send_again', to: 'pending' },
  ]);
}
