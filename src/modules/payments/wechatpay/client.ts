// A WeChat Pay API v3 client: signs every request with the merchant key, verifies every answer with the platform
// key. Its HTTP transport is injected: fetch to api.mch.weixin.qq.com, or the in-process sandbox.
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../../../kernel/clock.ts';
import { decryptResource, type EncryptedResource } from './aead.ts';
import { authorization, jsapiPayParams, newNonce, unixSeconds, verifySigned, type Verification } from './sign.ts';
import { refund, transaction, type PrepayRequest, type Refund, type RefundRequest, type Transaction } from './protocol.ts';

export type HttpRequest = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body: string };
export type HttpResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
/** Sends a request (url = path and query, e.g. /v3/pay/transactions/jsapi) and returns the raw answer. */
export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export function fetchTransport(baseUrl: string, timeoutMs = 10_000): Transport {
  return async (req) => {
    const res = await fetch(`${baseUrl}${req.url}`, {
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
  platformSerial: string;
  platformPublicKey: KeyObject;
  apiV3Key: string;
};

/** An answer of WeChat Pay other than success, or one that could not be trusted. */
export class WechatPayError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
  }
}

export class WechatPayClient {
  constructor(
    readonly keys: MerchantKeys,
    private transport: Transport,
    private opts: { clock: Clock; maxAgeSeconds: number },
  ) {}

  /** Verifies a response or notification against the configured platform key. */
  verify(headers: HttpResponse['headers'], body: string): Verification {
    return verifySigned({ serial: this.keys.platformSerial, publicKey: this.keys.platformPublicKey }, headers, body, this.opts.clock.now(), this.opts.maxAgeSeconds);
  }

  decrypt(resource: EncryptedResource): string {
    return decryptResource(resource, this.keys.apiV3Key);
  }

  jsapiParams(prepayId: string) {
    return jsapiPayParams({ appid: this.keys.appid, privateKey: this.keys.merchantPrivateKey }, prepayId, this.opts.clock.now());
  }

  private async call(method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; data: unknown }> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const auth = authorization(
      { mchid: this.keys.mchid, serialNo: this.keys.merchantSerial, privateKey: this.keys.merchantPrivateKey },
      { method, url, body, timestamp: unixSeconds(this.opts.clock.now()), nonce: newNonce() },
    );
    const headers: Record<string, string> = {
      authorization: auth,
      accept: 'application/json',
      'user-agent': 'Trio/0.1 (+https://trio.dev)',
      'wechatpay-serial': this.keys.platformSerial,
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const res = await this.transport({ method, url, headers, body });
    const checked = this.verify(res.headers, res.body);
    if (!checked.ok) throw new WechatPayError(res.status, 'UNTRUSTED_RESPONSE', `the answer's signature does not verify (${checked.reason})`);
    let data: unknown = undefined;
    if (res.body) {
      try {
        data = JSON.parse(res.body);
      } catch {
        throw new WechatPayError(res.status, 'MALFORMED_RESPONSE', 'the answer is not JSON');
      }
    }
    if (res.status >= 300) {
      const e = (data ?? {}) as { code?: string; message?: string };
      throw new WechatPayError(res.status, e.code ?? 'UNKNOWN', e.message ?? 'no message');
    }
    return { status: res.status, data };
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
      if (err instanceof WechatPayError && err.status === 404) return null;
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
      if (err instanceof WechatPayError && err.status === 404) return null;
      throw err;
    }
  }
}
