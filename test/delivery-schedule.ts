// The retry schedule every delivery follows (src/kernel/delivery-rules.ts: order notices, webhooks), checked by
// moving the clock: tries 2 to 10 are made not a millisecond before each delay, and at once when it is due.
import net from 'node:net';
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

/** A port on 127.0.0.1 nobody listens on (an endpoint that is down: connection refused). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
