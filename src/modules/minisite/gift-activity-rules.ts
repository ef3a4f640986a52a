// Pure rules of cooperation gift activities: the state machine and the limits. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { ActivityState } from './gift-activity-schema.ts';

export type ActivityEvent = 'start' | 'end' | 'close';

/**
 * Every move an activity makes. It is `scheduled` until its start time, `active` until its end time (the sweep moves
 * it, and gifts are refused outside the window whatever the sweep's delay), then `ended`; the merchant may close it
 * early from scheduled or active. Ended and closed are final: the pool's remaining units went back to the SKUs.
 */
export const activityMachine = defineMachine<ActivityState, ActivityEvent>('gift_activity', [
  { from: 'scheduled', event: 'start', to: 'active' },
  { from: 'scheduled', event: 'end', to: 'ended' },
  { from: 'active', event: 'end', to: 'ended' },
  { from: 'scheduled', event: 'close', to: 'closed' },
  { from: 'active', event: 'close', to: 'closed' },
]);

/** The states in which an activity holds a pool. */
export const OPEN_ACTIVITY_STATES = ['scheduled', 'active'] as const satisfies readonly ActivityState[];

/** The state an activity shows at `now`: its stored state moved by the clock (the sweep catches up soon after). */
export function stateAt(stored: ActivityState, startsAt: Date, endsAt: Date, now: Date): ActivityState {
  if (stored === 'ended' || stored === 'closed') return stored;
  if (endsAt.getTime() <= now.getTime()) return 'ended';
  return startsAt.getTime() <= now.getTime() ? 'active' : 'scheduled';
}
