// A WeChat Pay API v3 client: signs every request with the merchant key, verifies every successful answer with a
// platform key it trusts (the WeChat Pay public key, platform certificates downloaded from /v3/certificates, or both
// while a merchant moves between them). Its HTTP transport is injected: fetch to api.mch.weixin.qq.com, or the
// in-process sandbox.
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../../../kernel/clock.ts';
import { decryptResource, type EncryptedResource } from './aead.ts';
import { authorization, encryptSensitive, jsapiPayParams, keyOfSerial, newNonce, readSignedHeaders, unixSeconds, verifySigned, type PlatformKey, type Verification } from './sign.ts';
import {
  certificatesAnswer, profitSharingOrder, receiverAdded, refund, returnOrder, transaction,
  type PrepayRequest, type ProfitSharingOrder, type ProfitSharingRequest, type ReceiverAddRequest, type Refund, type RefundRequest, type ReturnOrder, type ReturnOrderRequest, type Transaction,
} from './protocol.ts';

export type HttpRequest = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body: string };
export type HttpResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
/** Sends a request (url = the signed path and query, e.g. /v3/pay/transactions/jsapi) and returns the raw answer. */
export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

/**
 * The path a base URL puts before /v3/...: a base URL with a path (a forward proxy, https://proxy.example/wxpay)
 * is signed with that path, as the official SDKs sign the request URI they send.
 */
