// The payment provider behind Trio's payments: a WeChat Pay API v3 client, talking either to WeChat Pay itself or
// to the in-process sandbox (same client, the sandbox's keys, app.inject as transport). One per app.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../kernel/context.ts';
import { fetchTransport, WechatPayClient, type MerchantKeys, type Transport } from './wechatpay/client.ts';
import { sandboxKeysOf } from './sandbox/keys.ts';

export type ProviderName = 'sandbox' | 'wechatpay';

/** What the payments service asks of a provider (WeChat Pay API v3 calls and the checks of its answers). */
export type PaymentClient = Pick<
  WechatPayClient,
  'keys' | 'prepay' | 'queryByOutTradeNo' | 'close' | 'refund' | 'queryRefund' | 'verify' | 'decrypt' | 'jsapiParams'
>;

export type PaymentProvider = {
  name: ProviderName;
  client: PaymentClient;
  /** Web path of the sandbox cashier for a prepay (sandbox only). */
  cashierUrl(prepay: { prepayId: string | null; codeUrl: string | null }): string | undefined;
};

/** Where the sandbox's stand-in for api.mch.weixin.qq.com is mounted. */
export const SANDBOX_PREFIX = '/sandbox/wechatpay';
export const NOTIFY_PATH = '/payments/wechatpay/notify';

export function notifyUrl(config: Config) {
  return `${config.publicUrl}${NOTIFY_PATH}`;
}

/** The merchant's keys from the WECHATPAY_* settings (PEM files); a clear error names what is missing. */
export function wechatpayKeys(config: Config): MerchantKeys {
  const w = config.wechatpay;
  const required: [string, string][] = [
    ['WECHATPAY_MCHID', w.mchid], ['WECHATPAY_APPID', w.appid], ['WECHATPAY_MERCHANT_SERIAL', w.merchantSerial],
    ['WECHATPAY_MERCHANT_PRIVATE_KEY', w.merchantPrivateKeyPath], ['WECHATPAY_PLATFORM_SERIAL', w.platformSerial],
    ['WECHATPAY_PLATFORM_PUBLIC_KEY', w.platformPublicKeyPath], ['WECHATPAY_APIV3_KEY', w.apiV3Key],
  ];
  const missing = required.filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw new Error(`WeChat Pay is the payment provider but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
  if (Buffer.byteLength(w.apiV3Key, 'utf8') !== 32) throw new Error('WECHATPAY_APIV3_KEY must be 32 bytes');
  return {
    mchid: w.mchid,
    appid: w.appid,
    merchantSerial: w.merchantSerial,
    merchantPrivateKey: createPrivateKey(readFileSync(w.merchantPrivateKeyPath)),
    platformSerial: w.platformSerial,
    // A public key PEM (WeChat Pay public key) or the platform certificate PEM.
    platformPublicKey: createPublicKey(readFileSync(w.platformPublicKeyPath)),
    apiV3Key: w.apiV3Key,
  };
}

function injectTransport(app: FastifyInstance): Transport {
  return async (req) => {
    const res = await app.inject({ method: req.method, url: `${SANDBOX_PREFIX}${req.url}`, headers: req.headers, payload: req.method === 'GET' ? undefined : req.body });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v);
    return { status: res.statusCode, headers, body: res.body };
  };
}

async function build(app: FastifyInstance, ctx: Ctx): Promise<PaymentProvider> {
  const opts = { clock: ctx.clock, maxAgeSeconds: ctx.config.notificationMaxAgeSeconds };
  if (ctx.config.paymentProvider === 'wechatpay') {
    const client = new WechatPayClient(wechatpayKeys(ctx.config), fetchTransport(ctx.config.wechatpay.baseUrl), opts);
    return { name: 'wechatpay', client, cashierUrl: () => undefined };
  }
  const k = await sandboxKeysOf(ctx.db);
  const keys: MerchantKeys = {
    mchid: k.mchid, appid: k.appid, merchantSerial: k.merchantSerial, merchantPrivateKey: createPrivateKey(k.merchantPrivateKey),
    platformSerial: k.platformSerial, platformPublicKey: createPublicKey(k.platformPublicKey), apiV3Key: k.apiV3Key,
  };
  return { name: 'sandbox', client: new WechatPayClient(keys, injectTransport(app), opts), cashierUrl: sandboxCashierUrl };
}

/** The sandbox's Native code_url carries its prepay id: weixin://wxpay/bizpayurl?pr=<prepay_id>. */
export function sandboxCodeUrl(prepayId: string) {
  return `weixin://wxpay/bizpayurl?pr=${prepayId}`;
}

function sandboxCashierUrl(prepay: { prepayId: string | null; codeUrl: string | null }) {
  const id = prepay.prepayId ?? (prepay.codeUrl ? new URL(prepay.codeUrl).searchParams.get('pr') : null);
  return id ? `/sandbox/cashier/${id}` : undefined;
}

type Installed = { ctx: Ctx; app: FastifyInstance; provider?: Promise<PaymentProvider> };
const installed: Installed[] = [];

/** Makes this app's provider available to the payments service (paymentRoutes calls it). */
export function installProvider(app: FastifyInstance, ctx: Ctx) {
  if (ctx.config.paymentProvider === 'wechatpay') wechatpayKeys(ctx.config); // fail at start, not at the first payment
  const entry: Installed = { ctx, app };
  installed.push(entry);
  app.addHook('onClose', async () => {
    installed.splice(installed.indexOf(entry), 1);
  });
}

function entryFor(ctx?: Pick<Ctx, 'config'>): Installed {
  const latest = [...installed].reverse();
  const entry = latest.find((e) => e.ctx === ctx) ?? latest.find((e) => e.ctx.config === ctx?.config) ?? latest[0];
  if (!entry) throw new Error('no payment provider: paymentRoutes(app, ctx) was not called');
  return entry;
}

/** The provider of the app this ctx belongs to (or of the latest app, for calls that only hold a transaction). */
export function providerFor(ctx?: Pick<Ctx, 'config'>): Promise<PaymentProvider> {
  const entry = entryFor(ctx);
  entry.provider ??= build(entry.app, entry.ctx).catch((err) => {
    entry.provider = undefined;
    throw err;
  });
  return entry.provider;
}

export function paymentsLog(ctx?: Pick<Ctx, 'config'>): FastifyBaseLogger {
  return entryFor(ctx).app.log;
}
