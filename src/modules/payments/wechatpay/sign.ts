// WeChat Pay API v3 signatures (pure, Node's crypto only): the merchant signs requests and JSAPI pay parameters
// with its private key (SHA256withRSA); WeChat Pay signs responses and notifications with its platform key.
import { constants, createSign, createVerify, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** A nonce of 32 upper-case hex characters, as WeChat Pay's own examples. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export function unixSeconds(now: Date): string {
  return String(Math.floor(now.getTime() / 1000));
}

/** SHA256withRSA (PKCS#1 v1.5) of the message, base64. */
export function rsaSign(privateKey: KeyObject | string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function rsaVerify(publicKey: KeyObject | string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** What a request signature covers: method, URL (path and query), timestamp, nonce and body, each followed by \n. */
export function requestMessage(method: string, url: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** What a response or notification signature covers. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export type MerchantSigner = { mchid: string; serialNo: string; privateKey: KeyObject | string };

/** The Authorization header of a request to WeChat Pay. */
export function authorization(
  signer: MerchantSigner,
  req: { method: string; url: string; body: string; timestamp: string; nonce: string },
): string {
  const signature = rsaSign(signer.privateKey, requestMessage(req.method, req.url, req.timestamp, req.nonce, req.body));
  return `${AUTH_SCHEMA} mchid="${signer.mchid}",nonce_str="${req.nonce}",signature="${signature}",timestamp="${req.timestamp}",serial_no="${signer.serialNo}"`;
}

export type AuthorizationParts = { mchid: string; nonce_str: string; signature: string; timestamp: string; serial_no: string };

/** Reads an Authorization header back (the sandbox's side); undefined when it is not a WeChat Pay v3 one. */
export function parseAuthorization(header: string | undefined): AuthorizationParts | undefined {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return undefined;
  const parts: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) parts[m[1]] = m[2];
  const { mchid, nonce_str, signature, timestamp, serial_no } = parts;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return undefined;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** Headers WeChat Pay puts on a signed response or notification. */
export type SignedHeaders = { timestamp: string; nonce: string; signature: string; serial: string };

export function signedHeaders(signer: { serialNo: string; privateKey: KeyObject | string }, body: string, now: Date): Record<string, string> {
  const timestamp = unixSeconds(now);
  const nonce = newNonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': rsaSign(signer.privateKey, responseMessage(timestamp, nonce, body)),
    'wechatpay-serial': signer.serialNo,
    'wechatpay-signature-type': AUTH_SCHEMA,
  };
}

/** The Wechatpay-* headers of a response or notification, whatever their case; undefined when one is missing. */
export function readSignedHeaders(headers: Record<string, string | string[] | undefined>): SignedHeaders | undefined {
  const get = (name: string) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : headers[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = get('wechatpay-timestamp');
  const nonce = get('wechatpay-nonce');
  const signature = get('wechatpay-signature');
  const serial = get('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return undefined;
  return { timestamp, nonce, signature, serial };
}

export type VerifyFailure = 'missing_headers' | 'signature_test' | 'wrong_serial' | 'stale_timestamp' | 'bad_signature';
export type Verification = { ok: true } | { ok: false; reason: VerifyFailure };

/** A key WeChat Pay signs with: a platform certificate's (serial = the certificate's serial number) or the WeChat Pay public key (serial = its id, PUB_KEY_ID_...). */
export type PlatformKey = { serial: string; publicKey: KeyObject | string };

/** The key of this serial among those trusted; serials are compared without regard to case (hex may come either way). */
export function keyOfSerial(trusted: PlatformKey[], serial: string): PlatformKey | undefined {
  const wanted = serial.toUpperCase();
  return trusted.find((k) => k.serial.toUpperCase() === wanted);
}

/**
 * Checks a response or notification from WeChat Pay: the serial names one of the trusted keys (a merchant moving
 * from platform certificates to the WeChat Pay public key is signed with either for a while), the timestamp is
 * within maxAgeSeconds of now (either way), the signature is not one of WeChat Pay's probes (WECHATPAY/SIGNTEST/...),
 * and it verifies over timestamp\nnonce\nbody\n with that serial's key.
 */
export function verifySigned(
  platform: PlatformKey | PlatformKey[],
  headers: Record<string, string | string[] | undefined>,
  body: string,
  now: Date,
  maxAgeSeconds: number,
): Verification {
  const h = readSignedHeaders(headers);
  if (!h) return { ok: false, reason: 'missing_headers' };
  if (h.signature.startsWith('WECHATPAY/SIGNTEST/')) return { ok: false, reason: 'signature_test' };
  const key = keyOfSerial(Array.isArray(platform) ? platform : [platform], h.serial);
  if (!key) return { ok: false, reason: 'wrong_serial' };
  const ts = Number(h.timestamp);
  if (!/^\d{1,12}$/.test(h.timestamp) || Math.abs(now.getTime() / 1000 - ts) > maxAgeSeconds) return { ok: false, reason: 'stale_timestamp' };
  if (!rsaVerify(key.publicKey, responseMessage(h.timestamp, h.nonce, body), h.signature)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}

/** The parameters of wx.requestPayment / WeixinJSBridge for a JSAPI prepay, signed with the merchant key. */
export function jsapiPayParams(merchant: { appid: string; privateKey: KeyObject | string }, prepayId: string, now: Date, nonce = newNonce()) {
  const timeStamp = unixSeconds(now);
  const pkg = `prepay_id=${prepayId}`;
  const paySign = rsaSign(merchant.privateKey, `${merchant.appid}\n${timeStamp}\n${nonce}\n${pkg}\n`);
  return { appId: merchant.appid, timeStamp, nonceStr: nonce, package: pkg, signType: 'RSA' as const, paySign };
}

/**
 * A sensitive field (a receiver's name) encrypted for WeChat Pay with a platform public key: RSAES-OAEP with SHA-1
 * and MGF1 (RSA/ECB/OAEPWithSHA-1AndMGF1Padding, as the official SDKs), base64. The request names that key's serial
 * in its Wechatpay-Serial header.
 */
export function encryptSensitive(publicKey: KeyObject | string, plaintext: string): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext, 'utf8')).toString('base64');
}

/** WeChat Pay's side of encryptSensitive (the sandbox's): undefined when it does not decrypt with this key. */
export function decryptSensitive(privateKey: KeyObject | string, ciphertext: string): string | undefined {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64')).toString('utf8');
  } catch {
    return undefined;
  }
}
