import { isIP } from 'node:net';
import path from 'node:path';

/** Every setting of Trio, typed, read once from the environment, with defaults. */
function timeZoneSetting(name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    throw new Error(`TRIO_TIME_ZONE must be an IANA time zone name such as Asia/Shanghai, got "${name}"`);
  }
  return name;
}

/** A PostgreSQL memory size (e.g. 32MB, 512kB, 1GB). */
function memorySize(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d*(kB|MB|GB)$/.test(raw)) throw new Error(`${name} must be a size such as 32MB, 512kB or 1GB, got "${raw}"`);
  return raw;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** A count of at least 1. */
function atLeastOne(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = int(env, name, fallback);
  if (value < 1) throw new Error(`${name} must be at least 1, got "${env[name]}"`);
  return value;
}

/** A share in basis points, 0 to 10000 (100 %). */
function bp(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = int(env, name, fallback);
  if (value < 0 || value > 10_000) throw new Error(`${name} is in basis points, 0 to 10000, got "${env[name]}"`);
  return value;
}

/** A number setting (fractions allowed) of at least `min`. */
function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}, got "${raw}"`);
  return value;
}

/** A setting that takes one of a few words; anything else stops the start with the words it takes. */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, words: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(words as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${words.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** Where the demo host page listens unless TRIO_DEMO_HOST_PORT says otherwise (0: not started). */
export const DEFAULT_DEMO_HOST_PORT = 3001;

/**
 * TRIO_TRUST_PROXY: the proxies in front of Trio that may say who the client is (X-Forwarded-For), as a comma list of
 * addresses, CIDR ranges, or proxy-addr's names loopback / linklocal / uniquelocal. Unset: none, the client is the
 * socket's peer. Never "every hop" (anyone could then name any address and walk past the per-address limits), and
 * no hop count either: a count cannot tell the proxy from a client that reaches Trio directly with forged hops
 * (Fastify 5.12.1 dropped it for that reason, GHSA-3m5p-2c4r-xxw2).
 */
export function trustProxySetting(raw: string | undefined): false | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const valid = (s: string) => {
    if (named.includes(s)) return true;
    const [addr, bits, extra] = s.split('/');
    const v = isIP(addr);
    if (v === 0 || extra !== undefined) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128));
  };
  if (list.length === 0 || !list.every(valid)) {
    const why = /^\d+$/.test(value)
      ? ' (a hop count cannot tell the proxy from a client with forged hops: name the proxy, e.g. "loopback" or "10.0.0.0/8")'
      : value === 'true' || value === '*' ? ' (trusting every hop would let any client choose its address)' : '';
    throw new Error(`TRIO_TRUST_PROXY must be a comma list of proxy addresses or ranges (or loopback, linklocal, uniquelocal), got "${raw}"${why}`);
  }
  return list;
}

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = path.resolve(env.TRIO_DATA_DIR || './data');
  const paymentProvider = (env.TRIO_PAYMENT_PROVIDER || (env.WECHATPAY_MCHID ? 'wechatpay' : 'sandbox')) as 'sandbox' | 'wechatpay';
  return {
    port: int(env, 'PORT', 3000),
    /** The interface the server listens on (default all of them). */
    host: env.HOST || '0.0.0.0',
    /**
     * Connections the kernel holds for the server before it accepts them (listen's backlog; the kernel caps it at
     * net.core.somaxconn). Node's own default, 511, is too few for a crowd arriving at once (a flash sale): the
     * connections beyond it are dropped and their clients retry after 1, 3, 7, 15 s.
     */
    listenBacklog: atLeastOne(env, 'TRIO_LISTEN_BACKLOG', 4096),
    /** Proxies believed about the client's address (see trustProxySetting). */
    trustProxy: trustProxySetting(env.TRIO_TRUST_PROXY),
    /** /metrics answers only with `Authorization: Bearer <token>` when set. */
    metricsToken: env.TRIO_METRICS_TOKEN || undefined,
    /** /metrics on a listener of its own on 127.0.0.1 at this port, and not on the main one. */
    metricsPort: env.TRIO_METRICS_PORT ? int(env, 'TRIO_METRICS_PORT', 0) : undefined,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    /**
     * PGlite's shared_buffers (PostgreSQL's default is 128MB): each process holds them in its own memory, and PGlite
     * reads through the system's file cache anyway, so a small value saves memory at little cost.
     */
    pgliteSharedBuffers: memorySize(env, 'TRIO_PGLITE_SHARED_BUFFERS', '32MB'),
    logLevel: env.LOG_LEVEL || 'info',
    /** Demo data: on by default with the sandbox; with a real payment provider only when TRIO_DEMO=on (and never demo orders). */
    seedDemo: env.TRIO_DEMO === 'on' || (env.TRIO_DEMO !== 'off' && paymentProvider === 'sandbox'),
    /**
     * TRIO_DEMO_HISTORY=1: on the first demo start, a history of TRIO_DEMO_HISTORY_DAYS days (default 400) at about
     * TRIO_DEMO_HISTORY_ORDERS_PER_DAY orders an ordinary day (default 60) is generated (src/demo/history.ts) and the
     * scheduler rolls it up, so the dashboards open on a year of growth. Off by default: the first start stays fast.
     */
    demoHistory: { on: env.TRIO_DEMO_HISTORY === '1', days: int(env, 'TRIO_DEMO_HISTORY_DAYS', 400), ordersPerDay: int(env, 'TRIO_DEMO_HISTORY_ORDERS_PER_DAY', 60) },
    /**
     * TRIO_ANALYTICS_STALE_MS: while the rollups move, a report whose last answer's build started less than this long
     * ago is answered from it and built again in the background (analytics/report-cache.ts); 0: every answer is built
     * on the rollups as they are now.
     */
    analyticsStaleMs: int(env, 'TRIO_ANALYTICS_STALE_MS', 30_000),
    /** TRIO_EVENT_CAPTURE=off: product events (exposures, clicks, views, add-to-carts) are not recorded (the analytics bench compares checkout with it on and off). */
    eventCapture: env.TRIO_EVENT_CAPTURE !== 'off',
    runScheduler: env.TRIO_SCHEDULER !== 'off',
    /** Prints one line, `startup phases: {...}`, with the milliseconds each step of the start took (to find what a slow start spends). */
    startupProfile: env.TRIO_STARTUP_PROFILE === '1',
    /** On SIGTERM, in-flight requests and the running sweep get this long to finish before the process exits anyway (code 1). */
    shutdownGraceMs: int(env, 'TRIO_SHUTDOWN_GRACE_MS', 30_000),
    /**
     * How long one step of building the HTTP app (a Fastify plugin: the API document, its /docs pages, static files)
     * may take before the start fails. Fastify's own 10 s failed a start on a machine busy with other work (CI, load
     * 10 on two cores), while the step itself takes milliseconds.
     */
    pluginTimeoutMs: int(env, 'TRIO_PLUGIN_TIMEOUT_MS', 120_000),
    /**
     * The longest a request waits for a database connection (PostgreSQL not answering, or every pooled connection busy)
     * before it is answered 503 database_unavailable. A server that is down refuses at once; this bounds the rest.
     */
    dbConnectTimeoutMs: int(env, 'TRIO_DB_CONNECT_TIMEOUT_MS', 30_000),
    /**
     * PostgreSQL connections this process keeps in its pool (the scheduler and LISTEN connections come on top). Mind
     * the server's max_connections over all processes.
     */
    dbPoolSize: atLeastOne(env, 'TRIO_DB_POOL_SIZE', 10),
    /**
     * PostgreSQL: every this many milliseconds one process analyzes the tables whose rows changed by more than 50 + 10 %
     * since their last analysis, a table that doubled at once, others at most once a minute (src/db/statistics.ts), so
     * cached plans follow a growing database; 0 turns it off.
     */
    dbAnalyzeIntervalMs: int(env, 'TRIO_DB_ANALYZE_INTERVAL_MS', 5_000),
    /** Sessions expire this many hours after sign-in. */
    sessionTtlHours: int(env, 'TRIO_SESSION_TTL_HOURS', 24 * 7),
    /** Failed sign-ins per e-mail within the window before sign-in is refused. */
    loginMaxFailuresPerEmail: int(env, 'TRIO_LOGIN_MAX_FAILURES', 5),
    loginMaxFailuresPerIp: int(env, 'TRIO_LOGIN_MAX_FAILURES_PER_IP', 30),
    loginWindowMinutes: int(env, 'TRIO_LOGIN_WINDOW_MINUTES', 15),
    /**
     * Abuse limits (kernel/rate-limit.ts), counted in the database so every process shares them: at most `max`
     * requests per subject (a client address, or a signed-in account) within `windowMinutes`, then 429.
     */
    limits: {
      /** Accounts created per client address (each costs a 32 MiB scrypt hash). */
      register: { max: int(env, 'TRIO_REGISTER_MAX_PER_ADDRESS', 100), windowMinutes: int(env, 'TRIO_REGISTER_WINDOW_MINUTES', 60) },
      /** Sign-in requests per client address, failed or not (failures have their own limits above). */
      login: { max: int(env, 'TRIO_LOGIN_MAX_PER_ADDRESS', 300), windowMinutes: int(env, 'TRIO_LOGIN_WINDOW_MINUTES', 15) },
      /** Gift claims and lottery joins per account. */
      claim: { max: int(env, 'TRIO_CLAIM_MAX_PER_ACCOUNT', 60), windowMinutes: int(env, 'TRIO_CLAIM_WINDOW_MINUTES', 10) },
      /** Uploads (qualification documents, product images, after-sales photos) per account or API key. */
      upload: { max: int(env, 'TRIO_UPLOAD_MAX_PER_ACCOUNT', 300), windowMinutes: int(env, 'TRIO_UPLOAD_WINDOW_MINUTES', 10) },
      /** Storefront event reports (products seen and clicked in lists, POST /api/storefront/events) per client address. */
      events: { max: int(env, 'TRIO_EVENTS_MAX_PER_ADDRESS', 600), windowMinutes: int(env, 'TRIO_EVENTS_WINDOW_MINUTES', 10) },
    },
    /**
     * A visitor's same product event (a page view, an exposure or a click, per product and channel) within this many
     * seconds of the last one counted is left out: refreshing a page does not add views. 0 counts every one.
     */
    viewDedupeSeconds: int(env, 'TRIO_VIEW_DEDUPE_SECONDS', 60),
    /** Largest JSON body accepted, in bytes. */
    bodyLimitBytes: int(env, 'TRIO_BODY_LIMIT_BYTES', 1024 * 1024),
    /** Largest qualification document accepted, in bytes. */
    uploadMaxBytes: int(env, 'TRIO_UPLOAD_MAX_BYTES', 5 * 1024 * 1024),
    /** A qualification document that is an image must be at least this many pixels on its shorter side to be read. */
    documentMinSidePx: int(env, 'TRIO_DOCUMENT_MIN_SIDE_PX', 100),
    /** A mini-site's upload of a buyer's customisation file (image or PDF): at most this many bytes, else 413. */
    customMediaMaxBytes: int(env, 'TRIO_CUSTOM_MEDIA_MAX_BYTES', 10 * 1024 * 1024),
    /** How long the merchant's download link of a customisation file works. */
    customFileLinkMinutes: int(env, 'TRIO_CUSTOM_FILE_LINK_MINUTES', 10),
    /** A legal entity may hold at most this many stores that are not closed. */
    maxStoresPerEntity: int(env, 'TRIO_MAX_STORES_PER_ENTITY', 5),
    /** A bulk deposit cut may reduce a deposit by at most this many basis points. */
    maxDepositCutBp: int(env, 'TRIO_MAX_DEPOSIT_CUT_BP', 5000),
    /** Largest product image accepted, in bytes. */
    imageMaxBytes: int(env, 'TRIO_IMAGE_MAX_BYTES', 8 * 1024 * 1024),
    /** A hosted mini-site (/m/<slug>) has at most this many sections. */
    miniSiteMaxSections: int(env, 'TRIO_MINI_SITE_MAX_SECTIONS', 30),
    /** Highest SKU price the platform accepts, in minor units (default 1,000,000.00 yuan). */
    priceCapMinor: int(env, 'TRIO_PRICE_CAP_MINOR', 100_000_000),
    /** Platform currency for deposits. */
    currency: env.TRIO_CURRENCY || 'CNY',
    /** The platform's time zone (IANA name): where "today" starts on the merchant's dashboard. */
    timeZone: timeZoneSetting(env.TRIO_TIME_ZONE || 'Asia/Shanghai'),
    /** A SKU with at most this many units left counts as low on stock (dashboard and the products filter). */
    lowStockThreshold: int(env, 'TRIO_LOW_STOCK_THRESHOLD', 5),
    /** The storefront home's "popular" row counts paid quantities over this many days. */
    popularDays: int(env, 'TRIO_POPULAR_DAYS', 7),

    // Orders
    /** An unpaid order is cancelled (stock returns) this many minutes after checkout. */
    paymentTimeoutMinutes: int(env, 'TRIO_PAYMENT_TIMEOUT_MINUTES', 30),
    /** Receipt is confirmed for the buyer this many days after the last shipment. */
    autoReceiptDays: int(env, 'TRIO_AUTO_RECEIPT_DAYS', 10),
    /** After-sales window after receipt, in days; the order is settled when it has passed. */
    afterSalesDays: int(env, 'TRIO_AFTER_SALES_DAYS', 7),
    /** Most lines a cart holds. */
    cartMaxLines: int(env, 'TRIO_CART_MAX_LINES', 100),
    /** How often the scheduler sweeps due timeouts, in milliseconds, and how many rows one sweep takes. */
    schedulerIntervalMs: int(env, 'TRIO_SCHEDULER_INTERVAL_MS', 5000),
    schedulerBatch: int(env, 'TRIO_SCHEDULER_BATCH', 200),

    // After-sales (each deadline is swept by the scheduler)
    /** A request the merchant leaves unanswered this long is accepted. */
    afterSalesMerchantResponseHours: int(env, 'TRIO_AFTERSALES_MERCHANT_RESPONSE_HOURS', 48),
    /** An accepted return the buyer has not shipped back within this many days is closed. */
    afterSalesBuyerReturnDays: int(env, 'TRIO_AFTERSALES_BUYER_RETURN_DAYS', 7),
    /** A shipped return the merchant has not confirmed within this many days is refunded anyway. */
    afterSalesMerchantReceiptDays: int(env, 'TRIO_AFTERSALES_MERCHANT_RECEIPT_DAYS', 10),
    /** After a rejection the buyer may open a dispute for this many days. */
    afterSalesDisputeWindowDays: int(env, 'TRIO_AFTERSALES_DISPUTE_WINDOW_DAYS', 7),
    /** A reshipped exchange is complete this many days after reshipment unless the buyer confirms sooner. */
    afterSalesExchangeReceiptDays: int(env, 'TRIO_AFTERSALES_EXCHANGE_RECEIPT_DAYS', 10),
    /** Photos per request, and the largest photo accepted (bytes). */
    afterSalesMaxPhotos: int(env, 'TRIO_AFTERSALES_MAX_PHOTOS', 9),
    afterSalesPhotoMaxBytes: int(env, 'TRIO_AFTERSALES_PHOTO_MAX_BYTES', 8 * 1024 * 1024),
    /** Return addresses a store may keep. */
    returnAddressesMax: int(env, 'TRIO_RETURN_ADDRESSES_MAX', 20),

    // Payments
    /** 'sandbox' (default: a local stand-in for WeChat Pay inside Trio) or 'wechatpay' (the real service). */
    paymentProvider,
    /** Where the outside world reaches any live process of this Trio (the load balancer); payment notify_url is built from it. */
    publicUrl: (env.TRIO_PUBLIC_URL || `http://localhost:${int(env, 'PORT', 3000)}`).replace(/\/$/, ''),
    wechatpay: {
      mchid: env.WECHATPAY_MCHID || '',
      appid: env.WECHATPAY_APPID || '',
      merchantSerial: env.WECHATPAY_MERCHANT_SERIAL || '',
      /** PEM file paths. */
      merchantPrivateKeyPath: env.WECHATPAY_MERCHANT_PRIVATE_KEY || '',
      platformSerial: env.WECHATPAY_PLATFORM_SERIAL || '',
      platformPublicKeyPath: env.WECHATPAY_PLATFORM_PUBLIC_KEY || '',
      apiV3Key: env.WECHATPAY_APIV3_KEY || '',
      baseUrl: (env.WECHATPAY_BASE_URL || 'https://api.mch.weixin.qq.com').replace(/\/$/, ''),
      /** 'download': platform certificates from /v3/certificates (default when no WeChat Pay public key is set), or 'off'. */
      platformCertificates: (env.WECHATPAY_PLATFORM_CERTIFICATES || (env.WECHATPAY_PLATFORM_PUBLIC_KEY ? 'off' : 'download')) as 'download' | 'off',
      /** The platform certificates are downloaded again this often (minutes); a failed download is retried after a minute. */
      certificateRefreshMinutes: int(env, 'WECHATPAY_CERTIFICATE_REFRESH_MINUTES', 60),
    },
    /** Notifications whose Wechatpay-Timestamp is further than this from now are refused (replay protection). */
    notificationMaxAgeSeconds: int(env, 'TRIO_NOTIFICATION_MAX_AGE_SECONDS', 300),
    /** Failed refunds are retried after this many seconds (doubling), up to this many attempts. */
    refundRetrySeconds: int(env, 'TRIO_REFUND_RETRY_SECONDS', 60),
    refundMaxAttempts: int(env, 'TRIO_REFUND_MAX_ATTEMPTS', 8),
    /**
     * A payment attempt is asked about at the provider until its answer is final: first this many seconds after it is
     * made (at once when Trio closes it), then after doubling delays of at most the second setting.
     */
    paymentCheckSeconds: int(env, 'TRIO_PAYMENT_CHECK_SECONDS', 60),
    paymentCheckMaxSeconds: int(env, 'TRIO_PAYMENT_CHECK_MAX_SECONDS', 3600),
    /** The sandbox keeps a refund PROCESSING this many seconds before it succeeds (finished by the scheduler). */
    sandboxRefundSeconds: int(env, 'TRIO_SANDBOX_REFUND_SECONDS', 0),
    /** The sandbox keeps a profit-sharing order PROCESSING this many seconds before it finishes (by the scheduler). */
    sandboxProfitSharingSeconds: int(env, 'TRIO_SANDBOX_PROFIT_SHARING_SECONDS', 0),
    /**
     * Which platform key the sandbox signs its answers and notifications with, as a WeChat Pay merchant chooses:
     * 'public_key' (the WeChat Pay public key, the default) or 'certificate' (its platform certificate's key, for a
     * merchant that trusts downloaded certificates only). /v3/certificates is always signed with the certificate.
     */
    sandboxSignWith: oneOf(env, 'TRIO_SANDBOX_SIGN_WITH', ['public_key', 'certificate'] as const, 'public_key'),

    // Withdrawals (a store's settled balance paid out by profit sharing)
    /** A withdrawal of at most this much (minor units) is approved at once; a larger one waits for the operator. */
    withdrawalAutoLimit: int(env, 'TRIO_WITHDRAWAL_AUTO_LIMIT', 100_000),
    /** A profit-sharing call that failed is tried again after this many seconds (doubling, at most 6 h), until the provider's answer is final. */
    withdrawalRetrySeconds: int(env, 'TRIO_WITHDRAWAL_RETRY_SECONDS', 60),
    /** A profit-sharing order the provider is still processing is asked about again after this many seconds. */
    withdrawalCheckSeconds: int(env, 'TRIO_WITHDRAWAL_CHECK_SECONDS', 60),
    /**
     * The largest share of one payment transaction WeChat Pay lets the merchant split to receivers, in basis points
     * (3000 = 30 %, the default for a direct merchant; a service provider may have it raised). Every withdrawal's
     * profit-sharing orders of one transaction together stay within it; the sandbox refuses more, as WeChat Pay does.
     */
    profitSharingMaxBp: bp(env, 'TRIO_PROFIT_SHARING_MAX_BP', 3000),

    // Coupons
    /** The largest flat reduction a coupon may take off (minor units; default 200 yuan). */
    couponFlatMax: int(env, 'TRIO_COUPON_FLAT_MAX', 20_000),

    // Gifts
    /** Highest SKU price that may be sent as a gift, in minor units (default 10,000.00 yuan). */
    giftPriceCapMinor: int(env, 'TRIO_GIFT_PRICE_CAP_MINOR', 1_000_000),
    /** A paid gift's units not claimed within this many hours are given back (refund to the giver, stock back). */
    giftClaimHours: int(env, 'TRIO_GIFT_CLAIM_HOURS', 24),
    /** Look-ups of unknown gift links per client address within 10 minutes before look-ups are refused (429). */
    giftTokenMissLimit: int(env, 'TRIO_GIFT_TOKEN_MISS_LIMIT', 20),

    // Mini-sites (links)
    /** A store's invitation to a mini-site that its owners leave unanswered this many days expires (swept). */
    miniSiteInviteDays: int(env, 'TRIO_MINISITE_INVITE_DAYS', 7),
    // Cooperation gifts (src/modules/minisite/gift-activities.ts)
    /** SKUs one gift activity may hold. */
    giftActivitySkusMax: int(env, 'TRIO_GIFT_ACTIVITY_SKUS_MAX', 50),
    /** Units one SKU's pool in an activity may hold. */
    giftActivityPoolMax: int(env, 'TRIO_GIFT_ACTIVITY_POOL_MAX', 100_000),
    /** Items in one cooperation gift. */
    giftActivityGiftQuantityMax: int(env, 'TRIO_GIFT_ACTIVITY_GIFT_QUANTITY_MAX', 99),
    /** A mini-site's gift request id answers the same gift for this many hours; then the record is swept. */
    miniSiteGiftRequestHours: int(env, 'TRIO_MINISITE_GIFT_REQUEST_HOURS', 168),
    // Mini-site order notices (src/modules/minisite/notices.ts)
    /** A notice POST to a callback URL that has not answered within this many milliseconds is a failed try. */
    noticeTimeoutMs: int(env, 'TRIO_NOTICE_TIMEOUT_MS', 10_000),
    /**
     * The retry schedule (src/kernel/delivery-rules.ts, shared with webhooks) times this: 1 keeps 0 s … 60 min; 0.01 makes its 3.6 h about 2 min
     * (the order-notices benchmark).
     */
    noticeDelayScale: num(env, 'TRIO_NOTICE_DELAY_SCALE', 1, 0),
    /**
     * A process sending a notice holds it this many seconds; if it dies mid-call, another process tries the notice
     * once the lease has run out. Must be longer than the timeout.
     */
    noticeLeaseSeconds: int(env, 'TRIO_NOTICE_LEASE_SECONDS', 60),
    /** Notices one process sends at once. */
    noticeConcurrency: int(env, 'TRIO_NOTICE_CONCURRENCY', 16),
    // Merchant webhooks (src/modules/webhooks): the same retry schedule as the order notices, settings of their own
    /** A webhook POST that has not been answered within this many milliseconds is a failed try. */
    webhookTimeoutMs: int(env, 'TRIO_WEBHOOK_TIMEOUT_MS', 10_000),
    /** Times the retry schedule (src/kernel/delivery-rules.ts): 1 keeps 0 s … 60 min (3.6 h); the benchmark makes it shorter. */
    webhookDelayScale: num(env, 'TRIO_WEBHOOK_DELAY_SCALE', 1, 0),
    /** A process sending a webhook holds it this many seconds; if it dies mid-call, another process sends it then. */
    webhookLeaseSeconds: int(env, 'TRIO_WEBHOOK_LEASE_SECONDS', 60),
    /** Webhooks one process sends at once. */
    webhookConcurrency: int(env, 'TRIO_WEBHOOK_CONCURRENCY', 16),
    /**
     * An endpoint whose tries have all failed for this many hours (no 2xx since its first failure) is disabled, with a
     * notice to the merchant in the console; its pending deliveries wait until it is enabled again.
     */
    webhookDisableAfterHours: num(env, 'TRIO_WEBHOOK_DISABLE_AFTER_HOURS', 24, 0),
    /** Endpoints one store may have. */
    webhookEndpointsMax: int(env, 'TRIO_WEBHOOK_ENDPOINTS_MAX', 20),
    // Embeddable components (M6: /components.js and /api/components/*)
    /** A component token (what a product or gift card gets for its origin and mini-site) is valid this many seconds. */
    componentTokenSeconds: int(env, 'TRIO_COMPONENT_TOKEN_SECONDS', 600),
    /** Live-data streams (Server-Sent Events) one process keeps open at most; past it a card falls back to polling. */
    componentLiveMaxStreams: int(env, 'TRIO_COMPONENT_LIVE_MAX_STREAMS', 2000),
    /** Products one live-data stream may follow. */
    componentLiveMaxProducts: int(env, 'TRIO_COMPONENT_LIVE_MAX_PRODUCTS', 50),
    /** A comment line is sent on an idle stream this often, so proxies keep it open. */
    componentLiveKeepAliveMs: int(env, 'TRIO_COMPONENT_LIVE_KEEPALIVE_MS', 25_000),
    // Service account (M7)
    /** A store may answer a buyer's message within this many hours of the buyer's last message (WeChat's rule: 48). */
    serviceReplyWindowHours: int(env, 'TRIO_SERVICE_REPLY_WINDOW_HOURS', 48),
    /** Live inbox streams (Server-Sent Events) one process keeps open at most; past it the inbox polls. */
    inboxLiveMaxStreams: int(env, 'TRIO_INBOX_LIVE_MAX_STREAMS', 5000),
    /** A comment line is sent on an idle inbox stream this often, so proxies keep it open. */
    inboxLiveKeepAliveMs: int(env, 'TRIO_INBOX_LIVE_KEEPALIVE_MS', 25_000),
    /**
     * Broadcasts each follower may get from a store per calendar month (in the store's time zone, else TRIO_TIME_ZONE);
     * those over it are counted and skipped; 0: none (WeChat's rule for service accounts: 4).
     */
    broadcastMonthlyQuota: int(env, 'TRIO_BROADCAST_MONTHLY_QUOTA', 4),
    /** A buyer hears that an unused coupon expires this many hours before it does (once per coupon). */
    couponExpiringNoticeHours: int(env, 'TRIO_COUPON_EXPIRING_NOTICE_HOURS', 48),
    /** A buyer hears that a lot of points expires this many days before it does (once per lot). */
    pointsExpiringNoticeDays: int(env, 'TRIO_POINTS_EXPIRING_NOTICE_DAYS', 7),
    /** The demo host page (examples/host-page, another origin embedding the components) listens here in demo mode; 0: not started. */
    demoHostPort: int(env, 'TRIO_DEMO_HOST_PORT', DEFAULT_DEMO_HOST_PORT),
  };
}
