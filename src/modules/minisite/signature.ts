// How a mini-site and Trio sign what they send each other (requests of a mini-site's server to Trio, order notices
// from Trio to the mini-site's callback URL). Pure functions, no I/O.
//
//   key        = SHA-256(app secret), hex (what Trio keeps as mini_sites.secret_hash)
//   string     = METHOD \n PATH(with query) \n TIMESTAMP(unix seconds) \n NONCE \n BODY(raw bytes as sent, '' if none) \n
//   signature  = base64(HMAC-SHA256(key, string))
//   headers    = Trio-App-Id, Trio-Timestamp, Trio-Nonce, Trio-Signature
//
// A request older or newer than SIGNATURE_WINDOW_SECONDS is stale; a nonce seen before in that window is a replay
// (the receiver keeps nonces for the window).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = { appId: 'trio-app-id', timestamp: 'trio-timestamp', nonce: 'trio-nonce', signature: 'trio-signature' } as const;
/** How far a signed message's timestamp may be from the receiver's clock. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignedParts = { method: string; path: string; timestamp: string; nonce: string; body: string | Buffer };

/** A new app id: `ms_` and 16 hex characters (public). */
export function newAppId(): string {
  return `ms_${randomBytes(8).toString('hex')}`;
}

/** A new app secret (shown once): 32 random bytes, base64url. */
export function newAppSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What Trio keeps of a secret, and the HMAC key of both directions. */
export function secretKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function signingString(p: SignedParts): Buffer {
  const head = `${p.method.toUpperCase()}\n${p.path}\n${p.timestamp}\n${p.nonce}\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), typeof p.body === 'string' ? Buffer.from(p.body, 'utf8') : p.body, Buffer.from('\n')]);
}

export function sign(key: string, p: SignedParts): string {
  return createHmac('sha256', key).update(signingString(p)).digest('base64');
}

/** True when the signature is the one `key` makes over these parts (constant time). */
export function signatureMatches(key: string, p: SignedParts, signature: string): boolean {
  const want = Buffer.from(sign(key, p), 'base64');
  let got: Buffer;
  try {
    got = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  return got.length === want.length && timingSafeEqual(got, want);
}

/** True when the timestamp (unix seconds, digits only) is within the window of `now`. */
export function timestampFresh(timestamp: string, now: Date, windowSeconds = SIGNATURE_WINDOW_SECONDS): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= windowSeconds;
}

/** Headers for a message to send: a fresh nonce and the current time. */
export function signedHeaders(appId: string, key: string, p: Omit<SignedParts, 'timestamp' | 'nonce'>, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    [SIGNATURE_HEADERS.appId]: appId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: sign(key, { ...p, timestamp, nonce }),
  };
}
