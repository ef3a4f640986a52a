// GET /api/demo/logins: the sign-in page's list of demo accounts, from the one list `npm start` prints; nothing when
// demo data is off (a deployment with TRIO_DEMO=off must not advertise accounts or a password).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { testEnv, type TestEnv } from '../helpers.ts';

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('GET /api/demo/logins', () => {
  it('with demo data on, answers every demo login (role and e-mail) and the password, to anyone', async () => {
    env = await testEnv({ TRIO_DEMO: 'on' });
    const res = await env.app.inject({ method: 'GET', url: '/api/demo/logins' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.password).toBe(DEMO_PASSWORD);
    expect(body.logins).toEqual(DEMO_LOGINS.map(({ role, email }) => ({ role, email })));
    expect(body.logins).toHaveLength(10);
  });

  it('with demo data off, answers no login and no password', async () => {
    env = await testEnv({ TRIO_DEMO: 'off' });
    const res = await env.app.inject({ method: 'GET', url: '/api/demo/logins' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ password: null, logins: [] });
    expect(res.body).not.toContain('trio.demo');
    expect(res.body).not.toContain(DEMO_PASSWORD);
  });

  it('with demo data on a real deployment (payments through WeChat Pay), answers no login and no password', async () => {
    // The demo stores are loaded (TRIO_DEMO=on), but the sign-in page must not hand the public their password.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trio-keys-'));
    const pem = (name: string, text: string | Buffer) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const settings = {
      WECHATPAY_MCHID: '1900000109', WECHATPAY_APPID: 'wx8888888888888888', WECHATPAY_MERCHANT_SERIAL: '3775B6A45ACD588826D15E583A95F5DD12345678',
      WECHATPAY_MERCHANT_PRIVATE_KEY: pem('apiclient_key.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' })),
      WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0114232134912410000000000000',
      WECHATPAY_PLATFORM_PUBLIC_KEY: pem('pub_key.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' })),
      WECHATPAY_APIV3_KEY: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345', TRIO_PUBLIC_URL: 'https://shop.example',
    };
    env = await testEnv({ TRIO_DEMO: 'on', ...settings }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(env.ctx.config).toMatchObject({ seedDemo: true, paymentProvider: 'wechatpay' });
    const res = await env.app.inject({ method: 'GET', url: '/api/demo/logins' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ password: null, logins: [] });
    expect(res.body).not.toContain(DEMO_PASSWORD);
  });
});
