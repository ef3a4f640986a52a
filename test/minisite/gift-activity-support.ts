// What cooperation gift tests share: signed calls of a mini-site's server (over app.inject, any app of a cluster),
// and a store's gift activity made through the console's API.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { sign } from '../../src/modules/minisite/signature.ts';
import type { TestMiniSite } from '../fixtures/minisite.ts';
import type { TestEnv } from '../helpers.ts';
import { call, type Store } from '../orders/fixtures.ts';

/** A request of the mini-site's server, signed with its secret (a fresh nonce each time). */
export function signed(app: FastifyInstance, clock: TestEnv['clock'], site: TestMiniSite, method: string, url: string, payload?: unknown) {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const timestamp = String(Math.floor(clock.now().getTime() / 1000));
  const nonce = randomUUID();
  const signature = sign(site.key, { method, path: url, timestamp, nonce, body });
  return app.inject({
    method: method as 'GET', url, payload: body || undefined,
    headers: { 'trio-app-id': site.appId, 'trio-timestamp': timestamp, 'trio-nonce': nonce, 'trio-signature': signature, ...(body ? { 'content-type': 'application/json' } : {}) },
  });
}

/** A gift activity of the store for the mini-site (201 expected), running from now for a week unless told. */
export async function activityOk(env: Pick<TestEnv, 'app' | 'clock'>, s: Store, siteId: string, items: { skuId: string; pool: number }[], window: { startsAt?: Date; endsAt?: Date } = {}) {
  const now = env.clock.now();
  const res = await call(env as TestEnv, 'POST', `${s.url}/gift-activities`, s.merchant.headers, {
    miniSiteId: siteId, title: { en: 'Spring gifts', zh: '春日礼物' }, items,
    startsAt: (window.startsAt ?? now).toISOString(), endsAt: (window.endsAt ?? new Date(now.getTime() + 7 * 86400_000)).toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string; remaining: number; pool: number };
}
