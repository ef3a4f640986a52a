// The payment provider behind Trio's payments: a WeChat Pay API v3 client, talking either to WeChat Pay itself or
// to the in-process sandbox (same client, the sandbox's keys, app.inject as transport). One per app.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../kernel/context.ts';
import { basePathOf, fetchTransport, WechatPayClient, type MerchantKeys, type Transport } from './wechatpay/client.ts';
import type { PlatformKey } from './wechatpay/sign.ts';
import { sandboxKeysOf } from './sandbox/keys.ts';
import { certificateTrust, downloadCertificates, refreshWhenDue, type CertificateTrust } from './platform-certificates.ts';

export type ProviderName = 'sandbox' | 'wechatpay';

/** What the payments service asks of a provider (WeChat Pay API v3 calls and the checks of its answers). */
export type PaymentClient = Pick<
  WechatPayClient,
  'keys' | 'prepay' | 'queryByOutTradeNo' | 'close' | 'refund' | 'queryRefund' | 'verify' | 'decrypt' | 'jsapiParams' | 'downloadCertificates'
  | 'addReceiver' | 'shareProfit' | 'queryProfitSharing' | 'returnProfit' | 'queryReturn'
>;

export type PaymentProvider = {
  name: ProviderName;
  client: PaymentClient;
  /** The downloaded platform certificates the client trusts (WECHATPAY_PLATFORM_CERTIFICATES=download). */
  certificates?: CertificateTrust;
  /** Web path of the sandbox cashier for a prepay (sandbox only). */
  cashierUrl(prepay: { prepayId: string | null; codeUrl: string | null }): string | undefined;
};

/** Where the sandbox's stand-in for api.mch.weixin.qq.com is mounted. */
export const SANDBOX_PREFIX = '/sandbox/wechatpay';
export const NOTIFY_PATH = '/payments/wechatpay/notify';

export function notifyUrl(config: Config) {
  return `${config.publicUrl}${NOTIFY_PATH}`;
}

/**
 * The merchant's keys from the WECHATPAY_* settings (PEM files); a clear error names what is missing. WeChat Pay's
 * answers are verified with the WeChat Pay public key (WECHATPAY_PLATFORM_SERIAL and _PUBLIC_KEY), with platform
 * certificates downloaded from /v3/certificates (WECHATPAY_PLATFORM_CERTIFICATES=download), or with both.
 */
export function wechatpayKeys(config: Config): MerchantKeys {
  const w = config.wechatpay;
  const downloads = w.platformCertificates === 'download';
  if (!downloads && w.platformCertificates !== 'off') throw new Error(`WECHATPAY_PLATFORM_CERTIFICATES must be download or off, not "${w.platformCertificates}"`);
  const publicKey = !!(w.platformSerial || w.platformPublicKeyPath) || !downloads;
  const required: [string, string][] = [
    ['WECHATPAY_MCHID', w.mchid], ['WECHATPAY_APPID', w.appid], ['WECHATPAY_MERCHANT_SERIAL', w.merchantSerial],
    ['WECHATPAY_MERCHANT_PRIVATE_KEY', w.merchantPrivateKeyPath],
    ...(publicKey ? [['WECHATPAY_PLATFORM_SERIAL', w.platformSerial], ['WECHATPAY_PLATFORM_PUBLIC_KEY', w.platformPublicKeyPath]] as [string, string][] : []),
    ['WECHATPAY_APIV3_KEY', w.apiV3Key],
  ];
  const missing = required.filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw new Error(`WeChat Pay is the payment provider but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
  if (Buffer.byteLength(w.apiV3Key, 'utf8') !== 32) throw new Error('WECHATPAY_APIV3_KEY must be 32 bytes');
  // A public key PEM (WeChat Pay public key, PUB_KEY_ID_...) or a platform certificate PEM.
  const platform: PlatformKey[] = publicKey ? [{ serial: w.platformSerial, publicKey: createPublicKey(readFileSync(w.platformPublicKeyPath)) }] : [];
  return {
    mchid: w.mchid,
    appid: w.appid,
    merchantSerial: w.merchantSerial,
    merchantPrivateKey: createPrivateKey(readFileSync(w.merchantPrivateKeyPath)),
    platform,
    apiV3Key: w.apiV3Key,
  };
}

function injectTransport(app: FastifyInstance): Transport {
  return async (req) => {
    const res = await app.inject({ method: req.method, url: req.url, headers: req.headers, payload: req.method === 'GET' ? undefined : req.body });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v);
    return { status: res.statusCode, headers, body: res.body };
  };
}

async function build(app: FastifyInstance, ctx: Ctx): Promise<PaymentProvider> {
  const opts = { clock: ctx.clock, maxAgeSeconds: ctx.config.notificationMaxAgeSeconds };
  if (ctx.config.paymentProvider === 'wechatpay') {
    const keys = wechatpayKeys(ctx.config);
    const baseUrl = ctx.config.wechatpay.baseUrl;
    const trust = ctx.config.wechatpay.platformCertificates === 'download' ? certificateTrust(ctx, keys.mchid) : undefined;
    const client = new WechatPayClient(keys, fetchTransport(baseUrl), { ...opts, basePath: basePathOf(baseUrl), trust });
    // First start with certificates only: nothing is trusted until they are downloaded.
    if (trust && !keys.platform.length && !(await trust.keys()).length) await downloadCertificates(ctx, client, trust);
    return { name: 'wechatpay', client, certificates: trust, cashierUrl: () => undefined };
  }
  const k = await sandboxKeysOf(ctx.db);
  const keys: MerchantKeys = {
    mchid: k.mchid, appid: k.appid, merchantSerial: k.merchantSerial, merchantPrivateKey: createPrivateKey(k.merchantPrivateKey),
    platform: [{ serial: k.platformSerial, publicKey: createPublicKey(k.platformPublicKey) }], apiV3Key: k.apiV3Key,
  };
  return { name: 'sandbox', client: new WechatPayClient(keys, injectTransport(app), { ...opts, basePath: SANDBOX_PREFIX }), cashierUrl: sandboxCashierUrl };
}

/** The scheduler's sweep: downloads the platform certificates again when due (only with WeChat Pay and downloads on). */
export async function sweepPlatformCertificates(ctx: Ctx): Promise<number> {
  if (ctx.config.paymentProvider !== 'wechatpay' || ctx.config.wechatpay.platformCertificates !== 'download') return 0;
  return refreshWhenDue(ctx, async () => {
    const provider = await providerFor(ctx);
    return downloadCertificates(ctx, provider.client, provider.certificates!);
  }, paymentsLog(ctx));
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
