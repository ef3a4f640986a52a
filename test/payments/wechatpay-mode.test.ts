// The real adapter (TRIO_PAYMENT_PROVIDER=wechatpay: PEM files, fetch) against a WeChat Pay that answers over
// real HTTP: another Trio's sandbox, whose keys this merchant is configured with. Nothing here is special-cased:
// the same settings with WeChat Pay's own keys and base URL are a real merchant account.
import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { manualClock } from '../../src/kernel/clock.ts';
import { sandboxSettled } from '../../src/modules/payments/index.ts';
import { wechatpayKeys } from '../../src/modules/payments/provider.ts';
import { sandboxKeysOf } from '../../src/modules/payments/sandbox/keys.ts';
import { payments } from '../../src/modules/payments/schema.ts';
import { WechatPayClient, WechatPayError } from '../../src/modules/payments/wechatpay/client.ts';
import { signedHeaders } from '../../src/modules/payments/wechatpay/sign.ts';
import { encryptResource } from '../../src/modules/payments/wechatpay/aead.ts';
import { rfc3339 } from '../../src/modules/payments/wechatpay/protocol.ts';
import { providerFor, sweepPlatformCertificates } from '../../src/modules/payments/provider.ts';
import { sandboxCertificateOf } from '../../src/modules/payments/sandbox/certificates.ts';
import { wechatpayPlatformCertificates } from '../../src/modules/payments/certificates-schema.ts';
import { cloneDatabase, signUp } from '../helpers.ts';
import { listen, newPayment } from './support.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const heard = listen();
let database: Awaited<ReturnType<typeof cloneDatabase>>;
let wechat: FastifyInstance; // plays api.mch.weixin.qq.com
let merchant: Awaited<ReturnType<typeof buildApp>>; // a Trio configured for "real" WeChat Pay
let certified: Awaited<ReturnType<typeof buildApp>>; // the same merchant with platform certificates only (no public key)
let dir: string;
const clock = manualClock(new Date());

beforeAll(async () => {
  database = await cloneDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'trio-wechatpay-'));
  const [wechatPort, merchantPort] = [await freePort(), await freePort()];
  const base = { ...process.env, TRIO_DATA_DIR: dir, LOG_LEVEL: 'silent' };
  wechat = (await buildApp({ database, clock, logger: false, config: loadConfig({ ...base, TRIO_PAYMENT_PROVIDER: 'sandbox', TRIO_PUBLIC_URL: `http://127.0.0.1:${wechatPort}` }) })).app;
  await wechat.listen({ port: wechatPort, host: '127.0.0.1' });
  const k = await sandboxKeysOf(database.db);
  writeFileSync(path.join(dir, 'apiclient_key.pem'), k.merchantPrivateKey);
  writeFileSync(path.join(dir, 'wechatpay_public.pem'), k.platformPublicKey);
  // The merchant's account: the same settings with WeChat Pay's own keys and base URL are a real one.
  const account = {
    ...base, TRIO_PAYMENT_PROVIDER: 'wechatpay', TRIO_PUBLIC_URL: `http://127.0.0.1:${merchantPort}`,
    WECHATPAY_MCHID: k.mchid, WECHATPAY_APPID: k.appid, WECHATPAY_MERCHANT_SERIAL: k.merchantSerial,
    WECHATPAY_MERCHANT_PRIVATE_KEY: path.join(dir, 'apiclient_key.pem'), WECHATPAY_APIV3_KEY: k.apiV3Key,
    WECHATPAY_BASE_URL: `http://127.0.0.1:${wechatPort}/sandbox/wechatpay`,
  };
  const publicKey = { WECHATPAY_PLATFORM_SERIAL: k.platformSerial, WECHATPAY_PLATFORM_PUBLIC_KEY: path.join(dir, 'wechatpay_public.pem') };
  merchant = await buildApp({ database, clock, logger: false, config: loadConfig({ ...account, ...publicKey }) });
  await merchant.app.listen({ port: merchantPort, host: '127.0.0.1' });
  certified = await buildApp({ database, clock, logger: false, config: loadConfig(account) });
});
afterAll(async () => {
  await certified?.app.close();
  await merchant?.app.close();
  await wechat?.close();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the wechatpay provider over HTTP', () => {
  it('prepays with fetch, takes the notification over HTTP, and verifies both', async () => {
    const buyer = await signUp(merchant.app, 'buyer');
    const paymentId = await newPayment({ ctx: merchant.ctx, clock }, buyer.userId, 2_468);
    const res = await merchant.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'jsapi', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ provider: 'wechatpay', method: 'jsapi', amount: 2_468 });
    expect(body.cashierUrl).toBeUndefined();
    expect(body.jsapi.package).toMatch(/^prepay_id=wx/);
    // The merchant's Trio has no sandbox; the buyer pays at "WeChat".
    expect((await merchant.app.inject({ method: 'GET', url: '/api/sandbox/cashier/x' })).statusCode).toBe(404);
    const paid = await wechat.inject({ method: 'POST', url: `/api/sandbox/cashier/${body.jsapi.package.slice('prepay_id='.length)}/pay` });
    expect(paid.json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
    const [p] = await database.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(p.state).toBe('paid');
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
  });

  it('the JSAPI openid is required with the real provider', async () => {
    const buyer = await signUp(merchant.app, 'buyer');
    const paymentId = await newPayment({ ctx: merchant.ctx, clock }, buyer.userId, 100);
    const res = await merchant.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'jsapi' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('openid_required');
    const native = await merchant.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'native' } });
    expect(native.json().codeUrl).toMatch(/^weixin:\/\//);
    await sandboxSettled(wechat);
  });

  it('missing settings stop the start with a clear message', () => {
    expect(() => wechatpayKeys(loadConfig({ TRIO_PAYMENT_PROVIDER: 'wechatpay', WECHATPAY_MCHID: '1900000109' }))).toThrow(/WECHATPAY_APPID, .*WECHATPAY_APIV3_KEY are not set/);
  });
});

