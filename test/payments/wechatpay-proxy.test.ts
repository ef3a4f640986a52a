// WeChat Pay reached through a base URL with a path (a forward proxy, here a local HTTP server on 127.0.0.1 that
// records what it gets): requests are signed with that path, and an unsigned error answer keeps WeChat Pay's own
// code, logged, and shown to the payer as a 502 problem with the reason; a gateway that is down (503) is a 503 to
// the payer, with Retry-After, since asking again later may succeed.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { manualClock } from '../../src/kernel/clock.ts';
import { parseAuthorization, requestMessage, rsaVerify } from '../../src/modules/payments/wechatpay/sign.ts';
import { cloneDatabase, signUp } from '../helpers.ts';
import { newPayment } from './support.ts';

type Heard = { method: string; url: string; authorization?: string; body: string };
const heard: Heard[] = [];
const logged: string[] = [];
const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const clock = manualClock(new Date());
let proxy: Server;
let database: Awaited<ReturnType<typeof cloneDatabase>>;
let trio: Awaited<ReturnType<typeof buildApp>>;
let dir: string;
let answer = { status: 400, body: '{"code":"PARAM_ERROR","message":"notify_url must be https"}' };

beforeAll(async () => {
  proxy = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      heard.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      // Unsigned, as WeChat Pay's gateway answers a request it refuses before its service sees it.
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as { port: number }).port;
  dir = mkdtempSync(path.join(os.tmpdir(), 'trio-wxproxy-'));
  writeFileSync(path.join(dir, 'apiclient_key.pem'), merchantKey.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'pub_key.pem'), platformKey.publicKey.export({ type: 'spki', format: 'pem' }));
  database = await cloneDatabase();
  trio = await buildApp({
    database, clock,
    logger: { level: 'warn', stream: { write: (line: string) => logged.push(line) } },
    config: loadConfig({
      ...process.env, TRIO_DATA_DIR: dir, TRIO_PUBLIC_URL: 'https://shop.example',
      WECHATPAY_MCHID: '1900000109', WECHATPAY_APPID: 'wx8888888888888888', WECHATPAY_MERCHANT_SERIAL: '3775B6A45ACD588826D15E583A95F5DD12345678',
      WECHATPAY_MERCHANT_PRIVATE_KEY: path.join(dir, 'apiclient_key.pem'), WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0114232134912410000000000000',
      WECHATPAY_PLATFORM_PUBLIC_KEY: path.join(dir, 'pub_key.pem'), WECHATPAY_APIV3_KEY: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      WECHATPAY_BASE_URL: `http://127.0.0.1:${port}/wxpay`,
    }),
  });
  await trio.app.ready();
});
afterAll(async () => {
  await trio?.app.close();
  await database?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('WeChat Pay behind a base URL with a path', () => {
  it('signs /wxpay/v3/...; an unsigned 400 PARAM_ERROR reaches the payer as a 502 with the reason, and is logged', async () => {
    const buyer = await signUp(trio.app, 'buyer');
    const paymentId = await newPayment({ ctx: trio.ctx, clock }, buyer.userId, 990);
    const res = await trio.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'native' } });

    expect(res.statusCode, res.body).toBe(502);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'payment_provider_error' });
    expect(res.json().detail).toMatch(/PARAM_ERROR: notify_url must be https/);

    expect(heard.map((h) => `${h.method} ${h.url}`)).toEqual(['POST /wxpay/v3/pay/transactions/native']);
    const auth = parseAuthorization(heard[0].authorization)!;
    expect(auth.mchid).toBe('1900000109');
    const signedPath = requestMessage('POST', '/wxpay/v3/pay/transactions/native', auth.timestamp, auth.nonce_str, heard[0].body);
    expect(rsaVerify(merchantKey.publicKey, signedPath, auth.signature)).toBe(true);
    expect(rsaVerify(merchantKey.publicKey, requestMessage('POST', '/v3/pay/transactions/native', auth.timestamp, auth.nonce_str, heard[0].body), auth.signature)).toBe(false);

    const line = logged.find((l) => l.includes('prepay failed at the provider'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).err).toMatchObject({ code: 'PARAM_ERROR', status: 400, signed: false });
  });

  it('a provider that is down (503 SYSTEM_ERROR) reaches the payer as a 503 with Retry-After: try again, not "refused"', async () => {
    answer = { status: 503, body: '{"code":"SYSTEM_ERROR","message":"system busy"}' };
    const buyer = await signUp(trio.app, 'buyer');
    const paymentId = await newPayment({ ctx: trio.ctx, clock }, buyer.userId, 990);
    const res = await trio.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'native' } });

    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toMatchObject({ code: 'payment_provider_unavailable' });
    expect(res.json().detail).toMatch(/SYSTEM_ERROR/);
  });
});
