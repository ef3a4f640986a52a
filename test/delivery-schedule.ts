// The retry schedule every delivery follows (src/kernel/delivery-rules.ts: order notices, webhooks), checked by
// moving the clock: tries 2 to 10 are made not a millisecond before each delay, and at once when it is due.
import { expect } from 'vitest';
import { RETRY_DELAYS_SECONDS } from '../src/kernel/delivery-rules.ts';

/** After the first failed try: walks the schedule; `lastTry` runs before the 10th try (e.g. the receiver is up again). */
export async function walkRetrySchedule(o: { advance(ms: number): void; tick(): Promise<unknown>; tries(): number; lastTry(): void }) {
  expect(o.tries()).toBe(1);
  for (const [i, seconds] of RETRY_DELAYS_SECONDS.entries()) {
    if (seconds > 0) {
      o.advance(seconds * 1000 - 1);
      await o.tick();
      expect(o.tries(), `try ${i + 2} before its time`).toBe(i + 1);
      o.advance(1);
    }
    if (i === RETRY_DELAYS_SECONDS.length - 1) o.lastTry();
    await o.tick();
    expect(o.tries(), `try ${i + 2} when due`).toBe(i + 2);
  }
}