describe('answers from the API are verified', () => {
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = {
    mchid: '1900000109', appid: 'wx8888888888888888', merchantSerial: 'M1', merchantPrivateKey: createPrivateKey(merchantKey.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    platform: [{ serial: 'P1', publicKey: createPublicKey(platform.publicKey.export({ type: 'spki', format: 'pem' })) }], apiV3Key: 'x'.repeat(32),
  };
  const answer = (status: number, body: string, signer = platform.privateKey, serial = 'P1') =>
    new WechatPayClient(keys, async () => ({ status, headers: signedHeaders({ serialNo: serial, privateKey: signer }, body, clock.now()), body }), { clock, maxAgeSeconds: 300 });

  it('a signed answer is read; an unsigned, foreign or tampered one is refused', async () => {
    const ok = answer(200, '{"prepay_id":"wx123"}');
    expect(await ok.prepay('jsapi', { description: 'd', out_trade_no: 'abcdef', notify_url: 'https://x.test/n', amount: { total: 1 }, payer: { openid: 'o' } })).toEqual({ prepay_id: 'wx123' });
    const foreign = answer(200, '{"prepay_id":"wx123"}', stranger.privateKey);
    await expect(foreign.prepay('native', { description: 'd', out_trade_no: 'abcdef', notify_url: 'https://x.test/n', amount: { total: 1 } })).rejects.toMatchObject({ code: 'UNTRUSTED_RESPONSE' });
    const serial = answer(200, '{"code_url":"weixin://x"}', platform.privateKey, 'P2');
    await expect(serial.close('abcdef')).rejects.toBeInstanceOf(WechatPayError);
    const unsigned = new WechatPayClient(keys, async () => ({ status: 200, headers: {}, body: '{"prepay_id":"wx1"}' }), { clock, maxAgeSeconds: 300 });
    await expect(unsigned.prepay('jsapi', { description: 'd', out_trade_no: 'abcdef', notify_url: 'https://x.test/n', amount: { total: 1 } })).rejects.toMatchObject({ code: 'UNTRUSTED_RESPONSE' });
  });

  it('an error answer becomes a WechatPayError with its code; a 404 query is null', async () => {
    const err = answer(400, '{"code":"PARAM_ERROR","message":"bad"}');
    await expect(err.refund({ out_trade_no: 'abcdef', out_refund_no: 'r1', amount: { refund: 1, total: 1, currency: 'CNY' } })).rejects.toMatchObject({ status: 400, code: 'PARAM_ERROR' });
    // Unsigned, as WeChat Pay's gateway answers some errors: the code is WeChat Pay's own, not UNTRUSTED_RESPONSE.
    const unsigned = new WechatPayClient(keys, async () => ({ status: 400, headers: {}, body: '{"code":"PARAM_ERROR","message":"out_trade_no is too long"}' }), { clock, maxAgeSeconds: 300 });
    await expect(unsigned.close('abcdef')).rejects.toMatchObject({ status: 400, code: 'PARAM_ERROR', detail: 'out_trade_no is too long', signed: false });
    const proxy = new WechatPayClient(keys, async () => ({ status: 502, headers: {}, body: '<html>Bad Gateway</html>' }), { clock, maxAgeSeconds: 300 });
    await expect(proxy.close('abcdef')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
    const missing = answer(404, '{"code":"ORDER_NOT_EXIST","message":"no"}');
    expect(await missing.queryByOutTradeNo('abcdef')).toBeNull();
    expect(await missing.queryRefund('r1')).toBeNull();
    // A 404 that is not WeChat Pay's (a proxy's page) is not "no such order": the payment must not look unpaid.
    const lost = new WechatPayClient(keys, async () => ({ status: 404, headers: {}, body: '<html>Not Found</html>' }), { clock, maxAgeSeconds: 300 });
    await expect(lost.queryByOutTradeNo('abcdef')).rejects.toMatchObject({ status: 404, code: 'HTTP_404' });
  });
});

/** A notification as WeChat Pay sends it (resource encrypted with the API v3 key), signed by this key and serial. */
async function closedNotification(signer: { serialNo: string; privateKey: string | KeyObject }) {
  const k = await sandboxKeysOf(database.db);
  const resource = { appid: k.appid, mchid: k.mchid, out_trade_no: 'T-closed-0001', trade_state: 'CLOSED' };
  const body = JSON.stringify({
    id: `EV-${Math.random().toString(36).slice(2)}`, create_time: rfc3339(clock.now()), resource_type: 'encrypt-resource', event_type: 'TRANSACTION.CLOSED',
    summary: 'closed', resource: encryptResource(JSON.stringify(resource), k.apiV3Key, 'transaction', 'transaction'),
  });
  return { headers: { 'content-type': 'application/json', ...signedHeaders(signer, body, clock.now()) }, payload: body };
}

describe('several platform keys at once', () => {
  const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificateKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const client = new WechatPayClient(
    { mchid: '1900000109', appid: 'wx8888888888888888', merchantSerial: 'M1', merchantPrivateKey: merchantKey, apiV3Key: 'x'.repeat(32),
      platform: [{ serial: 'PUB_KEY_ID_0114232134912410000000000000', publicKey: publicKey.publicKey }] },
    async () => { throw new Error('no calls here'); },
    { clock, maxAgeSeconds: 300, trust: { keys: async () => [{ serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', publicKey: certificateKey.publicKey }] } },
  );
  const signed = (serialNo: string, privateKey: KeyObject) => signedHeaders({ serialNo, privateKey }, '{"id":"EV-1"}', clock.now());

  it('a notification signed with the public key or with a certificate (serial in any case) verifies; an unknown serial does not', async () => {
    expect(await client.verify(signed('PUB_KEY_ID_0114232134912410000000000000', publicKey.privateKey), '{"id":"EV-1"}')).toEqual({ ok: true });
    expect(await client.verify(signed('5157F09EFDC096DE15EBE81A47057A7232F1B8E1', certificateKey.privateKey), '{"id":"EV-1"}')).toEqual({ ok: true });
    expect(await client.verify(signed('5157f09efdc096de15ebe81a47057a7232f1b8e1', certificateKey.privateKey), '{"id":"EV-1"}')).toEqual({ ok: true });
    expect(await client.verify(signed('pub_key_id_0114232134912410000000000000', publicKey.privateKey), '{"id":"EV-1"}')).toEqual({ ok: true });
    expect(await client.verify(signed('6157F09EFDC096DE15EBE81A47057A7232F1B8E1', certificateKey.privateKey), '{"id":"EV-1"}')).toEqual({ ok: false, reason: 'wrong_serial' });
    // A serial's key is its own: the certificate's serial with the public key's signature does not verify.
    expect(await client.verify(signed('5157F09EFDC096DE15EBE81A47057A7232F1B8E1', publicKey.privateKey), '{"id":"EV-1"}')).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('platform certificates downloaded from WeChat Pay', () => {
  it('with no public key set, the first use downloads the certificates (signed request through the base URL\'s path, decrypted with the API v3 key) and keeps them', async () => {
    const provider = await providerFor(certified.ctx);
    expect(provider.client.keys.platform).toEqual([]);
    const cert = await sandboxCertificateOf(database.db, clock.now());
    const rows = await database.db.select().from(wechatpayPlatformCertificates);
    expect(rows.map((r) => r.serialNo)).toEqual([cert.serialNo]);
    expect(rows[0].certificate).toBe(cert.certificate);
    expect(rows[0].mchid).toBe(provider.client.keys.mchid);
    // Nothing is due again until the refresh period has passed; then one sweep downloads again.
    expect(await sweepPlatformCertificates(certified.ctx)).toBe(0);
    clock.advance(61 * 60_000);
    expect(await sweepPlatformCertificates(certified.ctx)).toBe(1);
    expect(await sweepPlatformCertificates(certified.ctx)).toBe(0);
  });

  it('a notification signed with the downloaded certificate is taken, its serial in either case; an unknown serial or key is refused', async () => {
    const cert = await sandboxCertificateOf(database.db, clock.now());
    const notify = async (signer: { serialNo: string; privateKey: string | KeyObject }) =>
      (await certified.app.inject({ method: 'POST', url: '/payments/wechatpay/notify', ...(await closedNotification(signer)) })).statusCode;
    expect(await notify({ serialNo: cert.serialNo.toLowerCase(), privateKey: cert.privateKey })).toBe(204);
    expect(await notify({ serialNo: cert.serialNo.toUpperCase(), privateKey: cert.privateKey })).toBe(204);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(await notify({ serialNo: 'PUB_KEY_ID_0000000000000000000000000000', privateKey: stranger })).toBe(401);
    expect(await notify({ serialNo: cert.serialNo, privateKey: stranger })).toBe(401);
    // The merchant with the public key trusts that key, and not the certificate it never downloaded.
    const k = await sandboxKeysOf(database.db);
    expect((await merchant.app.inject({ method: 'POST', url: '/payments/wechatpay/notify', ...(await closedNotification({ serialNo: k.platformSerial, privateKey: k.platformPrivateKey })) })).statusCode).toBe(204);
    expect((await merchant.app.inject({ method: 'POST', url: '/payments/wechatpay/notify', ...(await closedNotification({ serialNo: cert.serialNo, privateKey: cert.privateKey })) })).statusCode).toBe(401);
  });
});

describe('a merchant that trusts downloaded certificates only', () => {
  it('prepays and is paid against a WeChat Pay that signs with its platform certificate (TRIO_SANDBOX_SIGN_WITH=certificate)', async () => {
    const [wechatPort, merchantPort] = [await freePort(), await freePort()];
    const base = { ...process.env, TRIO_DATA_DIR: dir, LOG_LEVEL: 'silent' };
    const signsWithCertificate = (await buildApp({ database, clock, logger: false, config: loadConfig({ ...base, TRIO_PAYMENT_PROVIDER: 'sandbox', TRIO_SANDBOX_SIGN_WITH: 'certificate', TRIO_PUBLIC_URL: `http://127.0.0.1:${wechatPort}` }) })).app;
    await signsWithCertificate.listen({ port: wechatPort, host: '127.0.0.1' });
    const k = await sandboxKeysOf(database.db);
    const account = {
      ...base, TRIO_PAYMENT_PROVIDER: 'wechatpay', TRIO_PUBLIC_URL: `http://127.0.0.1:${merchantPort}`,
      WECHATPAY_MCHID: k.mchid, WECHATPAY_APPID: k.appid, WECHATPAY_MERCHANT_SERIAL: k.merchantSerial,
      WECHATPAY_MERCHANT_PRIVATE_KEY: path.join(dir, 'apiclient_key.pem'), WECHATPAY_APIV3_KEY: k.apiV3Key,
      WECHATPAY_BASE_URL: `http://127.0.0.1:${wechatPort}/sandbox/wechatpay`,
    };
    const onlyCertificates = await buildApp({ database, clock, logger: false, config: loadConfig(account) });
    await onlyCertificates.app.listen({ port: merchantPort, host: '127.0.0.1' });
    try {
      const buyer = await signUp(onlyCertificates.app, 'buyer');
      const paymentId = await newPayment({ ctx: onlyCertificates.ctx, clock }, buyer.userId, 1_357);
      const res = await onlyCertificates.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'jsapi', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
      expect(res.statusCode, res.body).toBe(200);
      const prepayId = res.json().jsapi.package.slice('prepay_id='.length);
      // The notification is signed with the certificate's key too, and this merchant takes it.
      const paid = await signsWithCertificate.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayId}/pay` });
      expect(paid.json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
      const [p] = await database.db.select().from(payments).where(eq(payments.id, paymentId));
      expect(p.state).toBe('paid');
      // It could only have believed the answers through the certificate: it holds no public key.
      expect((await providerFor(onlyCertificates.ctx)).client.keys.platform).toEqual([]);
    } finally {
      await onlyCertificates.app.close();
      await signsWithCertificate.close();
    }
  });
});
