// A payment at the sandbox cashier while this Trio is shutting down (SIGTERM): the notification to Trio's own URL
// goes through app.inject, which throws once the app is closing. The send counts as unanswered (0), as a send to a
// server that is away, and the sandbox's sweep tries again: the cashier's request never becomes a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { deliverNotification } from '../../src/modules/payments/sandbox/notify.ts';
import { testEnv, type TestEnv } from '../helpers.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

describe('a sandbox notification to this Trio while it closes', () => {
  it('is counted as not answered (0), not thrown', async () => {
    const { app } = await buildApp({ database: env.database, config: env.ctx.config, clock: env.clock, logger: false });
    await app.ready();
    await app.close();
    const status = await deliverNotification(app, env.ctx.config, `${env.ctx.config.publicUrl}/api/payments/wechatpay/notify`, { headers: {}, body: '{}' });
    expect(status).toBe(0);
  });
});
