// Stale while revalidating (TRIO_ANALYTICS_STALE_MS): once a rollup changes, a report whose last answer was known to be
// current less than the bound ago (built, or answered fresh) is answered from it at once and built again in the
// background, and the next answers are the new one; past the bound a request waits for the fresh build, so no answer
// is older than the bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { reportFixture } from './report-cache-fixtures.ts';

const STALE_MS = 10_000;
let f: Awaited<ReturnType<typeof reportFixture>>;
beforeAll(async () => {
  f = await reportFixture(STALE_MS);
});
afterAll(async () => f?.env.close());

describe('reports stale while revalidating', () => {
  it('answers the last report while the new one is built, within the bound; past it, waits for the new one', async () => {
    const { env, s, paidOrder, current } = f;
    const url = `${s.url}/analytics?unit=day&date=2026-11-01`;
    const first = await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    expect(await current(s.merchant, url)).toMatchObject({ orders: 1, gmv: first.total });

    const second = await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    // Rolled up, but the last answer is recent: it is the answer, and the new one is being built.
    expect(await current(s.merchant, url)).toMatchObject({ orders: 1 });
    await expect.poll(async () => (await current(s.merchant, url)).orders).toBe(2);
    expect(await current(s.merchant, url)).toMatchObject({ orders: 2, gmv: first.total + second.total });

    // Past the bound the last answer is not given: this request builds the new one.
    const third = await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    env.clock.advance(STALE_MS);
    expect(await current(s.merchant, url)).toMatchObject({ orders: 3, gmv: first.total + second.total + third.total });

    // Built long ago but answered fresh just now (no rollup changed meanwhile): the bound counts from then.
    env.clock.advance(3 * STALE_MS);
    expect(await current(s.merchant, url)).toMatchObject({ orders: 3 });
    await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    expect(await current(s.merchant, url)).toMatchObject({ orders: 3 });
    await expect.poll(async () => (await current(s.merchant, url)).orders).toBe(4);
  });
});