export function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** HTTP to the base URL's origin; the client gives the whole path (the base URL's path included). */
export function fetchTransport(baseUrl: string, timeoutMs = 10_000): Transport {
  const origin = new URL(baseUrl).origin;
  return async (req) => {
    const res = await fetch(`${origin}${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: req.method === 'GET' ? undefined : req.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    return { status: res.status, headers, body: await res.text() };
  };
}

export type MerchantKeys = {
  mchid: string;
  appid: string;
  merchantSerial: string;
  merchantPrivateKey: KeyObject;
  /** Platform keys given by the settings (the WeChat Pay public key); downloaded certificates come from `trust`. */
  platform: PlatformKey[];
  apiV3Key: string;
};

/** Platform keys trusted besides the configured ones, newest first (the downloaded platform certificates). */
export type TrustedKeys = {
  /** The keys; serial is the one an answer names, so a store can look again when it does not know it yet. */
  keys(serial?: string): Promise<PlatformKey[]>;
};

/** A platform certificate as downloaded from /v3/certificates and decrypted. */
export type PlatformCertificate = { serial: string; pem: string; effectiveAt: Date; expiresAt: Date };

/** An answer of WeChat Pay other than success, or one that could not be trusted. */
export class WechatPayError extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail: string, readonly signed?: boolean) {
    super(`WeChat Pay ${status} ${code}: ${detail}`);
  }
}

/** WeChat Pay's rate limit (429, FREQUENCY_LIMITED): the same call may succeed a little later. */
const rateLimited = (err: WechatPayError) => err.status === 429 || err.code === 'FREQUENCY_LIMITED';

/**
 * The provider could not be reached or is busy (5xx, rate limited): asking again later may succeed. A refusal (4xx) or
 * an answer that cannot be trusted is not this.
 */
export function providerUnavailable(err: unknown): boolean {
  if (!(err instanceof WechatPayError)) return true;
  return err.status >= 500 || rateLimited(err);
}

/** Whether the provider refused a call for good (a 4xx with its own code; rate limits and 5xx are tried again). */
export function refusedForGood(err: unknown): err is WechatPayError {
  return err instanceof WechatPayError && err.status >= 400 && err.status < 500 && !rateLimited(err) && !err.code.startsWith('HTTP_');
}

/** The {code, message} of an error answer; a body that is not one (a proxy's HTML page) gives HTTP_<status>. */
function errorOf(status: number, body: string): { code: string; message: string } {
  try {
    const e = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof e?.code === 'string') return { code: e.code, message: typeof e.message === 'string' ? e.message : 'no message' };
  } catch {
    // not JSON
  }
  return { code: `HTTP_${status}`, message: body.slice(0, 200) || 'no body' };
}

/** WeChat Pay's own "no such order/refund" (404 with its code); a proxy's bare 404 (HTTP_404) is an error, not an answer. */
function unknownToWechatPay(err: unknown) {
  return err instanceof WechatPayError && err.status === 404 && !err.code.startsWith('HTTP_');
}

export class WechatPayClient {
  private basePath: string;

  constructor(
    readonly keys: MerchantKeys,
    private transport: Transport,
    private opts: { clock: Clock; maxAgeSeconds: number; basePath?: string; trust?: TrustedKeys },
  ) {
    this.basePath = opts.basePath ?? '';
  }

  /** Every platform key trusted now: the configured ones, then the downloaded certificates. */
  async trusted(serial?: string): Promise<PlatformKey[]> {
    const known = serial === undefined ? undefined : keyOfSerial(this.keys.platform, serial);
    return [...this.keys.platform, ...(known || !this.opts.trust ? [] : await this.opts.trust.keys(serial))];
  }

  /** Verifies a response or notification against the platform keys trusted (any serial among them, in any case). */
  async verify(headers: HttpResponse['headers'], body: string): Promise<Verification> {
    const serial = readSignedHeaders(headers)?.serial;
    return verifySigned(await this.trusted(serial), headers, body, this.opts.clock.now(), this.opts.maxAgeSeconds);
  }

  decrypt(resource: EncryptedResource): string {
    return decryptResource(resource, this.keys.apiV3Key);
  }

  jsapiParams(prepayId: string) {
    return jsapiPayParams({ appid: this.keys.appid, privateKey: this.keys.merchantPrivateKey }, prepayId, this.opts.clock.now());
  }

  /** Sends a signed request; returns the raw answer, not yet checked. */
  private async send(method: 'GET' | 'POST', path: string, payload?: object): Promise<HttpResponse> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const url = `${this.basePath}${path}`;
    const auth = authorization(
      { mchid: this.keys.mchid, serialNo: this.keys.merchantSerial, privateKey: this.keys.merchantPrivateKey },
      { method, url, body, timestamp: unixSeconds(this.opts.clock.now()), nonce: newNonce() },
    );
    const headers: Record<string, string> = { authorization: auth, accept: 'application/json', 'user-agent': 'Trio/0.1 (+https://trio.dev)' };
    // The platform key the merchant expects answers to be signed with (and would encrypt sensitive fields to).
    const preferred = (await this.trusted())[0]?.serial;
    if (preferred) headers['wechatpay-serial'] = preferred;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return this.transport({ method, url, headers, body });
  }

  /**
   * An error answer (not 2xx) keeps WeChat Pay's own code whether or not it is signed, as the official SDKs check
   * signatures on successful answers only: its gateway answers some errors unsigned. A successful answer must verify.
   */
  private async check(res: HttpResponse, trusted?: PlatformKey[]): Promise<unknown> {
    if (res.status < 200 || res.status >= 300) {
      const e = errorOf(res.status, res.body);
      throw new WechatPayError(res.status, e.code, e.message, (await this.verify(res.headers, res.body)).ok);
    }
    const checked = trusted
      ? verifySigned(trusted, res.headers, res.body, this.opts.clock.now(), this.opts.maxAgeSeconds)
      : await this.verify(res.headers, res.body);
    if (!checked.ok) throw new WechatPayError(res.status, 'UNTRUSTED_RESPONSE', `the answer's signature does not verify (${checked.reason})`);
    if (!res.body) return undefined;
    try {
      return JSON.parse(res.body);
    } catch {
      throw new WechatPayError(res.status, 'MALFORMED_RESPONSE', 'the answer is not JSON');
    }
  }

  private async call(method: 'GET' | 'POST', path: string, payload?: object): Promise<{ status: number; data: unknown }> {
    const res = await this.send(method, path, payload);
    return { status: res.status, data: await this.check(res) };
  }

  /**
   * GET /v3/certificates: the platform certificates, decrypted with the API v3 key (which only WeChat Pay and the
   * merchant hold) and checked (serial, validity). The answer must verify with a key already trusted or with one of
   * the certificates it brings, as the official certificate downloaders do on the first download.
   */
  async downloadCertificates(): Promise<PlatformCertificate[]> {
    const res = await this.send('GET', '/v3/certificates');
    if (res.status < 200 || res.status >= 300) await this.check(res);
    let answer;
    try {
      answer = certificatesAnswer.parse(JSON.parse(res.body));
    } catch {
      throw new WechatPayError(res.status, 'MALFORMED_RESPONSE', 'the answer is not a list of certificates');
    }
    const now = this.opts.clock.now();
    const certificates = answer.data.map((c): PlatformCertificate => {
      let pem: string;
      let x509: X509Certificate;
      try {
        pem = decryptResource(c.encrypt_certificate, this.keys.apiV3Key);
        x509 = new X509Certificate(pem);
      } catch {
        throw new WechatPayError(res.status, 'UNTRUSTED_RESPONSE', `certificate ${c.serial_no} does not decrypt with the API v3 key`);
      }
      if (x509.serialNumber.toUpperCase() !== c.serial_no.toUpperCase()) {
        throw new WechatPayError(res.status, 'UNTRUSTED_RESPONSE', `certificate ${c.serial_no} carries serial ${x509.serialNumber}`);
      }
      return { serial: c.serial_no, pem, effectiveAt: new Date(c.effective_time), expiresAt: new Date(Math.min(Date.parse(c.expire_time), Date.parse(x509.validTo))) };
    }).filter((c) => c.expiresAt.getTime() > now.getTime());
    const brought = certificates.map((c) => ({ serial: c.serial, publicKey: new X509Certificate(c.pem).publicKey }));
    await this.check(res, [...(await this.trusted(readSignedHeaders(res.headers)?.serial)), ...brought]);
    return certificates;
  }

  private parse<T>(schema: z.ZodType<T>, status: number, data: unknown): T {
    const r = schema.safeParse(data);
    if (!r.success) throw new WechatPayError(status, 'MALFORMED_RESPONSE', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return r.data;
  }

  /** JSAPI (payer.openid required) or Native prepay: a prepay_id or a code_url. */
  async prepay(kind: 'jsapi' | 'native', req: Omit<PrepayRequest, 'appid' | 'mchid'>): Promise<{ prepay_id?: string; code_url?: string }> {
    const { status, data } = await this.call('POST', `/v3/pay/transactions/${kind}`, { appid: this.keys.appid, mchid: this.keys.mchid, ...req });
    const d = (data ?? {}) as { prepay_id?: unknown; code_url?: unknown };
    if (kind === 'jsapi' && typeof d.prepay_id !== 'string') throw new WechatPayError(status, 'MALFORMED_RESPONSE', 'no prepay_id');
    if (kind === 'native' && typeof d.code_url !== 'string') throw new WechatPayError(status, 'MALFORMED_RESPONSE', 'no code_url');
    return d as { prepay_id?: string; code_url?: string };
  }

  /** The transaction by our out_trade_no; null when WeChat Pay does not know it. */
  async queryByOutTradeNo(outTradeNo: string): Promise<Transaction | null> {
    try {
      const { status, data } = await this.call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.keys.mchid)}`);
      return this.parse(transaction, status, data);
    } catch (err) {
      if (unknownToWechatPay(err)) return null;
      throw err;
    }
  }

  async close(outTradeNo: string): Promise<void> {
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.keys.mchid });
  }

  async refund(req: RefundRequest): Promise<Refund> {
    const { status, data } = await this.call('POST', '/v3/refund/domestic/refunds', req);
    return this.parse(refund, status, data);
  }

  /** The refund by our out_refund_no; null when WeChat Pay does not know it. */
  async queryRefund(outRefundNo: string): Promise<Refund | null> {
    try {
      const { status, data } = await this.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
      return this.parse(refund, status, data);
    } catch (err) {
      if (unknownToWechatPay(err)) return null;
      throw err;
    }
  }

  /**
   * POST /v3/profitsharing/receivers/add: a receiver the merchant may share to. The name goes encrypted with the
   * platform key the request names in Wechatpay-Serial (the first trusted one). Adding one already added is a success.
   */
  async addReceiver(req: Omit<ReceiverAddRequest, 'appid'>): Promise<void> {
    const key = (await this.trusted())[0];
    if (req.name && !key) throw new WechatPayError(0, 'NO_PLATFORM_KEY', 'no platform key to encrypt the receiver name with');
    const name = req.name ? encryptSensitive(key.publicKey, req.name) : undefined;
    const { status, data } = await this.call('POST', '/v3/profitsharing/receivers/add', { appid: this.keys.appid, ...req, ...(name ? { name } : {}) });
    this.parse(receiverAdded, status, data);
  }

  /** POST /v3/profitsharing/orders: shares part of a paid transaction to receivers added before. */
  async shareProfit(req: Omit<ProfitSharingRequest, 'appid'>): Promise<ProfitSharingOrder> {
    const { status, data } = await this.call('POST', '/v3/profitsharing/orders', { appid: this.keys.appid, ...req });
    return this.parse(profitSharingOrder, status, data);
  }

  /** GET /v3/profitsharing/orders/{out_order_no}?transaction_id=...; null when WeChat Pay does not know it. */
  async queryProfitSharing(outOrderNo: string, transactionId: string): Promise<ProfitSharingOrder | null> {
    try {
      const { status, data } = await this.call('GET', `/v3/profitsharing/orders/${encodeURIComponent(outOrderNo)}?transaction_id=${encodeURIComponent(transactionId)}`);
      return this.parse(profitSharingOrder, status, data);
    } catch (err) {
      if (unknownToWechatPay(err)) return null;
      throw err;
    }
  }

  /** POST /v3/profitsharing/return-orders: takes back from a merchant receiver what a profit-sharing order gave it. */
  async returnProfit(req: ReturnOrderRequest): Promise<ReturnOrder> {
    const { status, data } = await this.call('POST', '/v3/profitsharing/return-orders', req);
    return this.parse(returnOrder, status, data);
  }

  /** GET /v3/profitsharing/return-orders/{out_return_no}?out_order_no=...; null when WeChat Pay does not know it. */
  async queryReturn(outReturnNo: string, outOrderNo: string): Promise<ReturnOrder | null> {
    try {
      const { status, data } = await this.call('GET', `/v3/profitsharing/return-orders/${encodeURIComponent(outReturnNo)}?out_order_no=${encodeURIComponent(outOrderNo)}`);
      return this.parse(returnOrder, status, data);
    } catch (err) {
      if (unknownToWechatPay(err)) return null;
      throw err;
    }
  }
}
