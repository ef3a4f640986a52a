// The outbox and the rollups run in a lane of their own beside the full list of sweeps: while a sweep ahead of them in
// the list is busy with a long batch (payment attempts asked of the provider one by one), messages are still delivered
// and days still rolled up.
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { Ctx } from '../../src/kernel/context.ts';
import { OWN_LANE, startScheduler, sweeps, type Sweep } from '../../src/scheduler/index.ts';

const ctx = { config: { schedulerBatch: 10, schedulerIntervalMs: 20 } } as unknown as Ctx;
const log = { info() {}, warn() {}, error() {} } as unknown as FastifyBaseLogger;

describe('scheduler lanes', () => {
  it('delivers the outbox and rolls up while a sweep before them in the list is still running', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const ran = { payment_attempts: 0, outbox: 0, analytics_rollups: 0 };
    const list: Sweep[] = (['payment_attempts', 'outbox', 'analytics_rollups'] as const).map((name) => ({
      name,
      run: async () => {
        ran[name]++;
        if (name === 'payment_attempts') await blocked;
        return 0;
      },
    }));
    const scheduler = startScheduler(ctx, log, list);
    try {
      await vi.waitFor(() => expect(ran.payment_attempts).toBe(1));
      await vi.waitFor(() => expect(Math.min(ran.outbox, ran.analytics_rollups)).toBeGreaterThanOrEqual(2));
      // The full list is still on its first tick (its payment attempts have not returned).
      expect(ran.payment_attempts).toBe(1);
    } finally {
      release();
      await scheduler.stop();
    }
  });

  it('names sweeps of the list', () => {
    expect(sweeps(ctx).map((s) => s.name)).toEqual(expect.arrayContaining(OWN_LANE));
  });
});
