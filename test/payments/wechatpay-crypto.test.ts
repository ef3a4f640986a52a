// WeChat Pay v3 signatures and AEAD_AES_256_GCM, against vectors built here with Node's crypto.
import { createCipheriv, createPrivateKey, createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptResource, encryptResource } from '../../src/modules/payments/wechatpay/aead.ts';
import {
  authorization, jsapiPayParams, parseAuthorization, requestMessage, rsaSign, signedHeaders, verifySigned,
} from '../../src/modules/payments/wechatpay/sign.ts';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = pair();
const platform = pair();
const stranger = pair();
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const now = new Date('2026-11-01T08:00:00Z');
const ts = String(now.getTime() / 1000);

function verifyWithNode(publicKey: ReturnType<typeof pair>['publicKey'], message: string, signature: string) {
  return createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');
}

/** A notification signed as WeChat Pay signs it, built by hand (not with the code under test). */
function signedByHand(body: string, opts: { key?: ReturnType<typeof pair>['privateKey']; serial?: string; timestamp?: string } = {}) {
  const timestamp = opts.timestamp ?? ts;
  const nonce = 'fdasflkja484w';
  const signature = rsaSign(opts.key ?? platform.privateKey, `${timestamp}\n${nonce}\n${body}\n`);
  return { 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': opts.serial ?? SERIAL };
}

const check = (headers: Record<string, string>, body: string, at = now) => verifySigned({ serial: SERIAL, publicKey: platform.publicKey }, headers, body, at, 300);

describe('request signature (Authorization: WECHATPAY2-SHA256-RSA2048)', () => {
  it('signs METHOD\\nURL\\ntimestamp\\nnonce\\nbody\\n with the merchant key, and names mchid, nonce, timestamp and serial', () => {
    const body = '{"appid":"wxd678efh567hg6787","mchid":"1230000109"}';
    const header = authorization(
      { mchid: '1230000109', serialNo: SERIAL, privateKey: merchant.privateKey },
      { method: 'POST', url: '/v3/pay/transactions/jsapi', body, timestamp: '1554208460', nonce: '593BEC0C930BF1AFEB40B4A08C8FB242' },
    );
    expect(header).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1230000109",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="[A-Za-z0-9+/=]+",timestamp="1554208460",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"$/);
    const parts = parseAuthorization(header)!;
    const message = 'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n' + body + '\n';
    expect(requestMessage('POST', '/v3/pay/transactions/jsapi', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', body)).toBe(message);
    expect(verifyWithNode(merchant.publicKey, message, parts.signature)).toBe(true);
    // A GET signs an empty body line; the query string is part of the URL.
    const get = parseAuthorization(authorization({ mchid: '1', serialNo: SERIAL, privateKey: merchant.privateKey }, { method: 'GET', url: '/v3/pay/transactions/out-trade-no/abc123?mchid=1', body: '', timestamp: '1', nonce: 'n' }))!;
    expect(verifyWithNode(merchant.publicKey, 'GET\n/v3/pay/transactions/out-trade-no/abc123?mchid=1\n1\nn\n\n', get.signature)).toBe(true);
  });

  it('parses only WeChat Pay v3 headers', () => {
    expect(parseAuthorization('Bearer abc')).toBeUndefined();
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n"')).toBeUndefined();
    expect(parseAuthorization(undefined)).toBeUndefined();
  });
});

describe('response and notification verification', () => {
  const body = '{"id":"EV-2018022511223320873","event_type":"TRANSACTION.SUCCESS"}';

  it('accepts a body signed with the platform key over timestamp\\nnonce\\nbody\\n', () => {
    expect(check(signedByHand(body), body)).toEqual({ ok: true });
    // Header names in any case; what the sandbox signs verifies the same way.
    const lower = signedHeaders({ serialNo: SERIAL, privateKey: platform.privateKey }, body, now);
    expect(check(lower, body)).toEqual({ ok: true });
    expect(check(signedHeaders({ serialNo: SERIAL, privateKey: platform.privateKey }, '', now), '')).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(check(signedByHand(body), body.replace('SUCCESS', 'SUCCESS '))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signature made with another key', () => {
    expect(check(signedByHand(body, { key: stranger.privateKey }), body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(signedByHand(body, { key: merchant.privateKey }), body)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a serial other than the configured platform serial', () => {
    expect(check(signedByHand(body, { serial: 'PUB_KEY_ID_0000000000000000000000000000' }), body)).toEqual({ ok: false, reason: 'wrong_serial' });
  });

  it('refuses timestamps older or newer than the allowed age, and accepts them within it', () => {
    expect(check(signedByHand(body, { timestamp: String(Number(ts) - 301) }), body)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(signedByHand(body, { timestamp: String(Number(ts) + 301) }), body)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(signedByHand(body, { timestamp: String(Number(ts) - 299) }), body)).toEqual({ ok: true });
    expect(check(signedByHand(body, { timestamp: 'soon' }), body)).toEqual({ ok: false, reason: 'stale_timestamp' });
    // The same notification, replayed six minutes later.
    expect(check(signedByHand(body), body, new Date(now.getTime() + 360_000))).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('refuses WeChat Pay\'s signature probes (WECHATPAY/SIGNTEST/...)', () => {
    const h = { ...signedByHand(body), 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/abcdef' };
    expect(check(h, body)).toEqual({ ok: false, reason: 'signature_test' });
  });

  it('refuses a message without its Wechatpay-* headers', () => {
    const { 'Wechatpay-Nonce': _n, ...rest } = signedByHand(body);
    expect(check(rest, body)).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('takes the platform key as a PEM text or a key object', () => {
    const pem = platform.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(verifySigned({ serial: SERIAL, publicKey: createPublicKey(pem) }, signedByHand(body), body, now, 300)).toEqual({ ok: true });
    expect(verifySigned({ serial: SERIAL, publicKey: pem }, signedByHand(body), body, now, 300)).toEqual({ ok: true });
  });
});

describe('resource decryption (AEAD_AES_256_GCM)', () => {
  const plaintext = JSON.stringify({ mchid: '1230000109', out_trade_no: '1217752501201407033233368018', trade_state: 'SUCCESS', amount: { total: 100, currency: 'CNY' } });

  /** Encrypted by hand: key = the API v3 key's bytes, 12-character nonce, associated data, ciphertext || tag in base64. */
  function byHand(text: string, nonce = 'fdasflkja484', aad = 'transaction') {
    const c = createCipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from(nonce));
    c.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([c.update(text, 'utf8'), c.final(), c.getAuthTag()]);
    return { algorithm: 'AEAD_AES_256_GCM', ciphertext: ct.toString('base64'), associated_data: aad, nonce, original_type: 'transaction' };
  }

  it('decrypts a resource encrypted with the API v3 key', () => {
    expect(decryptResource(byHand(plaintext), API_V3_KEY)).toBe(plaintext);
    expect(decryptResource(byHand('退款成功 ✓'), API_V3_KEY)).toBe('退款成功 ✓');
    // And what the sandbox encrypts decrypts the same way.
    expect(decryptResource(encryptResource(plaintext, API_V3_KEY, 'refund', 'refund'), API_V3_KEY)).toBe(plaintext);
  });

  it('refuses a tampered tag, ciphertext, nonce or associated data, and a wrong key', () => {
    const good = byHand(plaintext);
    const bytes = Buffer.from(good.ciphertext, 'base64');
    const flip = (i: number) => { const b = Buffer.from(bytes); b[i] ^= 1; return b.toString('base64'); };
    expect(() => decryptResource({ ...good, ciphertext: flip(bytes.length - 1) }, API_V3_KEY)).toThrow();
    expect(() => decryptResource({ ...good, ciphertext: flip(0) }, API_V3_KEY)).toThrow();
    expect(() => decryptResource({ ...good, nonce: 'fdasflkja485' }, API_V3_KEY)).toThrow();
    expect(() => decryptResource({ ...good, associated_data: 'refund' }, API_V3_KEY)).toThrow();
    expect(() => decryptResource(good, 'ZbCdEfGhIjKlMnOpQrStUvWxYz012345')).toThrow();
    expect(() => decryptResource({ ...good, algorithm: 'AEAD_AES_128_GCM' }, API_V3_KEY)).toThrow(/algorithm/);
    expect(() => decryptResource({ ...good, ciphertext: 'AAAA' }, API_V3_KEY)).toThrow();
  });

  it('wants a 32-byte API v3 key', () => {
    expect(() => decryptResource(byHand(plaintext), 'short')).toThrow(RangeError);
  });
});

describe('JSAPI pay sign', () => {
  it('signs appId\\ntimeStamp\\nnonceStr\\npackage\\n with the merchant key; signType RSA', () => {
    const p = jsapiPayParams({ appid: 'wx8888888888888888', privateKey: createPrivateKey(merchant.privateKey.export({ type: 'pkcs8', format: 'pem' })) }, 'wx201410272009395522657a690389285100', now, '5K8264ILTKCH16CQ2502SI8ZNMTM67VS');
    expect(p).toMatchObject({ appId: 'wx8888888888888888', timeStamp: ts, nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' });
    expect(verifyWithNode(merchant.publicKey, `wx8888888888888888\n${ts}\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n`, p.paySign)).toBe(true);
  });
});
